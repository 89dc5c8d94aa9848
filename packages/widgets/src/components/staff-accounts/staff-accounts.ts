import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import * as z from 'zod/mini';
import { ROLES } from '@casepath/core';
import { accountField } from '../../internal/account-field.js';
import { OrganisationPage, type PageWords } from '../../internal/organisation-page.js';
import { MIN_PASSWORD_LENGTH } from '../../internal/password-rules.js';
import { failureReason, ServerRefusal, refusedByServer } from '../../internal/server-request.js';
import { roleWorksOnCases } from '../../internal/directory.js';
import { formatInstant } from '../../i18n/localize.js';
import type { MessageKey } from '../../i18n/messages.js';
import { staffWords } from '../../i18n/messages.js';
import { tokens } from '../../theme/tokens.js';
import { scrollingTable } from '../../theme/scrolling-table.js';
import { staffForms } from '../../theme/staff-forms.js';
import { staffAccountsWords } from './staff-accounts-words.js';
import { OverflowWatch } from '../../internal/overflow-watch.js';
import { styles } from './staff-accounts.styles.js';

/** The roles an account may have: every role of the vocabulary but the client's, and the analyst's and administrator's. */
export const ACCOUNT_ROLES = [...ROLES.filter((r) => r !== 'client'), 'analyst', 'admin'] as const;
/** The server's rules for an account's id and a new password (packages/server: workers.ts, passwords.ts). */
const ACCOUNT_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
/** Letters an id suggested from a name spells in Latin ones (accents are then taken off: NFKD, marks dropped). */
const LATIN: Record<string, string> = Object.fromEntries<string>([
  ...[...'абвгдезиклмнопрстуфхцыэі'].map((c, i): [string, string] => [c, 'abvgdeziklmnoprstufhcyei'[i]!]),
  ...Object.entries({ ж: 'zh', ч: 'ch', ш: 'sh', щ: 'shch', ю: 'yu', я: 'ya', є: 'ye', ї: 'yi', ґ: 'g', ь: '', ъ: '', й: 'y', ё: 'yo', ł: 'l', ß: 'ss', ø: 'o', đ: 'd', æ: 'ae' }),
]);

const Account = z.object({
  id: z.string(),
  displayName: z.string(),
  email: z.string(),
  role: z.string(),
  providerId: z.nullable(z.string()),
  active: z.boolean(),
  secondFactor: z.boolean(),
  lockedUntil: z.nullable(z.string()),
});
type Account = z.infer<typeof Account>;
const Provider = z.object({ id: z.string(), name: z.string() });
type Provider = z.infer<typeof Provider>;
const Change = z.looseObject({ at: z.string(), workerId: z.string(), change: z.string(), by: z.string() });
type Change = z.infer<typeof Change>;
const Accounts = z.object({ workers: z.array(Account) });
const Providers = z.object({ providers: z.array(Provider) });
const Changes = z.object({ changes: z.array(Change) });
const Done = z.looseObject({});

type NewAccountField = 'displayName' | 'email' | 'id' | 'password' | 'centreName' | 'centreId';

/** Server refusals the administrator can act on, in their words (others show the server's own message). */
const REFUSALS: Record<string, MessageKey> = {
  exists: 'accounts.refused.exists',
  'own-account': 'accounts.refused.ownAccount',
  'separate-account': 'accounts.refused.separateAccount',
  'no-cases': 'accounts.refused.noCases',
  'id-taken': 'accounts.refused.idTaken',
};
/** Who made a change when no worker did (the server's labels, packages/server: account-changes.ts), in words. */
const BY_LABELS: Record<string, MessageKey> = {
  'server command line': 'accounts.by.commandLine',
  'demo data': 'accounts.by.demoData',
  'failed sign-ins': 'accounts.by.failedSignIns',
};
/** The changes said by a sentence of their own, with nothing to fill in. */
const PLAIN_CHANGES = new Set(['turned-off', 'turned-on', 'password-changed', 'password-set', 'second-factor-on', 'second-factor-removed']);
/** The id field each name field suggests an id for. */
const SUGGESTS: Record<string, string> = { 'new-name': 'new-id', 'centre-name': 'centre-id' };

