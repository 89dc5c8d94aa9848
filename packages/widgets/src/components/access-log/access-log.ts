import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import * as z from 'zod/mini';
import { CasepathElement } from '../../internal/casepath-element.js';
import { onSignedInChange } from '../../internal/signed-in.js';
import { formatDate } from '../../i18n/localize.js';
import { staffWords } from '../../i18n/messages.js';
import { tokens } from '../../theme/tokens.js';
import { scrollingTable } from '../../theme/scrolling-table.js';
import { workspaceWords } from '../workspace/workspace-words.js';
import { lifecycleWords } from '../case-lifecycle/lifecycle-words.js';
import { OverflowWatch } from '../../internal/overflow-watch.js';
import { styles } from './access-log.styles.js';
import { configuredServer } from '../../internal/configured-server.js';
import { askServer, failureReason, ServerRefusal } from '../../internal/server-request.js';

const ACTIONS = ['case.read', 'cases.pull', 'case.export', 'case.erase'] as const;
const Entries = z.object({ entries: z.array(z.object({ at: z.string(), workerId: z.string(), action: z.enum(ACTIONS) })) });
type Entry = z.infer<typeof Entries>['entries'][number];
type Phase = 'loading' | 'no-server' | 'not-allowed' | 'failed' | 'ready';

/**
 * @summary Who read a case, for the provider's supervisor: each time someone opened it, had it
 * sent to a device, downloaded it or erased it, from the server's access log.
 * @documentation docs/widgets.md
 * @status experimental
 * @since 0.2
 * @csspart base - The wrapper.
 */
export class CpAccessLog extends CasepathElement {
  protected static override words = [staffWords, workspaceWords, lifecycleWords];
  /** Whether the table is wider than its place (a phone): a line then says that it scrolls sideways. */
  private readonly tableWidth = new OverflowWatch(this);
  static override styles = [tokens, scrollingTable, styles];

  /** The case whose reads to show. */
  @property({ attribute: 'case-id' }) caseId = '';
  /** The organisation's Casepath server ('' for this page's origin); else the page's meta tag. */
  @property() server: string | null = null;

  @state() private phase: Phase = 'loading';
  @state() private entries: Entry[] = [];
  @state() private problem = '';
  private unwatch: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.unwatch = onSignedInChange(() => this.startLoad(() => this.load()));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unwatch?.();
    this.unwatch = null;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Who read the case before is not shown under the next one's heading while it is asked.
    if (changed.has('caseId')) this.phase = 'loading';
    if (changed.has('caseId') || changed.has('server')) this.startLoad(() => this.load());
  }

  /** Opened again after a lock: who read the case is asked anew. */
  protected override reloadShown(): void {
    this.startLoad(() => this.load());
  }

  /** Counts reads: an answer overtaken by a later question (for the next case opened) shows nothing. */
  private reads = 0;

  private async load(): Promise<void> {
    const read = ++this.reads;
    const server = configuredServer(this.server);
    if (server === null) {
      this.phase = 'no-server';
      return;
    }
    if (!this.caseId) return;
    try {
      const { entries } = await askServer(server, `/api/access-log?caseId=${encodeURIComponent(this.caseId)}`, Entries);
      if (read !== this.reads) return;
      this.entries = entries;
      this.phase = 'ready';
    } catch (error) {
      if (read !== this.reads) return;
      // 404: not this worker's to see. A session that ended (401) is said as such: signing in again reads it anew.
      if (error instanceof ServerRefusal && error.status === 404) {
        this.phase = 'not-allowed';
        return;
      }
      this.problem = failureReason(error, (key, values) => this.t(key, values));
      this.phase = 'failed';
    }
  }

  override render() {
    if (this.recordsLocked) return this.renderRecordsLocked();
    const title = html`<h2>${this.t('accessLog.title')}</h2>`;
    switch (this.phase) {
      case 'loading':
        return html`<div part="base" aria-busy="true">${title}</div>`;
      case 'no-server':
        return html`<div part="base">${title}<p>${this.t('accessLog.noServer')}</p></div>`;
      case 'not-allowed':
        return html`<div part="base">${title}<p>${this.t('accessLog.notAllowed')}</p></div>`;
      case 'failed':
        return html`<div part="base">${title}<p class="error" role="alert">${this.t('accessLog.failed', { reason: this.problem })}</p></div>`;
      case 'ready':
        return html`<div part="base">
          ${title}
          <p class="hint">${this.t('accessLog.hint')}</p>
          ${this.entries.length
            ? this.tableWidth.render(
                html`<table>
                <thead>
                  <tr><th scope="col">${this.t('accessLog.when')}</th><th scope="col">${this.t('accessLog.who')}</th><th scope="col">${this.t('accessLog.what')}</th></tr>
                </thead>
                <tbody>
                  ${this.entries.map(
                    (e) => html`<tr>
                      <td>${formatDate(this.language, e.at)} ${new Intl.DateTimeFormat(this.language, { hour: '2-digit', minute: '2-digit' }).format(new Date(e.at))}</td>
                      <th scope="row">${this.nameOf(e.workerId) ?? e.workerId}</th>
                      <td>${this.t(`accessLog.action.${e.action}`)}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>`,
                { name: this.t('accessLog.tableName'), cue: this.t('table.scrollSideways') },
              )
            : html`<p>${this.t('accessLog.none')}</p>`}
        </div>`;
    }
    return nothing;
  }
}
