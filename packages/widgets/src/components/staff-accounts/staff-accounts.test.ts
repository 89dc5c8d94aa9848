import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { until } from '../../internal/until.test-support.js';
import { setSignedIn } from '../../internal/signed-in.js';
import type { CpStaffAccounts } from './staff-accounts.js';
import './cp-staff-accounts.js';

interface Account {
  id: string;
  displayName: string;
  email: string;
  role: string;
  providerId: string | null;
  active: boolean;
  secondFactor: boolean;
  lockedUntil: string | null;
}
const LOCKED_UNTIL = '2099-01-01T10:15:00.000Z';

/** The server's answers, as packages/server gives them (workers.ts), over an organisation that changes. */
function fakeServer(options: { status?: number; signedIn?: string | null; secondFactor?: boolean | 'to set up'; lose?: 'before' | 'after' } = {}) {
  let session = options.signedIn === undefined ? 'admin' : options.signedIn;
  let enabled = false;
  const accounts: Account[] = [
    { id: 'admin', displayName: 'Adam Admin', email: 'admin@example.org', role: 'admin', providerId: null, active: true, secondFactor: false, lockedUntil: null },
    { id: 'anna', displayName: 'Anna Wiśniewska', email: 'anna@example.org', role: 'job-coach', providerId: 'warsaw', active: true, secondFactor: true, lockedUntil: null },
    { id: 'jan', displayName: 'Jan Kowalski', email: 'jan@example.org', role: 'coordinator', providerId: 'warsaw', active: true, secondFactor: false, lockedUntil: LOCKED_UNTIL },
  ];
  const providers = [
    { id: 'krakow', name: 'Open Doors Kraków' },
    { id: 'warsaw', name: 'Open Doors Warsaw' },
  ];
  const changes: Record<string, unknown>[] = [
    { at: '2026-12-01T08:00:00.000Z', workerId: 'jan', change: 'locked', by: 'failed sign-ins', until: '2026-12-01T08:15:00.000Z', failedSignIns: 5 },
    { at: '2026-11-30T10:00:00.000Z', workerId: 'anna', change: 'role', by: 'admin', from: 'assistant', to: 'job-coach' },
    { at: '2026-11-29T10:00:00.000Z', workerId: 'anna', change: 'created', by: 'server command line', role: 'assistant', providerId: 'warsaw' },
  ];
  const posted: { path: string; body: unknown }[] = [];
  const json = (status: number, body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  const change = (workerId: string, kind: string, detail: Record<string, unknown> = {}) => changes.unshift({ at: new Date().toISOString(), workerId, change: kind, by: 'admin', ...detail });
  const fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (options.status) return json(options.status, { error: 'x', message: 'x' });
    const url = new URL(input instanceof Request ? input.url : input, location.href);
    const path = url.pathname;
    if (path === '/api/auth/sign-in') {
      const body = JSON.parse(init!.body as string) as { email: string; password: string; code?: string };
      if (body.email !== 'admin@example.org' || body.password !== 'the admin password') return json(401, { error: 'bad-credentials', message: 'the email or password is not right' });
      if (options.secondFactor === 'to set up' && !enabled) return json(403, { error: 'second-factor-setup-required', message: 'set one up' });
      if (options.secondFactor && !body.code) return json(401, { error: 'second-factor-required', message: 'enter the code' });
      if (options.secondFactor && body.code !== '123456') return json(401, { error: 'second-factor-wrong', message: 'the code is not right' });
      session = 'admin';
      return json(200, { worker: { id: 'admin', role: 'admin' } });
    }
    if (path === '/api/auth/second-factor/setup') {
      posted.push({ path, body: JSON.parse(init!.body as string) });
      return json(200, { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', uri: 'otpauth://totp/Casepath:admin%40example.org?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
    }
    if (path === '/api/auth/second-factor/enable') {
      const body = JSON.parse(init!.body as string) as { code: string };
      posted.push({ path, body });
      if (body.code !== '123456') return json(401, { error: 'second-factor-wrong', message: 'the code is not right' });
      enabled = true;
      session = 'admin';
      return json(200, { secondFactor: 'on', worker: { id: 'admin', role: 'admin' } });
    }
    if (path === '/api/auth/sign-out') {
      session = null;
      return json(200, { signedOut: true });
    }
    if (path === '/api/auth/session') return json(200, { worker: accounts.find((a) => a.id === session) ?? null });
    if (session === null) return json(401, { error: 'unauthenticated', message: 'sign in' });
    if (session !== 'admin' && path.startsWith('/api/admin/')) return json(404, { error: 'not-found', message: 'no' });
    if (init?.method === 'POST') {
      const body = JSON.parse(init.body as string) as Record<string, unknown>;
      posted.push({ path, body });
      if (path === '/api/admin/providers') {
        if (body['id'] === 'taken-elsewhere') return json(409, { error: 'id-taken', message: 'provider id taken-elsewhere is taken; choose another' });
        providers.push({ id: body['id'] as string, name: body['name'] as string });
        providers.sort((a, b) => a.name.localeCompare(b.name));
        return json(201, { provider: body });
      }
      if (path === '/api/admin/workers') {
        // The connection drops before the server has it, or after it made the account.
        if (options.lose === 'before') return Promise.reject(new TypeError('Failed to fetch'));
        if (accounts.some((a) => a.id === body['id'] || body['email'] === 'taken@example.org')) return json(409, { error: 'exists', message: 'an account with id or email already exists' });
        accounts.push({
          id: body['id'] as string,
          displayName: body['displayName'] as string,
          email: body['email'] as string,
          role: body['role'] as string,
          providerId: body['providerId'] as string | null,
          active: true,
          secondFactor: false,
          lockedUntil: null,
        });
        change(body['id'] as string, 'created', { role: body['role'], providerId: body['providerId'] });
        if (options.lose === 'after') return Promise.reject(new TypeError('Failed to fetch'));
        return json(201, { worker: body });
      }
      const [, id, what] = /^\/api\/admin\/workers\/([^/]+)\/([a-z-]+)$/.exec(path) ?? [];
      const account = accounts.find((a) => a.id === id);
      if (!account) return json(404, { error: 'not-found', message: `there is no worker ${id} in your organisation` });
      if (id === 'admin') return json(409, { error: 'own-account', message: 'you cannot' });
      if (what === 'password') {
        account.lockedUntil = null;
        change(account.id, 'password-set');
      }
      if (what === 'second-factor') {
        account.secondFactor = false;
        change(account.id, 'second-factor-removed');
      }
      if (what === 'active') {
        account.active = body['active'] as boolean;
        change(account.id, account.active ? 'turned-on' : 'turned-off');
      }
      if (what === 'role') {
        if (body['role'] === 'analyst') return json(409, { error: 'separate-account', message: 'works on cases' });
        change(account.id, 'role', { from: account.role, to: body['role'] });
        account.role = body['role'] as string;
      }
      if (what === 'provider') {
        change(account.id, 'provider', { from: account.providerId, to: body['providerId'] });
        account.providerId = body['providerId'] as string;
      }
      return json(200, { worker: account });
    }
    if (path === '/api/admin/workers') return json(200, { workers: [...accounts].sort((a, b) => a.displayName.localeCompare(b.displayName)) });
    if (path === '/api/providers') return json(200, { providers });
    if (path === '/api/admin/account-changes') {
      const workerId = url.searchParams.get('workerId');
      return json(200, { changes: changes.filter((c) => workerId === null || c['workerId'] === workerId).slice(0, Number(url.searchParams.get('limit'))) });
    }
    return json(404, { error: 'not-found', message: 'no' });
  };
  return { fetch, posted, accounts };
}

const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
const text = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll(sel)].map((e) => e.textContent.replace(/\s+/g, ' ').trim());
/** The table's rows, their cells' texts between bars. */
const rows = (el: Element) => [...el.shadowRoot!.querySelectorAll('tbody tr')].map((r) => [...(r as HTMLTableRowElement).cells].map((c) => c.textContent.trim()).join(' | '));
const status = (el: Element) => $(el, '[role="status"]').textContent.trim();

describe('<cp-staff-accounts>', () => {
  const realFetch = window.fetch;
  afterEach(() => {
    // Gone before the sign-in changes back, so nothing reads again after the test.
    fixtureCleanup();
    window.fetch = realFetch;
    setSignedIn('accounts-test', null);
  });

  async function mount(server: { fetch: unknown }, lang = 'en') {
    window.fetch = server.fetch as typeof window.fetch;
    const el = await fixture<CpStaffAccounts>(html`<cp-staff-accounts organisation="accounts-test" server="" lang=${lang}></cp-staff-accounts>`);
    await el.updateComplete;
    return el;
  }

  async function open(el: CpStaffAccounts, name: string) {
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('tbody button')].find((b) => b.textContent.trim() === name)!.click();
    await el.updateComplete;
  }

  async function press(el: CpStaffAccounts, label: string) {
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent.trim() === label)!.click();
    await el.updateComplete;
  }

  it('lists the accounts with their role and centre by name, and the latest changes in words; accessible', async () => {
    const el = await mount(fakeServer());
    expect($(el, 'caption').textContent.trim()).to.equal('3 accounts');
    const [admin, anna, jan] = rows(el);
    expect([admin, anna]).to.deep.equal(['Adam Admin | admin@example.org | administrator | the whole organisation | no | on', 'Anna Wiśniewska | anna@example.org | job coach | Open Doors Warsaw | yes | on']);
    expect(jan).to.match(/^Jan Kowalski \| jan@example\.org \| coordinator \| Open Doors Warsaw \| no \| locked until January 1, 2099 at \d+:15 [AP]M$/);
    const recent = text(el, 'ol.changes .what');
    expect(recent[0]).to.match(/^Jan Kowalski: locked until December 1, 2026 at \d+:15 [AP]M \(by wrong passwords or codes\)$/);
    expect(recent.slice(1)).to.deep.equal(['Anna Wiśniewska: role changed from assistant to job coach (by Adam Admin)', 'Anna Wiśniewska: account created, as assistant (by the server’s command line)']);
    expect(text(el, 'ol.changes .when')[1]).to.match(/^November 30, 2026 at \d+:00 [AP]M$/);
    await expect(el).to.be.accessible();
    await open(el, 'Anna Wiśniewska');
    expect(el.shadowRoot!.activeElement?.id).to.equal('panel-title');
    expect(text(el, '#panel ol.changes .what')).to.deep.equal(['role changed from assistant to job coach (by Adam Admin)', 'account created, as assistant (by the server’s command line)']);
    await expect(el).to.be.accessible();
  });

  it('on a phone, the table of accounts scrolls in its own box and says so; the page keeps its width', async () => {
    window.fetch = fakeServer().fetch;
    const box = await fixture<HTMLElement>(html`<div style="width: 280px"><cp-staff-accounts organisation="accounts-test" server="" lang="en"></cp-staff-accounts></div>`);
    const el = box.querySelector<CpStaffAccounts>('cp-staff-accounts')!;
    await until(() => el.shadowRoot!.querySelector('p.scroll-cue'), 'the line says the table scrolls');
    expect($(el, 'p.scroll-cue').textContent).to.equal('The table does not fit on the screen: scroll it sideways to see the rest.');
    const scroller = $(el, '.table-scroll');
    expect(scroller.scrollWidth).to.be.above(scroller.clientWidth);
    expect(el.getBoundingClientRect().width, 'the widget is no wider than its place').to.be.at.most(280);
    expect([scroller.getAttribute('role'), scroller.getAttribute('tabindex'), scroller.getAttribute('aria-label')]).to.deep.equal(['region', '0', 'Table of accounts']);
    await expect(box).to.be.accessible();
    box.style.width = '1400px';
    await until(() => !el.shadowRoot!.querySelector('p.scroll-cue'), 'the line goes once the table fits');
    expect(scroller.hasAttribute('tabindex')).to.equal(false);
  });

  it('gives someone locked out a new password: too short is refused at the field and nothing is sent; then it is set, said, and listed, and the lockout is gone', async () => {
    const server = fakeServer();
    const el = await mount(server);
    await open(el, 'Jan Kowalski');
    expect($(el, '#panel .locked').textContent).to.match(/^Locked after wrong passwords or codes, until January 1, 2099 at \d+:15 [AP]M\. A new password lifts the lockout at once\.$/);
    expect(el.shadowRoot!.querySelector('#panel button[aria-describedby="second-factor-hint"]'), 'no second factor to take away').to.equal(null);
    // The form names Jan's account, unseen: a password manager offers to keep the new password
    // for him, not to replace the administrator's own.
    const account = $<HTMLInputElement>(el, 'form.password input[autocomplete="username"]');
    expect(account.value).to.equal('jan@example.org');
    expect(getComputedStyle(account).display).to.equal('none');
    $<HTMLInputElement>(el, '#new-password').value = 'short';
    await press(el, 'Set this password');
    expect($(el, '#new-password-error').textContent).to.equal('Write at least 10 characters.');
    expect($(el, '#new-password').getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.activeElement?.id).to.equal('new-password');
    expect(server.posted).to.deep.equal([]);
    $<HTMLInputElement>(el, '#new-password').value = 'a long new password';
    await press(el, 'Set this password');
    expect(server.posted).to.deep.equal([{ path: '/api/admin/workers/jan/password', body: { password: 'a long new password' } }]);
    expect(status(el)).to.equal('Saved: Jan Kowalski has a new password and is signed out everywhere. Tell it to them in person.');
    expect($<HTMLInputElement>(el, '#new-password').value, 'the password is not left on screen').to.equal('');
    expect(text(el, '#panel ol.changes .what')[0]).to.equal('given a new password (by Adam Admin)');
    expect(rows(el)[2]).to.equal('Jan Kowalski | jan@example.org | coordinator | Open Doors Warsaw | no | on');
    expect(el.shadowRoot!.querySelector('#panel .locked')).to.equal(null);
  });

  it('takes away a second factor, turns an account off and on, moves and changes role; a refusal is said in words', async () => {
    const server = fakeServer();
    const el = await mount(server);
    await open(el, 'Anna Wiśniewska');
    // Each change that signs her out at once is asked first; kept (a button, or Escape), nothing is sent.
    await press(el, 'Take away the second factor');
    expect(el.shadowRoot!.activeElement?.id).to.equal('confirm-question');
    expect($(el, '#confirm-question').textContent).to.equal(
      'Take away the second factor of Anna Wiśniewska? They are signed out at once, everywhere, and sign in with their password alone until they set one up again.',
    );
    await expect(el).to.be.accessible();
    await press(el, 'No, leave it as it is');
    expect(el.shadowRoot!.activeElement?.id).to.equal('remove-second-factor');
    await press(el, 'Turn off this account');
    expect($(el, '#confirm-question').textContent).to.match(/^Turn off the account of Anna Wiśniewska\? /);
    $(el, '#confirm-question').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#confirm-question')).to.equal(null);
    expect(el.shadowRoot!.activeElement?.id).to.equal('active');
    expect(server.posted).to.deep.equal([]);
    await press(el, 'Take away the second factor');
    await press(el, 'Yes, take it away');
    expect(status(el)).to.equal('Saved: the second factor of Anna Wiśniewska is taken away, and they are signed out everywhere.');
    await press(el, 'Turn off this account');
    await press(el, 'Yes, turn it off');
    expect(status(el)).to.equal('Saved: the account of Anna Wiśniewska is turned off, and they are signed out everywhere.');
    expect(rows(el)[1]).to.equal('Anna Wiśniewska | anna@example.org | job coach | Open Doors Warsaw | no | turned off');
    await press(el, 'Turn this account on again');
    expect(status(el)).to.equal('Saved: Anna Wiśniewska can sign in again.');
    $<HTMLSelectElement>(el, '#provider-of').value = 'krakow';
    await press(el, 'Move to this centre');
    expect(status(el)).to.equal('Saved: Anna Wiśniewska now works at Open Doors Kraków.');
    $<HTMLSelectElement>(el, '#role-of').value = 'coordinator';
    await press(el, 'Change role');
    expect(rows(el)[1]).to.equal('Anna Wiśniewska | anna@example.org | coordinator | Open Doors Kraków | no | on');
    $<HTMLSelectElement>(el, '#role-of').value = 'analyst';
    await press(el, 'Change role');
    expect(status(el)).to.match(/^Not saved: this person works on cases, and that role does not\./);
    expect(server.posted.map((p) => [p.path, p.body])).to.deep.equal([
      ['/api/admin/workers/anna/second-factor', { enabled: false }],
      ['/api/admin/workers/anna/active', { active: false }],
      ['/api/admin/workers/anna/active', { active: true }],
      ['/api/admin/workers/anna/provider', { providerId: 'krakow' }],
      ['/api/admin/workers/anna/role', { role: 'coordinator' }],
      ['/api/admin/workers/anna/role', { role: 'analyst' }],
    ]);
    expect(server.accounts.find((a) => a.id === 'anna')!.role).to.equal('coordinator');
  });

  it('an account’s changes arriving late take neither the focus from where the person went nor another account’s panel', async () => {
    const server = fakeServer();
    // Anna's changes wait until the test lets them go, as on a slow connection.
    let release!: () => void;
    const late = new Promise<void>((resolve) => (release = resolve));
    const el = await mount({ fetch: (input: RequestInfo | URL, init?: RequestInit) => ((input instanceof Request ? input.url : input.toString()).includes('workerId=anna') ? late.then(() => server.fetch(input, init)) : server.fetch(input, init)) });
    const button = (name: string) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('tbody button')].find((b) => b.textContent.trim() === name)!;
    button('Anna Wiśniewska').click();
    await until(() => el.shadowRoot!.querySelector('#active'), 'her panel is open');
    // She presses "Turn off" before the list of Anna's changes came: the question takes the focus, and keeps it.
    await press(el, 'Turn off this account');
    expect(el.shadowRoot!.activeElement?.id).to.equal('confirm-question');
    release();
    await until(() => el.shadowRoot!.querySelector('#panel ol.changes .what')?.textContent?.includes('role'), 'her changes are listed');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.id).to.equal('confirm-question');

    // Anna opened, then Jan before Anna's changes came: Jan's panel lists only Jan's.
    const slow = new Promise<void>((resolve) => (release = resolve));
    const el2 = await mount({ fetch: (input: RequestInfo | URL, init?: RequestInit) => ((input instanceof Request ? input.url : input.toString()).includes('workerId=anna') ? slow.then(() => server.fetch(input, init)) : server.fetch(input, init)) });
    [...el2.shadowRoot!.querySelectorAll<HTMLButtonElement>('tbody button')].find((b) => b.textContent.trim() === 'Anna Wiśniewska')!.click();
    await open(el2, 'Jan Kowalski');
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el2.updateComplete;
    expect($(el2, '#panel-title').textContent).to.equal('Jan Kowalski');
    expect([...el2.shadowRoot!.querySelectorAll('#panel ol.changes .what')].map((w) => w.textContent).join(' ')).to.not.contain('role');

    // Anna opened, and the person moved on (Tab) to "Turn off" before her changes came: the
    // focus stays where they went, so their next Enter turns it off, not nothing.
    const slower = new Promise<void>((resolve) => (release = resolve));
    const el3 = await mount({ fetch: (input: RequestInfo | URL, init?: RequestInit) => ((input instanceof Request ? input.url : input.toString()).includes('workerId=anna') ? slower.then(() => server.fetch(input, init)) : server.fetch(input, init)) });
    const anna = [...el3.shadowRoot!.querySelectorAll<HTMLButtonElement>('tbody button')].find((b) => b.textContent.trim() === 'Anna Wiśniewska')!;
    anna.focus();
    anna.click();
    await until(() => el3.shadowRoot!.querySelector('#active'), 'her panel is open');
    $(el3, '#active').focus();
    release();
    await until(() => el3.shadowRoot!.querySelector('#panel ol.changes .what')?.textContent?.includes('role'), 'her changes are listed');
    await el3.updateComplete;
    expect(el3.shadowRoot!.activeElement?.id).to.equal('active');

    // Jan opened, and the person went on elsewhere on the page before his changes came: the focus
    // stays there too.
    const slowest = new Promise<void>((resolve) => (release = resolve));
    const el4 = await mount({ fetch: (input: RequestInfo | URL, init?: RequestInit) => ((input instanceof Request ? input.url : input.toString()).includes('workerId=jan') ? slowest.then(() => server.fetch(input, init)) : server.fetch(input, init)) });
    const elsewhere = await fixture<HTMLInputElement>(html`<input aria-label="Somewhere else on the page" />`);
    const jan = [...el4.shadowRoot!.querySelectorAll<HTMLButtonElement>('tbody button')].find((b) => b.textContent.trim() === 'Jan Kowalski')!;
    jan.focus();
    jan.click();
    await until(() => el4.shadowRoot!.querySelector('#panel'), 'his panel is open');
    elsewhere.focus();
    release();
    await until(() => el4.shadowRoot!.querySelector('#panel ol.changes'), 'his changes are listed');
    await el4.updateComplete;
    expect(document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.localName).to.equal('Somewhere else on the page');
  });

  it('offers no action on the administrator’s own account, and says where to change its password', async () => {
    const el = await mount(fakeServer());
    await open(el, 'Adam Admin');
    expect($(el, '#panel').textContent).to.contain('This is your own account. Change your password with “Change password” where you signed in');
    expect(el.shadowRoot!.querySelector('#new-password')).to.equal(null);
    expect(el.shadowRoot!.querySelector('#role-of')).to.equal(null);
  });

  it('adds an account: each bad field is named at the field, the first gets the focus, nothing is sent; a taken e-mail is refused in words', async () => {
    const server = fakeServer();
    const el = await mount(server);
    $<HTMLDetailsElement>(el, 'details.new').open = true;
    const fill = (id: string, value: string) => ($<HTMLInputElement>(el, `#${id}`).value = value);
    fill('new-email', 'not an address');
    fill('new-first-password', 'short');
    await press(el, 'Create the account');
    expect($(el, '#new-name-error').textContent).to.equal('Write the person’s name (up to 120 characters).');
    expect($(el, '#new-email-error').textContent).to.equal('Write an e-mail address, like name@example.org.');
    expect($(el, '#new-first-password-error').textContent).to.equal('Write at least 10 characters.');
    expect(el.shadowRoot!.activeElement?.id).to.equal('new-name');
    expect(status(el)).to.equal('Not saved: some fields need a change. The first one has the focus.');
    expect(server.posted).to.deep.equal([]);

    // The id follows the name until one is typed.
    const name = $<HTMLInputElement>(el, '#new-name');
    name.value = 'Zofia Łąka-Nowak';
    name.dispatchEvent(new Event('input'));
    expect($<HTMLInputElement>(el, '#new-id').value).to.equal('zofia-laka-nowak');
    // In Cyrillic too: a Russian or Ukrainian office types names as they are.
    name.value = 'Юлія Щербак';
    name.dispatchEvent(new Event('input'));
    expect($<HTMLInputElement>(el, '#new-id').value).to.equal('yuliya-shcherbak');
    name.value = 'Zofia Łąka-Nowak';
    name.dispatchEvent(new Event('input'));
    fill('new-email', 'taken@example.org');
    fill('new-first-password', 'zofia’s first password');
    $<HTMLSelectElement>(el, '#new-provider').value = 'krakow';
    await press(el, 'Create the account');
    expect(status(el)).to.equal('Not saved: an account with this id or e-mail already exists. Choose another.');
    expect($<HTMLInputElement>(el, '#new-name').value, 'what was typed stays').to.equal('Zofia Łąka-Nowak');

    fill('new-email', 'zofia@example.org');
    await press(el, 'Create the account');
    expect(server.posted.at(-1)).to.deep.equal({
      path: '/api/admin/workers',
      body: { displayName: 'Zofia Łąka-Nowak', email: 'zofia@example.org', id: 'zofia-laka-nowak', role: 'job-coach', providerId: 'krakow', password: 'zofia’s first password' },
    });
    expect(status(el)).to.equal('Saved: the account of Zofia Łąka-Nowak is created.');
    expect(rows(el)).to.include('Zofia Łąka-Nowak | zofia@example.org | job coach | Open Doors Kraków | no | on');
    expect($<HTMLInputElement>(el, '#new-name').value, 'the form is empty again').to.equal('');

    // An administrator or analyst belongs to no centre.
    fill('new-name', 'Ola Analityk');
    fill('new-email', 'ola@example.org');
    fill('new-id', 'ola');
    fill('new-first-password', 'ola’s first password');
    $<HTMLSelectElement>(el, '#new-role').value = 'analyst';
    await press(el, 'Create the account');
    expect((server.posted.at(-1)!.body as { providerId: unknown }).providerId).to.equal(null);
  });

  it('asks before the page goes while a new account, a new centre or a new password is typed and not sent', async () => {
    const server = fakeServer();
    const el = await mount(server);
    const leaving = () => {
      const e = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(e);
      return e.defaultPrevented;
    };
    expect(leaving(), 'nothing typed').to.equal(false);
    $<HTMLDetailsElement>(el, 'details.new').open = true;
    for (const id of ['new-name', 'new-email', 'new-first-password', 'centre-name']) {
      $<HTMLInputElement>(el, `#${id}`).value = 'x';
      expect(leaving(), id).to.equal(true);
      $<HTMLInputElement>(el, `#${id}`).value = '';
    }
    await open(el, 'Jan Kowalski');
    $<HTMLInputElement>(el, '#new-password').value = 'jan’s new password';
    expect(leaving(), 'a new password').to.equal(true);
    await press(el, 'Set this password');
    expect(leaving(), 'once set').to.equal(false);
    el.remove();
    $<HTMLInputElement>(el, '#new-password').value = 'typed after it left the page';
    expect(leaving(), 'taken off the page').to.equal(false);
  });

  it('adds an account whose answer is lost: made by the server, it is said as made; not made, as not saved, with what was typed kept', async () => {
    const fill = async (el: CpStaffAccounts) => {
      $<HTMLDetailsElement>(el, 'details.new').open = true;
      await el.updateComplete;
      for (const [id, value] of [['new-name', 'Zofia Łąka'], ['new-email', 'zofia@example.org'], ['new-id', 'zofia'], ['new-first-password', 'zofia’s first password']]) $<HTMLInputElement>(el, `#${id}`).value = value!;
      await press(el, 'Create the account');
      await el.updateComplete;
    };
    const lostBefore = await mount(fakeServer({ lose: 'before' }));
    await fill(lostBefore);
    expect(status(lostBefore)).to.match(/^Not saved: /);
    expect($<HTMLInputElement>(lostBefore, '#new-name').value, 'what was typed stays').to.equal('Zofia Łąka');
    expect(rows(lostBefore).some((r) => r.startsWith('Zofia'))).to.equal(false);
    fixtureCleanup();

    const server = fakeServer({ lose: 'after' });
    const lostAfter = await mount(server);
    await fill(lostAfter);
    expect(status(lostAfter)).to.equal('Saved: the account of Zofia Łąka is created.');
    expect(rows(lostAfter)).to.include('Zofia Łąka | zofia@example.org | job coach | Open Doors Kraków | no | on');
    expect($<HTMLInputElement>(lostAfter, '#new-name').value, 'the form is empty again').to.equal('');
    expect(server.accounts.filter((a) => a.id === 'zofia')).to.have.length(1);
  });

  it('adds a centre: its name and an id suggested from it; an id taken here or elsewhere is refused in words', async () => {
    const server = fakeServer();
    const el = await mount(server);
    const centre = el.shadowRoot!.querySelectorAll<HTMLDetailsElement>('details.new')[1]!;
    centre.open = true;
    expect(centre.querySelector('p')!.textContent).to.equal('Centres now: Open Doors Kraków, Open Doors Warsaw.');
    const name = $<HTMLInputElement>(el, '#centre-name');
    name.value = 'Open Doors Gdańsk';
    name.dispatchEvent(new Event('input'));
    expect($<HTMLInputElement>(el, '#centre-id').value).to.equal('open-doors-gdansk');
    $<HTMLInputElement>(el, '#centre-id').value = 'warsaw';
    await press(el, 'Create the centre');
    expect($(el, '#centre-id-error').textContent).to.equal('A centre has this id already. Choose another.');
    expect(el.shadowRoot!.activeElement?.id).to.equal('centre-id');
    $<HTMLInputElement>(el, '#centre-id').value = 'taken-elsewhere';
    await press(el, 'Create the centre');
    expect(status(el)).to.equal('Not saved: this id is taken on the server. Choose another.');
    $<HTMLInputElement>(el, '#centre-id').value = 'gdansk';
    await press(el, 'Create the centre');
    expect(status(el)).to.equal('Saved: the centre Open Doors Gdańsk is created. Staff can be added to it or moved to it now.');
    expect(server.posted.map((p) => p.body)).to.deep.equal([
      { name: 'Open Doors Gdańsk', id: 'taken-elsewhere' },
      { name: 'Open Doors Gdańsk', id: 'gdansk' },
    ]);
    expect([...el.shadowRoot!.querySelectorAll<HTMLOptionElement>('#new-provider option')].map((o) => o.textContent)).to.deep.equal(['Open Doors Gdańsk', 'Open Doors Kraków', 'Open Doors Warsaw']);
    expect($<HTMLInputElement>(el, '#centre-name').value).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('says when the server cannot be reached, and reads again on “Try again”; a change it made is still said as saved', async () => {
    const server = fakeServer();
    const down = () => Promise.reject(new TypeError('Failed to fetch'));
    const el = await mount({ fetch: down });
    expect(status(el)).to.equal('The list could not be read: this device cannot reach the organisation’s server; try again when it is connected.');
    window.fetch = server.fetch;
    await press(el, 'Try again');
    expect(rows(el)).to.have.length(3);
    // The change reaches the server, then the connection drops before the list is read again.
    await open(el, 'Anna Wiśniewska');
    window.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      window.fetch = down;
      return server.fetch(input, init);
    });
    await press(el, 'Take away the second factor');
    await press(el, 'Yes, take it away');
    expect(status(el)).to.equal('Saved: the second factor of Anna Wiśniewska is taken away, and they are signed out everywhere. The list could not be read: this device cannot reach the organisation’s server; try again when it is connected.');
    expect(server.posted).to.deep.equal([{ path: '/api/admin/workers/anna/second-factor', body: { enabled: false } }]);
  });

  it('tells someone who is not an administrator, or on a page without a server, why there is nothing', async () => {
    const coach = await mount(fakeServer({ signedIn: 'anna' }));
    expect(coach.shadowRoot!.textContent).to.contain('Only the organisation’s administrators manage staff accounts.');
    expect(coach.shadowRoot!.querySelector('table'), 'nothing of the accounts shows').to.equal(null);
    const el = await fixture<CpStaffAccounts>(html`<cp-staff-accounts organisation="accounts-test"></cp-staff-accounts>`);
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('Staff accounts are kept on the organisation’s server; this page has none.');
  });

  it('signs an administrator in on the page: a wrong password is said, the second factor’s code is asked; signing out hides the accounts', async () => {
    const el = await mount(fakeServer({ signedIn: null, secondFactor: true }));
    expect(el.shadowRoot!.textContent).to.contain('Sign in with an administrator’s account to manage staff accounts.');
    await expect(el).to.be.accessible();
    const fill = (id: string, value: string) => ($<HTMLInputElement>(el, `#${id}`).value = value);
    fill('sign-in-email', 'admin@example.org');
    fill('sign-in-password', 'not the password');
    await press(el, 'Sign in');
    expect($(el, '#sign-in-error').textContent).to.equal('Could not sign in: the email or password is not right');
    expect(el.shadowRoot!.activeElement?.id).to.equal('sign-in-password');
    expect(status(el), 'said to screen readers').to.equal('Could not sign in: the email or password is not right');
    expect($(el, '[role="status"]').getBoundingClientRect().height, 'not shown twice').to.be.below(2);
    fill('sign-in-password', 'the admin password');
    await press(el, 'Sign in');
    expect($(el, '#sign-in-error').textContent).to.equal('Could not sign in: enter the 6-digit code from your authenticator app');
    expect(el.shadowRoot!.activeElement?.id).to.equal('sign-in-code');
    fill('sign-in-code', '123456');
    await press(el, 'Sign in');
    expect($(el, 'caption').textContent.trim()).to.equal('3 accounts');
    expect(el.shadowRoot!.activeElement?.id).to.equal('accounts-title');
    await press(el, 'Sign out');
    expect(el.shadowRoot!.querySelector('table')).to.equal(null);
    expect(el.shadowRoot!.activeElement?.id).to.equal('sign-in-email');
  });

  it('sets up the administrator’s own second factor on the page, where the organisation asks for one and the account has none', async () => {
    const server = fakeServer({ signedIn: null, secondFactor: 'to set up' });
    const el = await mount(server);
    $<HTMLInputElement>(el, '#sign-in-email').value = 'admin@example.org';
    $<HTMLInputElement>(el, '#sign-in-password').value = 'the admin password';
    await press(el, 'Sign in');
    expect($(el, '#sign-in-error').textContent).to.equal(
      'Your organisation asks for a second factor: add this account to an authenticator app on your phone with the key below, then enter the 6-digit code the app shows.',
    );
    expect($(el, 'code.key').textContent).to.equal('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect($<HTMLAnchorElement>(el, 'form a').href).to.match(/^otpauth:\/\/totp\//);
    expect(el.shadowRoot!.activeElement?.id).to.equal('sign-in-code');
    await expect(el).to.be.accessible();
    $<HTMLInputElement>(el, '#sign-in-code').value = '654321';
    await press(el, 'Sign in');
    expect($(el, '#sign-in-error').textContent).to.match(/^Could not sign in: the code is not right/);
    expect($(el, 'code.key').textContent, 'the same key, still to be confirmed').to.equal('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    $<HTMLInputElement>(el, '#sign-in-code').value = '123456';
    await press(el, 'Sign in');
    expect($(el, 'caption').textContent.trim()).to.equal('3 accounts');
    expect(server.posted.map((p) => p.path)).to.deep.equal(['/api/auth/second-factor/setup', '/api/auth/second-factor/enable', '/api/auth/second-factor/enable']);
    expect(server.posted[2]!.body).to.deep.equal({ email: 'admin@example.org', password: 'the admin password', code: '123456' });
  });

  it('reads the accounts again when a worker signs in or out through <cp-sync> on the same page', async () => {
    const el = await mount(fakeServer({ signedIn: 'anna' }));
    expect(el.shadowRoot!.textContent).to.contain('Only the organisation’s administrators');
    window.fetch = fakeServer({ signedIn: null }).fetch;
    setSignedIn('accounts-test', { id: 'anna', role: 'job-coach' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#sign-in-email'), 'signed out elsewhere: the sign-in form shows').to.not.equal(null);
  });

  it('speaks Polish, with Polish plurals, and stays accessible', async () => {
    const el = await mount(fakeServer(), 'pl');
    expect($(el, 'h2').textContent).to.equal('Konta pracowników');
    expect($(el, 'caption').textContent.trim()).to.equal('3 konta');
    expect(rows(el)[1]).to.equal('Anna Wiśniewska | anna@example.org | trener pracy | Open Doors Warsaw | tak | włączone');
    await expect(el).to.be.accessible();
  });
});