/**
 * @summary The organisation's staff accounts, for its administrators: who works here, in which
 * role and centre; add an account, give a new password to someone who forgot theirs, take away a
 * lost phone's second factor, change a role or centre, turn an account off when someone leaves;
 * and every such change, with when and by whom.
 * @documentation docs/widgets.md
 * @status experimental
 * @since 0.2
 * @csspart base - The page section.
 * @csspart status - The live region.
 */
export class CpStaffAccounts extends OrganisationPage {
  protected static override words = [staffWords, staffAccountsWords];
  /** Whether the table of accounts is wider than its place (a phone): a line then says that it scrolls sideways. */
  private readonly tableWidth = new OverflowWatch(this);
  static override styles = [tokens, staffForms, scrollingTable, styles];

  protected readonly titleId = 'accounts-title';
  protected readonly pageWords: PageWords = {
    title: 'accounts.title',
    noServer: 'accounts.noServer',
    signIn: 'accounts.signIn',
    notAllowed: 'accounts.notAllowed',
    failed: 'accounts.failed',
    retry: 'accounts.retry',
  };

  @state() private accounts: Account[] = [];
  @state() private providers: Provider[] = [];
  @state() private changes: Change[] = [];
  /** The account whose panel is open, and its own changes. */
  @state() private managing: string | null = null;
  /** The change asked about before it is made: the account turned off, or its second factor taken away. */
  @state() private confirming: 'off' | 'second-factor' | null = null;
  @state() private theirChanges: Change[] = [];
  @state() private errors: Partial<Record<NewAccountField | 'newPassword', string>> = {};
  @state() private busy = false;

  /** Typed and not yet sent (a new account, a new centre, a new password) goes with the page: it asks first. */
  private readonly onBeforeUnload = (e: BeforeUnloadEvent) => {
    if ([...this.renderRoot.querySelectorAll('input')].some((input) => !input.readOnly && input.value !== '')) e.preventDefault();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeunload', this.onBeforeUnload);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('beforeunload', this.onBeforeUnload);
  }

  protected override forget(): void {
    this.managing = null;
  }

  protected async readSignedIn(): Promise<void> {
      // The accounts first: only an administrator is answered (404 to anyone else).
      const { workers } = await this.api('/api/admin/workers', Accounts);
      const [{ changes }, { providers }] = await Promise.all([this.api('/api/admin/account-changes?limit=20', Changes), this.api('/api/providers', Providers)]);
      this.changes = changes;
      this.accounts = workers;
      this.providers = providers;
    if (this.managing !== null) {
      const id = this.managing;
      if (workers.some((w) => w.id === id)) await this.showChangesOf(id);
      else this.managing = null;
    }
  }

  private roleName(role: string): string {
    if (role === 'analyst' || role === 'admin') return this.t(`accounts.role.${role}`);
    return (ROLES as readonly string[]).includes(role) ? this.t(`role.${role as 'coordinator'}`) : role;
  }

  private providerName(id: string | null): string {
    if (id === null) return this.t('accounts.noProvider');
    return this.providers.find((p) => p.id === id)?.name ?? id;
  }

  private who(id: string): string {
    const label = BY_LABELS[id];
    return label ? this.t(label) : (this.accounts.find((a) => a.id === id)?.displayName ?? id);
  }

