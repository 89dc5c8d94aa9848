import { html, LitElement, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { type Actor, type Language, type PlanTemplate, type RecordConflict, type RecordRequest, type RefusalReason, type Role } from '@casepath/core';
import { onSignedInChange, signedInActor, signInExpected } from './signed-in.js';
import { onDirectoryChange, personName } from './directory.js';
import { areWordsLoaded, isLanguageLoaded, languageOf, loadLanguage, loadWords, msg, onPageLanguageChange } from '../i18n/localize.js';
import type { MessageKey, WordBundle } from '../i18n/messages.js';
import { templatesById, type CaseStore, type DraftToKeep, type RecordResult, type StoreChange, type StoreStatus, type TemplateResolver } from '../storage/case-store.js';
import { caseStoreFor } from '../storage/idb-case-store.js';
import type * as TypedFieldsModule from './typed-fields.js';

/**
 * How a widget's record went: the store's answer; `failed` when the device threw; `sign-in` when
 * nothing was recorded because the page works with a server and nobody is signed in yet.
 */
export type WidgetRecordResult = RecordResult | { status: 'failed'; reason: string } | { status: 'sign-in' };

/** Refusals only a server decides, said with the staff words `refusal.<rule>`. */
const SERVER_RULES: readonly string[] = ['not-found', 'unknown-worker', 'not-yours', 'health-data-undeclared'];

/**
 * What keeps a worker's typing through a lock of the device's records and a move to another case
 * (see `CasepathElement.typingAway`): loaded once records were opened on this page, since only a
 * sealed store locks, and given by the case widgets' module (see {@link keepTypingWith}), so that
 * public pages do not carry it.
 */
let typing: typeof TypedFieldsModule | null = null;
let typingLoad: Promise<unknown> | null = null;
function loadTyping(): void {
  typingLoad ??= import('./typed-fields.js').then(
    (m) => (typing = m),
    () => (typingLoad = null), // tried again at the next opening
  );
}

/** Gives the widgets what keeps typing, loaded already: a module that moves between cases needs it at once. */
export function keepTypingWith(module: typeof TypedFieldsModule): void {
  typing = module;
  typingLoad = Promise.resolve(module);
}

/**
 * What every Casepath widget shares: the language (its `lang` or the page's), easy-read mode,
 * the organisation's store, and the store's status for the "could not save" notice.
 */
export class CasepathElement extends LitElement {
  /** The bundles of words the component shows beyond the public ones; they load on demand in every language. */
  protected static words: readonly WordBundle[] = [];

  /** Organisation whose local database to use (one IndexedDB database per organisation). */
  @property({ reflect: true }) organisation = 'default';
  /** Short sentences, one thing a screen, large targets: for clients with intellectual disabilities. */
  @property({ type: Boolean, reflect: true, attribute: 'easy-read' }) easyRead = false;

  /**
   * The organisation's own templates, keyed by id; a case's template is looked up here first,
   * then among the built-in ones (each loaded when a case first needs it).
   */
  @property({ attribute: false }) templates: Readonly<Record<string, PlanTemplate>> = {};

  /**
   * Workers' names by id, for a page without a server; signed in through `<cp-sync>`, the
   * organisation's directory is used.
   */
  @property({ attribute: false }) people: Readonly<Record<string, string>> = {};

  @state() protected storeStatus: StoreStatus = 'ok';
  /**
   * True once the store's records are locked (the worker signed out, or locked the device, here or
   * in another tab), until they are opened again: widgets that show records render
   * {@link renderRecordsLocked} instead, so what they showed leaves the screen with the key.
   */
  @state() protected recordsLocked = false;
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

  /** A worker's name, or undefined when neither `people` nor the directory knows the id. */
  protected nameOf(workerId: string): string | undefined {
    return (Object.hasOwn(this.people, workerId) ? this.people[workerId] : undefined) ?? personName(this.organisation, workerId);
  }

  protected get language(): Language {
    return languageOf(this);
  }

  /**
   * Who records what is done here: the worker signed in on this page (`<cp-sync>`), or else the
   * widget's `actor-id` and `actor-role`.
   */
  protected actor(id: string, role: Role): Actor {
    return signedInActor(this.organisation) ?? { id, role };
  }

  /**
   * Whether what `role` would record here waits for a worker to sign in (see
   * {@link recordInStore}): a widget offers no action that could only say so.
   */
  protected waitsForSignIn(role: Role): boolean {
    return role !== 'client' && signedInActor(this.organisation) === null && signInExpected(this.organisation);
  }

  /**
   * Records through the store with the page's templates, the one way widgets record. On a page
   * that works with a server, staff record nothing before a worker has signed in: the change
   * would carry the widget's `actor-id`, someone else, and the server would refuse it. A person's
   * own answers (`client`) are recorded as always.
   */
  protected recordInStore(request: RecordRequest): Promise<WidgetRecordResult> {
    if (request.drafts.some((d) => this.waitsForSignIn(d.actor.role))) return Promise.resolve({ status: 'sign-in' });
    return this.store.record(request, this.templateResolver).catch((error: unknown) => ({ status: 'failed' as const, reason: (error as Error).message }));
  }

  /**
   * Looks a case's template up by the id and version of its `case.open`: the page's `templates`,
   * then the built-in ones (its `prepare` loads them). Give it to `store.record` to record as the
   * widgets do.
   */
  get templateResolver(): TemplateResolver {
    return templatesById(this.templates);
  }

  /**
   * What to tell the person about a record that was not saved, in their language; '' when saved.
   * A conflict says who changed the case in the meantime.
   */
  protected recordMessage(result: WidgetRecordResult): string {
    switch (result.status) {
      case 'saved':
        return '';
      case 'sign-in':
        return this.t('record.signIn');
      case 'pending':
        return this.t('record.pending');
      case 'failed':
        return this.t('record.failed', { reason: result.reason });
      case 'refused':
        return this.refusalMessage(result.conflict);
    }
  }

  protected refusalMessage(conflict: RecordConflict, template?: PlanTemplate | null): string {
    // In the staff widgets' words (the public ones record nothing that needs more than taking part).
    const consent = conflict.rule === 'consent-missing' && conflict.purpose ? this.t('record.consentMissing', { purpose: this.t(`purpose.${conflict.purpose}`) }) : '';
    if (consent) return consent;
    if (conflict.rule === 'concurrent-change' && conflict.changedSince.length) {
      const who = [...new Set(conflict.changedSince.map((e) => this.nameOf(e.actor.id) ?? e.actor.id))].join(', ');
      return this.t('record.concurrent', { who });
    }
    // Kept by the server for a change this device has not received yet (its pull brings it): the
    // same, without the names, rather than the server's English words.
    if (conflict.rule === 'concurrent-change') return this.t('record.refused', { reason: this.t('refusal.concurrent-change') || conflict.reason });
    // Rules only a server decides: a case the worker may no longer record in (handed over,
    // erased), someone put on the team who cannot work on the case, a change recorded in a role
    // the worker did not hold then, health answers not declared (an old page).
    const serverRule = conflict.rule as string;
    if (SERVER_RULES.includes(serverRule)) return this.t('record.refused', { reason: this.t(`refusal.${serverRule as 'not-found'}`) || conflict.reason });
    return this.t('record.refused', { reason: (conflict.because && this.refusalReason(conflict.because, conflict.reason, template)) || conflict.reason });
  }

  /**
   * A refusal's reason in the page's language, or null for core's English words. The staff
   * widgets say it with their words and the case's titles (`refusalText`); the public ones, whose
   * pages must stay small, keep English for what only staff can run into.
   */
  protected refusalReason(_because: RefusalReason, _english: string, _template?: PlanTemplate | null): string | null {
    return null;
  }

  /** What a widget that shows records shows while they are locked (see {@link recordsLocked}). */
  protected renderRecordsLocked(): TemplateResult {
    return html`<div part="base"><p class="locked" role="status">${this.t('records.locked')}</p></div>`;
  }

  protected t(key: MessageKey, values?: Record<string, string | number>): string {
    return msg(this.language, key, values);
  }

  private languageReady: Promise<void> = Promise.resolve();

  /** Resolves once the component's words are loaded in its language: show a form only then, never with empty labels. */
  protected wordsLoaded(): Promise<void> {
    const lang = this.language;
    const bundles = (this.constructor as typeof CasepathElement).words;
    return Promise.all([loadLanguage(lang), ...bundles.map((b) => loadWords(b, lang))]).then(() => undefined);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    const lang = this.language;
    const bundles = (this.constructor as typeof CasepathElement).words;
    this.languageReady = Promise.all([loadLanguage(lang), ...bundles.map((b) => loadWords(b, lang))]).then(() => {
      if (this.renderedLanguage !== lang) this.requestUpdate();
    });
  }

  private renderedLanguage: Language | null = null;

  /** Whether the component's words are loaded in its language: a form renders only then, never with empty labels. */
  protected get wordsReady(): boolean {
    const bundles = (this.constructor as typeof CasepathElement).words;
    return isLanguageLoaded(this.language) && bundles.every((b) => areWordsLoaded(b, this.language));
  }

  /**
   * Renders only once the component's words are loaded in its language (they load on demand), so
   * no form ever shows with empty labels, not even for a frame; the update waits for them.
   */
  protected override async scheduleUpdate(): Promise<unknown> {
    if (!this.wordsReady) await this.wordsLoaded().catch(() => undefined);
    return super.scheduleUpdate();
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    if (this.givesTypingBack && !this.recordsLocked && this.showsTypingPlace()) {
      this.givesTypingBack = false;
      if (this.typingAway?.giveBack(this.renderRoot, this.typingPlace)) this.giveTypingBack();
    }
    // Remember the language only once its own words were on screen (not the English fallback).
    this.renderedLanguage = this.wordsReady ? this.language : null;
  }

  private pendingLoad: Promise<void> | null = null;

  /**
   * Starts reading what the component shows (from the store, or given data); `updateComplete`
   * waits for the latest such load, so `await el.updateComplete` sees its result.
   */
  protected startLoad(load: () => Promise<void>): void {
    const current = load().finally(() => {
      if (this.pendingLoad === current) this.pendingLoad = null;
    });
    this.pendingLoad = current;
  }

  /** Also waits for the language's messages and the latest load, so `await el.updateComplete` sees them. */
  protected override async getUpdateComplete(): Promise<boolean> {
    // A load can start during an update (the first one starts reading the store), and a load's
    // result schedules another update: wait until neither is left.
    let done: boolean;
    do {
      while (this.pendingLoad) await this.pendingLoad;
      await typingLoad;
      done = await super.getUpdateComplete();
      await this.languageReady;
    } while (this.pendingLoad || this.isUpdatePending);
    return done;
  }

  private unwatchDirectory: (() => void) | null = null;
  private unwatchLanguage: (() => void) | null = null;
  private unwatchWorker: (() => void) | null = null;

  /**
   * Called when the page is hidden (another app, a locked screen, another tab) or left (a reload,
   * a closed tab) while this element is on it: the moment to put on disk what a person typed and
   * has not saved. A phone's browser may end a hidden tab without a word, and a page that ends
   * waits for no answer, so the write begins in that very turn (`CaseStore.writeDraftsNow`).
   */
  protected pageHidden(): void {}

  private readonly onPageHidden = (e: Event): void => {
    if (e.type === 'pagehide' || document.visibilityState === 'hidden') this.pageHidden();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('pagehide', this.onPageHidden);
    document.addEventListener('visibilitychange', this.onPageHidden);
    this.watchStore();
    this.unwatchDirectory = onDirectoryChange(() => this.requestUpdate());
    // The page's language set (or changed) after this was drawn: drawn again in it.
    this.unwatchLanguage = onPageLanguageChange(() => this.requestUpdate());
    // A worker signed in or out: what they may do here changes (see waitsForSignIn).
    this.unwatchWorker = onSignedInChange(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pagehide', this.onPageHidden);
    document.removeEventListener('visibilitychange', this.onPageHidden);
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.unwatchDirectory?.();
    this.unwatchDirectory = null;
    this.unwatchLanguage?.();
    this.unwatchLanguage = null;
    this.unwatchWorker?.();
    this.unwatchWorker = null;
  }

  private watchStore(): void {
    this.unsubscribe?.();
    const store = this.store;
    this.storeStatus = store.status;
    const unhook = this.typingToKeep && store.beforeLock?.(() => this.typingToKeep!());
    const unsubscribe = store.subscribe((change) => {
      this.storeStatus = store.status;
      if (change.locked === true) {
        this.lockChanges++;
        // What was typed and not saved goes with the forms; kept in memory for whoever had them open.
        if (!this.recordsLocked) {
          if (this.showsTypingPlace()) this.putTypingAway(this.typingPlace);
          if (this.typingAway) this.typingAway.by = change.by;
        }
        this.recordsLocked = true;
      } else if (change.locked === false) {
        loadTyping();
        if (this.recordsLocked) void this.showOpenedRecords(change.by);
      }
      this.storeChanged(change.caseId, change);
      if (change.refused) this.recordRefused(change.refused);
    });
    this.unsubscribe = () => {
      unhook?.();
      unsubscribe();
    };
  }

  /**
   * Asked as the records lock, while their key is here: what a widget keeps of its worker's typing
   * on disk, sealed then and written as they lock (see `CaseElement`).
   */
  protected typingToKeep?(): readonly DraftToKeep[];

  /** Counts the records' locks and openings, so that an opening overtaken by a new lock shows nothing. */
  private lockChanges = 0;

  /**
   * What the person typed in this widget's forms and has not saved, put away when the records were
   * locked or the widget moved to another case, by where it belongs ({@link typingPlace}); in this
   * page's memory only, never stored.
   */
  protected typingAway: TypedFieldsModule.TypingAway | null = null;
  /** True until what was put away for the place shown goes back into its fields, once they are drawn. */
  private givesTypingBack = false;

  /**
   * Where what is typed in this widget belongs: '' for a widget of no one record; a case's widget
   * names the case, so that typing follows the case, not the widget.
   */
  protected get typingPlace(): string {
    return '';
  }

  /** Whether the fields drawn now are those of {@link typingPlace} (a case widget reads its case first). */
  protected showsTypingPlace(): boolean {
    return true;
  }

  /**
   * Puts what was typed in the fields shown away for `place`, to give back when it is shown again;
   * what is in `saving` waits for the save being written from it (see `TypingAway`).
   */
  protected putTypingAway(place: string, saving?: readonly Element[]): void {
    if (typing) (this.typingAway ??= new typing.TypingAway()).putAway(this.renderRoot, place, saving);
  }

  /** Whether words the person wrote here and has not saved would be lost with the page: shown, or put away. */
  protected holdsUnsavedText(): boolean {
    return !!this.typingAway?.holdsWords() || (!this.recordsLocked && !!typing?.holdsText(this.renderRoot));
  }

  /** Puts what was typed for the place now shown back into its fields, once they are drawn. */
  protected giveTypingBack(): void {
    this.givesTypingBack = true;
    this.requestUpdate();
  }

  /**
   * The records were opened again: what the widget shows is read again before it shows, so nothing
   * from before the lock appears (a device started over for another worker holds none of it).
   * What the worker had typed and not saved is put back into the same fields when it is they who
   * opened them; for anyone else it is dropped.
   */
  private async showOpenedRecords(by: string | undefined): Promise<void> {
    const opening = ++this.lockChanges;
    // Dropped before the read, which gives back what the one who opened them kept on disk.
    const away = this.typingAway;
    if (away && (by === undefined || by !== away.by)) {
      away.clear();
      away.by = by;
      this.droppedTyping();
    }
    this.reloadShown();
    // A read that fails says so in the widget's own way, once shown.
    await this.updateComplete.catch(() => undefined);
    if (opening !== this.lockChanges) return;
    if (away) away.by = undefined;
    this.givesTypingBack = true;
    this.recordsLocked = false;
  }

  /** What was typed here was dropped (another worker opened the records): a widget drops what else it kept of it. */
  protected droppedTyping(): void {}

  /** Reads again from the store everything the widget shows (its records were opened again); `updateComplete` waits for it. */
  protected reloadShown(): void {}

  /** Called when a change could not be made after all (one that waited in memory, retried; one a server refused); override to tell the person. */
  protected recordRefused(_refused: NonNullable<StoreChange['refused']>): void {}

  /** Called when the store changes (in this tab or another); override to reload. */
  protected storeChanged(_caseId: string | undefined, _change: StoreChange): void {}
}

/*
 * The focus after an answer that may come late (a server's, a list read again): it moves to what
 * the answer shows only when the person has not moved on meanwhile. Someone who pressed "Delete"
 * and went on to type in another field keeps typing there; a screen reader still hears the
 * answer through the component's live region. Kept here, with what every widget shares, so that
 * it travels in the chunk every page loads rather than in one of its own.
 */

/** The element that has the focus, looked for through open shadow roots; null when nothing has it (the page's body). */
export function focusedElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active === document.body ? null : active;
}

/**
 * Moves the focus to what `selector` finds in `root`, when the focus is still on `from` (where it
 * was when the person acted) or on nothing (what they pressed is gone). Returns the element it
 * focused, or null when it left the focus where it was.
 */
export function moveFocusUnlessMoved(root: ParentNode, from: Element | null, selector: string): HTMLElement | null {
  const now = focusedElement();
  if (now !== from && now !== null) return null;
  const target = root.querySelector<HTMLElement>(selector);
  target?.focus();
  return target;
}
