import { LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Language } from '@casepath/core';
import { languageOf, msg } from '../i18n/localize.js';
import type { MessageKey } from '../i18n/messages.js';
import type { CaseStore, StoreStatus } from '../storage/case-store.js';
import { caseStoreFor } from '../storage/idb-case-store.js';

/**
 * What every Casepath widget shares: the language (its `lang` or the page's), easy-read mode,
 * the organisation's store, and the store's status for the "could not save" notice.
 */
export class CasepathElement extends LitElement {
  /** Organisation whose local database to use (one IndexedDB database per organisation). */
  @property({ reflect: true }) organisation = 'default';
  /** Short sentences, one thing a screen, large targets: for clients with intellectual disabilities. */
  @property({ type: Boolean, reflect: true, attribute: 'easy-read' }) easyRead = false;
  /** Language; by default the nearest `lang` on the page. */
  @property({ reflect: true }) override lang = '';

  @state() protected storeStatus: StoreStatus = 'ok';
  private injectedStore: CaseStore | null = null;
  private unsubscribe: (() => void) | null = null;

  /** The store; set it to use another implementation (tests, a server-backed store). */
  get store(): CaseStore {
    return this.injectedStore ?? caseStoreFor(this.organisation);
  }
  set store(store: CaseStore) {
    this.injectedStore = store;
    if (this.isConnected) this.watchStore();
  }

  protected get language(): Language {
    return languageOf(this);
  }

  protected t(key: MessageKey, values?: Record<string, string | number>): string {
    return msg(this.language, key, values);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.watchStore();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private watchStore(): void {
    this.unsubscribe?.();
    const store = this.store;
    this.storeStatus = store.status;
    this.unsubscribe = store.subscribe((change) => {
      this.storeStatus = store.status;
      this.storeChanged(change.caseId);
    });
  }

  /** Called when the store changes (in this tab or another); override to reload. */
  protected storeChanged(_caseId: string | undefined): void {}
}