  /** What a change did, in words: "role changed from assistant to job coach". */
  private what(c: Change): string {
    const detail = (key: string) => (typeof c[key] === 'string' ? c[key] : '');
    switch (c.change) {
      case 'role':
        return this.t('accounts.change.role', { from: this.roleName(detail('from')), to: this.roleName(detail('to')) });
      case 'provider':
        return this.t('accounts.change.provider', { from: this.providerName(detail('from') || null), to: this.providerName(detail('to') || null) });
      case 'created':
        return this.t('accounts.change.created', { role: this.roleName(detail('role')) });
      case 'locked':
        return this.t('accounts.change.locked', { until: formatInstant(this.language, detail('until') || c.at) });
      default:
        // A kind of change a newer server keeps is shown as it is named.
        return PLAIN_CHANGES.has(c.change) ? this.t(`accounts.change.${c.change as 'turned-off'}`) : c.change;
    }
  }

  /** One change as a sentence: "Jan Kowalski: given a new password (by Administrator)". */
  private describe(c: Change, withName: boolean): string {
    const sentence = this.t('accounts.changeBy', { what: this.what(c), who: this.who(c.by) });
    return withName ? `${this.who(c.workerId)}: ${sentence}` : sentence;
  }

  /** Sends one change; says it is saved only once the server said so, else why not. The list is read again either way. */
  private async act(what: () => Promise<unknown>, done: string): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.announcement = this.t('accounts.saving');
    let saved = true;
    try {
      await what();
    } catch (error) {
      this.announcement = this.refusal(error);
      saved = false;
    }
    this.busy = false;
    const said = saved ? done : this.announcement;
    await this.load();
    // What happened to the change, and, should the list not be read again, that too.
    this.announcement = this.phase === 'open' ? said : `${said} ${this.announcement}`;
    return saved;
  }

  private refusal(error: unknown): string {
    const known = error instanceof ServerRefusal ? REFUSALS[error.code] : undefined;
    if (known) return this.t(known);
    if (error instanceof ServerRefusal && error.status === 404) return this.t('accounts.refused.gone');
    return this.t('accounts.refused.other', { reason: failureReason(error, (key, values) => this.t(key, values)) });
  }

  private async manage(id: string | null): Promise<string> {
    const was = this.managing;
    this.managing = id;
    this.confirming = null;
    this.errors = {};
    this.theirChanges = [];
    if (id !== null) await this.showChangesOf(id).catch(() => undefined); // the panel says there are none
    // Closed, the focus goes back to the name it was opened from.
    return id === null ? `#open-${was}` : '#panel-title';
  }

  /** Reads an account's own changes into its panel, if that panel is still the one open. */
  private async showChangesOf(id: string): Promise<void> {
    const { changes } = await this.api(`/api/admin/account-changes?workerId=${encodeURIComponent(id)}&limit=50`, Changes);
    // Another account opened meanwhile shows its own changes, not these.
    if (this.managing === id) this.theirChanges = changes;
  }

  private field<T extends HTMLInputElement | HTMLSelectElement>(id: string): T {
    return this.renderRoot.querySelector<T>(`#${id}`)!;
  }

  private async setRole(a: Account): Promise<null> {
    const role = this.field<HTMLSelectElement>('role-of').value;
    if (role !== a.role) await this.act(() => this.api(`/api/admin/workers/${encodeURIComponent(a.id)}/role`, Done, { role }), this.t('accounts.done.role', { name: a.displayName, role: this.roleName(role) }));
    return null;
  }

  private async move(a: Account): Promise<null> {
    const providerId = this.field<HTMLSelectElement>('provider-of').value;
    if (providerId !== a.providerId) await this.act(() => this.api(`/api/admin/workers/${encodeURIComponent(a.id)}/provider`, Done, { providerId }), this.t('accounts.done.provider', { name: a.displayName, provider: this.providerName(providerId) }));
    return null;
  }

  private async setPassword(a: Account): Promise<string | null> {
    const input = this.field<HTMLInputElement>('new-password');
    if (input.value.length < MIN_PASSWORD_LENGTH) {
      this.errors = { newPassword: this.t('accounts.error.password', { min: MIN_PASSWORD_LENGTH }) };
      this.announcement = this.errors.newPassword!;
      return '#new-password';
    }
    this.errors = {};
    const password = input.value;
    if (await this.act(() => this.api(`/api/admin/workers/${encodeURIComponent(a.id)}/password`, Done, { password }), this.t('accounts.done.password', { name: a.displayName }))) input.value = '';
    return null;
  }

  /** Asks before a change that signs someone out at once; the focus goes to the question. */
  private ask(what: 'off' | 'second-factor'): Promise<string> {
    this.confirming = what;
    return Promise.resolve('#confirm-question');
  }

  /** Not this time: nothing is sent, and the focus goes back to the button that asked. */
  private keep(): Promise<string> {
    const was = this.confirming;
    this.confirming = null;
    return Promise.resolve(was === 'off' ? '#active' : '#remove-second-factor');
  }

  private async removeSecondFactor(a: Account): Promise<null> {
    this.confirming = null;
    await this.act(() => this.api(`/api/admin/workers/${encodeURIComponent(a.id)}/second-factor`, Done, { enabled: false }), this.t('accounts.done.secondFactor', { name: a.displayName }));
    return null;
  }

  private async setActive(a: Account, active: boolean): Promise<string> {
    this.confirming = null;
    await this.act(() => this.api(`/api/admin/workers/${encodeURIComponent(a.id)}/active`, Done, { active }), this.t(active ? 'accounts.done.on' : 'accounts.done.off', { name: a.displayName }));
    // The button pressed is replaced by its opposite: the focus stays on it.
    return '#active';
  }

  private async create(form: HTMLFormElement): Promise<string | null> {
    const value = (id: string) => this.field<HTMLInputElement>(id).value.trim();
    const account = {
      displayName: value('new-name'),
      email: value('new-email'),
      id: value('new-id'),
      role: value('new-role'),
      providerId: roleWorksOnCases(value('new-role')) ? value('new-provider') || null : null,
      password: this.field<HTMLInputElement>('new-first-password').value,
    };
    const errors: Partial<Record<NewAccountField, string>> = {};
    if (!account.displayName || account.displayName.length > 120) errors.displayName = this.t('accounts.error.name');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(account.email) || account.email.length > 254) errors.email = this.t('accounts.error.email');
    if (!ACCOUNT_ID.test(account.id)) errors.id = this.t('accounts.error.id');
    else if (this.accounts.some((a) => a.id === account.id)) errors.id = this.t('accounts.error.idTaken');
    if (account.password.length < MIN_PASSWORD_LENGTH) errors.password = this.t('accounts.error.password', { min: MIN_PASSWORD_LENGTH });
    this.errors = errors;
    const first = (['displayName', 'email', 'id', 'password'] as const).find((f) => errors[f]);
    if (first) {
      this.announcement = this.t('accounts.error.check');
      return `#${{ displayName: 'new-name', email: 'new-email', id: 'new-id', password: 'new-first-password' }[first]}`;
    }
    const created = this.t('accounts.done.created', { name: account.displayName });
    let unanswered = false;
    const ask = () =>
      this.api('/api/admin/workers', Done, account).catch((error: unknown) => {
        unanswered = !refusedByServer(error);
        throw error;
      });
    if (await this.act(ask, created)) form.reset();
    // No answer (the connection dropped, a proxy's error): the server may have made it all the
    // same. The list read again says so when it holds this account, made by this administrator;
    // it is said as made, not as failed (pressing again would only be told it exists).
    else if (unanswered && this.accounts.some((a) => a.id === account.id && a.email === account.email) && this.changes.some((c) => c.workerId === account.id && c.change === 'created' && c.by === this.me)) {
      this.announcement = created;
      form.reset();
    }
    return null;
  }

  private async createCentre(form: HTMLFormElement): Promise<string | null> {
    const centre = { name: this.field<HTMLInputElement>('centre-name').value.trim(), id: this.field<HTMLInputElement>('centre-id').value.trim() };
    const errors: Partial<Record<NewAccountField, string>> = {};
    if (!centre.name || centre.name.length > 200) errors.centreName = this.t('accounts.error.centreName');
    if (!ACCOUNT_ID.test(centre.id)) errors.centreId = this.t('accounts.error.id');
    else if (this.providers.some((p) => p.id === centre.id)) errors.centreId = this.t('accounts.error.centreTaken');
    this.errors = errors;
    if (errors.centreName || errors.centreId) {
      this.announcement = this.t('accounts.error.check');
      return errors.centreName ? '#centre-name' : '#centre-id';
    }
    if (await this.act(() => this.api('/api/admin/providers', Done, centre), this.t('accounts.done.centre', { name: centre.name }))) form.reset();
    return null;
  }

  /** A suggested id from the name typed in `source`, until the administrator types one. */
  private suggestId(source: string): void {
    const id = this.field<HTMLInputElement>(SUGGESTS[source]!);
    if (id.dataset['typed']) return;
    id.value = [...this.field<HTMLInputElement>(source).value.toLowerCase()]
      .map((c) => LATIN[c] ?? c)
      .join('')
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63);
  }

  override render() {
    const shown = this.renderPhase();
    if (shown) return shown;
    const title = this.renderTitle();
    const status = this.renderStatus();
    return html`<section part="base" aria-labelledby="accounts-title">
          ${title} ${this.renderSignOut()} ${status}
          ${this.tableWidth.render(
            html`<table>
            <caption>
              ${this.t('accounts.count', { count: this.accounts.length })}
            </caption>
            <thead>
              <tr>
                <th scope="col">${this.t('accounts.name')}</th>
                <th scope="col">${this.t('accounts.email')}</th>
                <th scope="col">${this.t('accounts.role')}</th>
                <th scope="col">${this.t('accounts.provider')}</th>
                <th scope="col">${this.t('accounts.secondFactor')}</th>
                <th scope="col">${this.t('accounts.state')}</th>
              </tr>
            </thead>
            <tbody>
              ${this.accounts.map(
                (a) => html`<tr class=${a.active ? '' : 'off'}>
                  <th scope="row">
                    <button type="button" id="open-${a.id}" class="link" aria-expanded=${this.managing === a.id ? 'true' : 'false'} aria-controls="panel" @click=${() => this.run(() => this.manage(this.managing === a.id ? null : a.id))}>
                      ${a.displayName}
                    </button>
                  </th>
                  <td>${a.email}</td>
                  <td>${this.roleName(a.role)}</td>
                  <td>${this.providerName(a.providerId)}</td>
                  <td>${this.t(a.secondFactor ? 'accounts.yes' : 'accounts.no')}</td>
                  <td>${!a.active ? this.t('accounts.off') : a.lockedUntil ? this.t('accounts.lockedUntil', { until: formatInstant(this.language, a.lockedUntil) }) : this.t('accounts.on')}</td>
                </tr>`,
              )}
            </tbody>
          </table>`,
            { name: this.t('accounts.tableName'), cue: this.t('table.scrollSideways') },
          )}
          <div id="panel">${this.managing === null ? nothing : this.renderPanel(this.accounts.find((a) => a.id === this.managing))}</div>
          ${this.renderNew()}
          <h3>${this.t('accounts.recent')}</h3>
          ${this.changes.length ? html`<ol class="changes">${this.changes.map((c) => html`<li><span class="when">${formatInstant(this.language, c.at)}</span> <span class="what">${this.describe(c, true)}</span></li>`)}</ol>` : html`<p>${this.t('accounts.noChanges')}</p>`}
        </section>`;
  }

  /** The question before turning an account off or taking its second factor away: yes, or keep it (Escape too). */
  private renderQuestion(a: Account, what: 'off' | 'second-factor') {
    const off = what === 'off';
    return html`<div
      class="confirm"
      role="group"
      aria-labelledby="confirm-question"
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Escape') this.run(() => this.keep());
      }}
    >
      <p id="confirm-question" tabindex="-1">${this.t(off ? 'accounts.confirmOff' : 'accounts.confirmSecondFactor', { name: a.displayName })}</p>
      <div class="actions">
        <button type="button" data-variant="danger" @click=${() => this.run(() => (off ? this.setActive(a, false) : this.removeSecondFactor(a)))}>
          ${this.t(off ? 'accounts.confirmOffYes' : 'accounts.confirmSecondFactorYes')}
        </button>
        <button type="button" data-variant="secondary" @click=${() => this.run(() => this.keep())}>${this.t('accounts.keep')}</button>
      </div>
    </div>`;
  }

  private renderPanel(a: Account | undefined) {
    if (!a) return nothing;
    const own = a.id === this.me;
    const works = roleWorksOnCases(a.role);
    return html`<article id="panel-${a.id}" aria-labelledby="panel-title">
      <h3 id="panel-title" tabindex="-1">${a.displayName}</h3>
      <p class="hint">${this.t('accounts.idIs', { id: a.id })}</p>
      ${a.lockedUntil && a.active ? html`<p class="locked">${this.t('accounts.lockedHint', { until: formatInstant(this.language, a.lockedUntil) })}</p>` : nothing}
      ${own
        ? html`<p>${this.t('accounts.ownAccount', { button: this.t('sync.changePassword') })}</p>`
        : html`
            <div class="row">
              <label for="role-of">${this.t('accounts.role')}</label>
              <select id="role-of">
                ${ACCOUNT_ROLES.map((r) => html`<option value=${r} ?selected=${r === a.role}>${this.roleName(r)}</option>`)}
              </select>
              <button type="button" data-variant="secondary" @click=${() => this.run(() => this.setRole(a))}>${this.t('accounts.changeRole')}</button>
            </div>
            ${works
              ? html`<div class="row">
                  <label for="provider-of">${this.t('accounts.provider')}</label>
                  <select id="provider-of">
                    ${this.providers.map((p) => html`<option value=${p.id} ?selected=${p.id === a.providerId}>${p.name}</option>`)}
                  </select>
                  <button type="button" data-variant="secondary" @click=${() => this.run(() => this.move(a))}>${this.t('accounts.move')}</button>
                </div>`
              : nothing}
            <form
              class="password"
              @submit=${(e: SubmitEvent) => {
                e.preventDefault();
                this.run(() => this.setPassword(a));
              }}
            >
              ${accountField(a.email)}
              <label for="new-password">${this.t('accounts.newPassword')}</label>
              <p id="new-password-hint" class="hint">${this.t('accounts.newPasswordHint', { min: MIN_PASSWORD_LENGTH })}</p>
              <input
                id="new-password"
                type="password"
                autocomplete="new-password"
                aria-invalid=${this.errors.newPassword ? 'true' : 'false'}
                aria-describedby="new-password-hint new-password-error"
              />
              <span id="new-password-error" class="error">${this.errors.newPassword ?? ''}</span>
              <div><button type="submit">${this.t('accounts.setPassword')}</button></div>
            </form>
            ${this.confirming
              ? this.renderQuestion(a, this.confirming)
              : html`<div class="actions">
                    ${a.secondFactor
                      ? html`<button type="button" id="remove-second-factor" data-variant="secondary" aria-describedby="second-factor-hint" @click=${() => this.run(() => this.ask('second-factor'))}>
                          ${this.t('accounts.removeSecondFactor')}
                        </button>`
                      : nothing}
                    ${a.active
                      ? html`<button type="button" id="active" data-variant="danger" aria-describedby="off-hint" @click=${() => this.run(() => this.ask('off'))}>${this.t('accounts.turnOff')}</button>`
                      : html`<button type="button" id="active" @click=${() => this.run(() => this.setActive(a, true))}>${this.t('accounts.turnOn')}</button>`}
                  </div>
                  ${a.secondFactor ? html`<p id="second-factor-hint" class="hint">${this.t('accounts.secondFactorHint')}</p>` : nothing}
                  ${a.active ? html`<p id="off-hint" class="hint">${this.t('accounts.offHint')}</p>` : nothing}`}
          `}
      <h4>${this.t('accounts.theirChanges')}</h4>
      ${this.theirChanges.length
        ? html`<ol class="changes">${this.theirChanges.map((c) => html`<li><span class="when">${formatInstant(this.language, c.at)}</span> <span class="what">${this.describe(c, false)}</span></li>`)}</ol>`
        : html`<p>${this.t('accounts.noChanges')}</p>`}
      <div><button type="button" data-variant="secondary" @click=${() => this.run(() => this.manage(null))}>${this.t('accounts.close')}</button></div>
    </article>`;
  }

  private renderNew() {
    const error = (f: NewAccountField) => this.errors[f] ?? '';
    const input = (id: string, f: NewAccountField, label: MessageKey, type: string, autocomplete: string, hint?: string) =>
      html`<label for=${id}>${this.t(label)}</label>
        ${hint ? html`<p id="${id}-hint" class="hint">${hint}</p>` : nothing}
        <input
          id=${id}
          type=${type}
          autocomplete=${autocomplete}
          aria-invalid=${error(f) ? 'true' : 'false'}
          aria-describedby="${hint ? `${id}-hint ` : ''}${id}-error"
          @input=${SUGGESTS[id] ? () => this.suggestId(id) : id.endsWith('-id') ? (e: Event) => ((e.target as HTMLInputElement).dataset['typed'] = '1') : null}
        />
        <span id="${id}-error" class="error">${error(f)}</span>`;
    return html`<details class="new">
      <summary>${this.t('accounts.add')}</summary>
      <form
        novalidate
        @submit=${(e: SubmitEvent) => {
          e.preventDefault();
          this.run(() => this.create(e.target as HTMLFormElement));
        }} @reset=${(e: Event) => delete ((e.target as HTMLFormElement).querySelector<HTMLInputElement>('#new-id')!.dataset['typed'])}>
        ${input('new-name', 'displayName', 'accounts.name', 'text', 'off')} ${input('new-email', 'email', 'accounts.email', 'email', 'off')}
        ${input('new-id', 'id', 'accounts.id', 'text', 'off', this.t('accounts.idHint'))}
        <label for="new-role">${this.t('accounts.role')}</label>
        <select id="new-role" @change=${() => this.requestUpdate()}>
          ${ACCOUNT_ROLES.map((r) => html`<option value=${r} ?selected=${r === 'job-coach'}>${this.roleName(r)}</option>`)}
        </select>
        <label for="new-provider">${this.t('accounts.provider')}</label>
        <p id="new-provider-hint" class="hint">${this.t('accounts.providerHint')}</p>
        <select id="new-provider" aria-describedby="new-provider-hint">
          ${this.providers.map((p) => html`<option value=${p.id}>${p.name}</option>`)}
        </select>
        ${input('new-first-password', 'password', 'accounts.firstPassword', 'password', 'new-password', this.t('accounts.newPasswordHint', { min: MIN_PASSWORD_LENGTH }))}
        <div><button type="submit">${this.t('accounts.create')}</button></div>
      </form>
    </details>
    <details class="new">
      <summary>${this.t('accounts.addCentre')}</summary>
      <p>${this.t('accounts.centres', { list: this.providers.map((p) => p.name).join(', ') })}</p>
      <form
        novalidate
        @submit=${(e: SubmitEvent) => {
          e.preventDefault();
          this.run(() => this.createCentre(e.target as HTMLFormElement));
        }}
        @reset=${(e: Event) => delete (e.target as HTMLFormElement).querySelector<HTMLInputElement>('#centre-id')!.dataset['typed']}
      >
        ${input('centre-name', 'centreName', 'accounts.centreName', 'text', 'off')} ${input('centre-id', 'centreId', 'accounts.centreId', 'text', 'off', this.t('accounts.idHint'))}
        <div><button type="submit">${this.t('accounts.createCentre')}</button></div>
      </form>
    </details>`;
  }
}
