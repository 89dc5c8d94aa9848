import { expect, fixture, html } from '@open-wc/testing';
import { until } from '../../internal/until.test-support.js';
import { untilShown } from '../../internal/until-shown.test-support.js';
import { deleteDB } from 'idb';
import { builtInTemplates } from '@casepath/core';
import { CaseHistoryBuilder } from '@casepath/core/testing';
import { databaseName, DeviceLockedError, IdbCaseStore } from '../../storage/idb-case-store.js';
import { templatesById } from '../../storage/case-store.js';
import { signedInActor } from '../../internal/signed-in.js';
import { handOverKey } from '../../internal/handed-over.js';
import { personName, providerName } from '../../internal/directory.js';
import { formatInstant } from '../../i18n/localize.js';
import { SyncClient } from '../../sync/sync-client.js';
import { syncClientFor, type CpSync } from './sync.js';
import './cp-sync.js';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const worker = { id: 'ewa', displayName: 'Ewa Nowak', role: 'coordinator', providerId: 'warsaw', organisationId: 'od' };
/** Who is signed in, as the server says it: the directory's entry and the e-mail they sign in with. */
const ewaSignedIn = { ...worker, email: 'ewa@example.org' };
/** The hidden field naming the account of a password form (`form`: its selector). */
const accountOf = (el: Element, form: string) => el.shadowRoot!.querySelector<HTMLInputElement>(`${form} input[autocomplete="username"]`);

/**
 * A stand-in for the server's HTTP API, enough for sign-in and an empty sync. `code`: the account
 * has a second factor and this is its current code; `sessionEnds`: the server ends the session
 * at the first pull.
 */
function fakeServer(options: { password: string; oidc?: string; code?: string; sessionEnds?: boolean; setUpRequired?: boolean; turnedOff?: boolean; role?: string; signedIn?: boolean; beforeSession?: boolean; pullProvider?: string }) {
  let signedIn = options.signedIn ?? false;
  let enabled = false;
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input.toString(), location.href);
    switch (url.pathname) {
      case '/api/auth/methods':
        return options.oidc ? json(200, { password: true, oidc: { label: options.oidc, start: '/api/auth/oidc/start' } }) : json(404, { error: 'not-found', message: 'no such endpoint' });
      case '/api/auth/session':
        if (options.beforeSession) return json(404, { error: 'not-found', message: 'no' });
        return json(200, { worker: signedIn ? { ...ewaSignedIn, role: options.role ?? worker.role } : null });
      case '/api/auth/me':
        return signedIn ? json(200, { worker: { ...ewaSignedIn, role: options.role ?? worker.role } }) : json(401, { error: 'unauthenticated', message: 'sign in first' });
      case '/api/auth/sign-in': {
        const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as { password: string; code?: string };
        if (body.password !== options.password) return json(401, { error: 'bad-credentials', message: 'the email or password is not right' });
        if (options.turnedOff) return json(403, { error: 'account-off', message: 'this account is turned off; if you still work here, ask an administrator to turn it on' });
        if (options.setUpRequired && !enabled) return json(403, { error: 'second-factor-setup-required', message: 'your organisation requires a second factor' });
        if (options.code && body.code === undefined) return json(401, { error: 'second-factor-required', message: 'enter the 6-digit code from your authenticator app' });
        if (options.code && body.code !== options.code) return json(401, { error: 'second-factor-wrong', message: 'the code is not right; use the current 6-digit code of your authenticator app' });
        signedIn = true;
        return json(200, { worker: { ...ewaSignedIn, role: options.role ?? worker.role } });
      }
      case '/api/auth/password': {
        if (!signedIn) return json(401, { error: 'unauthenticated', message: 'sign in first' });
        const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as { password: string; newPassword: string };
        if (body.password !== options.password) return json(403, { error: 'bad-credentials', message: 'the email or password is not right' });
        if (body.newPassword === body.password) return json(400, { error: 'same-password', message: 'newPassword: it is the same as the current password; choose another' });
        options.password = body.newPassword;
        return json(200, { passwordChanged: true });
      }
      case '/api/auth/second-factor/setup':
        return json(200, { secret: 'JBSWY3DPEHPK3PXP', uri: 'otpauth://totp/Casepath:ewa%40example.org?secret=JBSWY3DPEHPK3PXP&issuer=Casepath' });
      case '/api/auth/second-factor/enable': {
        const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as { password: string; code: string };
        if (body.password !== options.password || body.code !== options.code) return json(401, { error: 'second-factor-wrong', message: 'the code is not right' });
        enabled = signedIn = true;
        return json(200, { secondFactor: 'on', worker });
      }
      case '/api/providers':
        return signedIn ? json(200, { providers: [{ id: 'warsaw', name: 'Open Doors Warsaw' }] }) : json(401, { error: 'unauthenticated', message: 'sign in first' });
      case '/api/workers':
        return signedIn ? json(200, { workers: [worker, { ...worker, id: 'anna', displayName: 'Anna Lis', role: 'job-coach' }] }) : json(401, { error: 'unauthenticated', message: 'sign in first' });
      case '/api/sync/pull':
        if (options.sessionEnds) {
          signedIn = false;
          return json(401, { error: 'unauthenticated', message: 'sign in first' });
        }
        return json(200, { events: [], backfill: [], revoked: [], conflicts: [], cursor: 'c', more: false, reset: false, ...(options.pullProvider ? { providerId: options.pullProvider } : {}) });
      case '/api/auth/sign-out':
        signedIn = false;
        return json(200, { signedOut: true });
      default:
        return json(404, { error: 'not-found', message: 'no' });
    }
  };
}

/** c1: paused when Ewa's visit (see {@link ewasVisit}) reached the server, resumed since. */
const resumedCase = () =>
  new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
    .add('case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'warsaw', clientRef: 'OD-7' })
    .add('consent.grant', { purpose: 'service' })
    .add('case.pause', {})
    .add('case.resume', {})
    .build();
/** Ewa's workplace visit in c1, kept by the server because the case was paused then. */
const ewasVisit = (c1: ReturnType<typeof resumedCase>) => ({
  ...c1[1]!,
  id: '0190a000-0000-7000-8000-00000000c0de',
  seq: 3,
  at: '2026-01-05T11:00:00.000Z',
  type: 'support.log',
  payload: { minutes: 30, mode: 'on-the-job' },
  actor: { id: 'ewa', role: 'coordinator' },
});

describe('<cp-sync>', () => {
  const realFetch = window.fetch;
  let org = '';
  let store: IdbCaseStore;
  beforeEach(() => {
    org = `sync-${Math.random().toString(36).slice(2)}`;
    store = new IdbCaseStore(org);
  });
  afterEach(async () => {
    // The page keeps one client per store and server: stopped, it asks no later test's fake server.
    syncClientFor(store, '').stop();
    window.fetch = realFetch;
    await store.dispose();
    await deleteDB(databaseName(org));
  });

  it('without a server configured, asks nothing of the network and says that what is typed stays on this device; accessible', async () => {
    let asked = 0;
    window.fetch = (() => {
      asked++;
      return Promise.reject(new Error('no network expected'));
    });
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('[role="status"]'), 'it says where things are kept');
    expect(el.shadowRoot!.textContent).to.contain('What you type stays on this device only.');
    expect(asked).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('a sign-in answered with something that is not JSON (a proxy’s error page) says the answer was not understood, not that the server cannot be reached', async () => {
    const server = fakeServer({ password: 'right password here' });
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) =>
      new URL(input instanceof Request ? input.url : input.toString(), location.href).pathname === '/api/auth/sign-in'
        ? new Response('<html><body>502 Bad Gateway</body></html>', { status: 502, headers: { 'content-type': 'text/html' } })
        : server(input, init);
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await signIn(el, 'right password here');
    await untilShown(el, () => el.shadowRoot!.querySelector('[role="alert"]')?.textContent, 'the failure is announced');
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.equal('Could not sign in: the server’s answer was not understood (the server answered 502 with something that is not JSON); changes wait on this device');
  });

  it('offers sign-in with the organisation’s identity provider when the server has one, coming back to this page', async () => {
    window.fetch = fakeServer({ password: 'right password here', oidc: 'Open Doors 365' });
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('.oidc a'), 'the link shows');
    const link = el.shadowRoot!.querySelector<HTMLAnchorElement>('.oidc a')!;
    expect(link.textContent).to.equal('Sign in with Open Doors 365');
    expect(link.getAttribute('href')).to.equal(`/api/auth/oidc/start?return=${encodeURIComponent(location.pathname + location.search)}`);
    await expect(el).to.be.accessible();
  });

  it('back from the identity provider, refused: says why in the page’s language, once, and the address loses the code', async () => {
    window.fetch = fakeServer({ password: 'right password here', oidc: 'Open Doors 365' });
    const start = location.href;
    try {
      history.replaceState(history.state, '', `${location.pathname}?lang=pl&sign-in-refused=no-account`);
      const pl = await fixture<CpSync>(html`<cp-sync lang="pl" organisation=${org} server="" .store=${store}></cp-sync>`);
      await untilShown(pl, () => pl.shadowRoot!.querySelector('[role="alert"]')?.textContent, 'the refusal is announced');
      expect(pl.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('w tej organizacji nie ma konta Casepath dla tego adresu e-mail');
      expect(location.search).to.equal('?lang=pl');
      // The link to try again comes back to this page, without the old refusal.
      await untilShown(pl, () => pl.shadowRoot!.querySelector('.oidc a'), 'the link shows');
      expect(pl.shadowRoot!.querySelector('.oidc a')!.getAttribute('href')).to.equal(`/api/auth/oidc/start?return=${encodeURIComponent(`${location.pathname}?lang=pl`)}`);
      await expect(pl).to.be.accessible();
      pl.remove();
      // An account turned off, in German; a code this version does not know is still said.
      history.replaceState(history.state, '', `${location.pathname}?sign-in-refused=account-off`);
      const de = await fixture<CpSync>(html`<cp-sync lang="de" organisation=${org} server="" .store=${store}></cp-sync>`);
      await untilShown(de, () => de.shadowRoot!.querySelector('[role="alert"]')?.textContent, 'the refusal is announced');
      expect(de.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('dieses Konto ist abgeschaltet');
      de.remove();
      // Back from the identity provider too late, in Lithuanian.
      history.replaceState(history.state, '', `${location.pathname}?sign-in-refused=sign-in-expired`);
      const lt = await fixture<CpSync>(html`<cp-sync lang="lt" organisation=${org} server="" .store=${store}></cp-sync>`);
      await untilShown(lt, () => lt.shadowRoot!.querySelector('[role="alert"]')?.textContent, 'the refusal is announced');
      expect(lt.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('prisijungimas truko ilgiau nei dešimt minučių');
      lt.remove();
      // The identity provider did not answer when the sign-in started, in Russian.
      history.replaceState(history.state, '', `${location.pathname}?sign-in-refused=oidc-unreachable`);
      const ru = await fixture<CpSync>(html`<cp-sync lang="ru" organisation=${org} server="" .store=${store}></cp-sync>`);
      await untilShown(ru, () => ru.shadowRoot!.querySelector('[role="alert"]')?.textContent, 'the refusal is announced');
      expect(ru.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('служба входа организации не отвечает; войдите с паролем');
      ru.remove();
      history.replaceState(history.state, '', `${location.pathname}?sign-in-refused=constructor`);
      const en = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
      await untilShown(en, () => en.shadowRoot!.querySelector('[role="alert"]')?.textContent, 'the refusal is announced');
      expect(en.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.equal('Could not sign in: the server refused (constructor)');
      en.remove();
      // The address is anyone's to write: a sentence in it is not shown as the server's words.
      history.replaceState(history.state, '', `${location.pathname}?sign-in-refused=${encodeURIComponent('Your account was blocked, call +48 555 0100')}`);
      const forged = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
      await untilShown(forged, () => forged.shadowRoot!.querySelector('form'), 'the sign-in form shows');
      expect(forged.shadowRoot!.textContent).not.to.contain('555');
      forged.remove();
      // Nothing in the address: nothing said.
      const plain = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
      await untilShown(plain, () => plain.shadowRoot!.querySelector('form'), 'the sign-in form shows');
      expect(plain.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.equal('');
    } finally {
      history.replaceState(history.state, '', start);
    }
  });

  it('with a server: a wrong password is announced and focus returns to it; signing in shows who and what waits', async () => {
    window.fetch = fakeServer({ password: 'right password here' });
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await expect(el).to.be.accessible();
    const form = el.shadowRoot!.querySelector('form')!;
    form.querySelector<HTMLInputElement>('input[name="email"]')!.value = 'ewa@example.org';
    form.querySelector<HTMLInputElement>('input[name="password"]')!.value = 'wrong';
    form.requestSubmit();
    await untilShown(el, () => el.shadowRoot!.querySelector('[role="alert"]')?.textContent, 'the failure is announced');
    await el.updateComplete; // then the focus moves
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.equal('Could not sign in: the email or password is not right');
    expect(el.shadowRoot!.activeElement?.getAttribute('name')).to.equal('password');
    form.querySelector<HTMLInputElement>('input[name="password"]')!.value = 'right password here';
    form.requestSubmit();
    await untilShown(el, () => el.shadowRoot!.textContent?.includes('Signed in as Ewa Nowak'), 'signed in');
    expect(signedInActor(org)).to.deep.equal({ id: 'ewa', role: 'coordinator' });
    // The organisation's directory, so histories show names.
    await until(() => personName(org, 'anna') === 'Anna Lis', 'the directory of names is read');
    expect(providerName(org, 'warsaw'), 'and the providers’ names').to.equal('Open Doors Warsaw');
    await untilShown(el, () => el.shadowRoot!.textContent?.includes('Everything is on the server.'), 'nothing waits');
    await expect(el).to.be.accessible();
    el.shadowRoot!.querySelector<HTMLButtonElement>('button')!.click();
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'signed out');
    expect(signedInActor(org)).to.equal(null);
    expect(personName(org, 'anna')).to.equal(undefined);
    expect(providerName(org, 'warsaw')).to.equal(undefined);
  });

  it('a refused sign-in answered after the worker went on elsewhere on the page is announced, and leaves the focus there', async () => {
    const server = fakeServer({ password: 'right password here' });
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let asked = () => {};
    const asking = new Promise<void>((resolve) => (asked = resolve));
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      if (!String(input instanceof Request ? input.url : input).endsWith('/api/auth/sign-in')) return server(input, init);
      asked();
      return held.then(() => server(input, init));
    };
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    const elsewhere = await fixture<HTMLInputElement>(html`<input aria-label="Somewhere else on the page" />`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    const form = el.shadowRoot!.querySelector('form')!;
    form.querySelector<HTMLInputElement>('input[name="email"]')!.value = 'ewa@example.org';
    const password = form.querySelector<HTMLInputElement>('input[name="password"]')!;
    password.value = 'wrong';
    password.focus();
    form.requestSubmit();
    await asking;
    elsewhere.focus();
    release();
    await untilShown(el, () => el.shadowRoot!.querySelector('[role="alert"]')?.textContent, 'the failure is announced');
    await el.updateComplete; // when the focus would move
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.equal('Could not sign in: the email or password is not right');
    expect(document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.localName).to.equal('Somewhere else on the page');
  });

  it('asks who is signed in without an error for a visitor nobody signed in, and picks a session up, from a server older than that too', async () => {
    const asked: { path: string; status: number }[] = [];
    const noting = (server: typeof window.fetch) => (window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const answer = await server(input, init);
      asked.push({ path: new URL(input instanceof Request ? input.url : input.toString(), location.href).pathname, status: answer.status });
      return answer;
    });
    noting(fakeServer({ password: 'right password here' }));
    const visitor = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(visitor, () => visitor.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    expect(asked.filter((a) => a.path.startsWith('/api/auth/') && a.path !== '/api/auth/methods'), 'one question, answered 200 (no 401 in the console)').to.deep.equal([{ path: '/api/auth/session', status: 200 }]);
    visitor.remove();
    // A server from before /api/auth/session: asked /me, and its session is taken up.
    asked.length = 0;
    noting(fakeServer({ password: 'right password here', signedIn: true, beforeSession: true }));
    const tab = new IdbCaseStore(org);
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${tab}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.textContent?.includes('Signed in as Ewa Nowak'), 'the session is taken up');
    expect(asked.filter((a) => a.path.startsWith('/api/auth/') && a.path !== '/api/auth/methods').slice(0, 2)).to.deep.equal([{ path: '/api/auth/session', status: 404 }, { path: '/api/auth/me', status: 200 }]);
    el.remove();
    await tab.dispose();
  });

  it('tells the page who works on this device whenever that changes: signed in, signed out, a session picked up as the page opens', async () => {
    const told: (string | null)[] = [];
    const note = (e: Event) => {
      const { worker } = (e as CustomEvent<{ worker: { id: string; role: string; providerId: string | null } | null }>).detail;
      told.push(worker ? `${worker.id} ${worker.role} ${worker.providerId}` : null);
    };
    document.addEventListener('cp-worker-change', note);
    try {
      window.fetch = fakeServer({ password: 'right password here', role: 'job-coach' });
      const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
      await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
      await signIn(el, 'right password here');
      await untilShown(el, () => el.shadowRoot!.textContent?.includes('Everything is on the server.'), 'signed in, nothing waits');
      el.shadowRoot!.querySelector<HTMLButtonElement>('button')!.click();
      await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'signed out');
      expect(told).to.deep.equal(['ewa job-coach warsaw', null]);
      el.remove();
      told.length = 0;
      window.fetch = fakeServer({ password: 'right password here', role: 'supervisor', signedIn: true });
      const tab = new IdbCaseStore(org);
      const again = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${tab}></cp-sync>`);
      await untilShown(again, () => again.shadowRoot!.textContent?.includes('Signed in as Ewa Nowak'), 'the session is picked up');
      expect(told, 'the page learns the role without a sign-in here').to.deep.equal(['ewa supervisor warsaw']);
      again.remove();
      await tab.dispose();
    } finally {
      document.removeEventListener('cp-worker-change', note);
    }
  });

  it('tells the page when the worker signed in moves to another centre, without a new sign-in', async () => {
    const told: (string | null)[] = [];
    let toldTwice: () => void;
    const twice = new Promise<void>((resolve) => (toldTwice = resolve));
    const note = (e: Event) => {
      const { worker } = (e as CustomEvent<{ worker: { id: string; role: string; providerId: string | null } | null }>).detail;
      told.push(worker ? `${worker.id} ${worker.role} ${worker.providerId}` : null);
      if (told.length === 2) toldTwice();
    };
    document.addEventListener('cp-worker-change', note);
    try {
      // The pull after the sign-in says the worker now works in Kraków.
      window.fetch = fakeServer({ password: 'right password here', pullProvider: 'krakow' });
      const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
      await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
      await signIn(el, 'right password here');
      await twice; // after the sign-in's key derivation and the first pull, however long they take
      expect(told).to.deep.equal(['ewa coordinator warsaw', 'ewa coordinator krakow']);
      el.remove();
    } finally {
      document.removeEventListener('cp-worker-change', note);
    }
  });

  it('when this device’s storage fails while opening its records at sign-in, says so and leaves the form usable', async () => {
    window.fetch = fakeServer({ password: 'right password here' });
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    const protect = store.protect.bind(store);
    store.protect = () => Promise.reject(new DOMException('the disk is full', 'QuotaExceededError'));
    try {
      await signIn(el, 'right password here');
      await untilShown(el, () => el.shadowRoot!.querySelector('[role="alert"]')?.textContent, 'the failure is announced');
    } finally {
      store.protect = protect;
    }
    expect(text(el)).to.include('Could not sign in: this device could not open its records (the disk is full); nothing was changed, try again');
    expect(el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled).to.equal(false);
    expect(await store.protectionState()).to.equal('off');
    // Nothing was changed: the server's session ended too, and the device is not linked to it.
    expect((await window.fetch('/api/auth/me')).status).to.equal(401);
    expect(await store.linkNow()).to.equal(null);
  });

  const signIn = async (el: CpSync, password: string) => {
    const form = el.shadowRoot!.querySelector('form')!;
    form.querySelector<HTMLInputElement>('input[name="email"]')!.value = 'ewa@example.org';
    form.querySelector<HTMLInputElement>('input[name="password"]')!.value = password;
    form.requestSubmit();
  };
  const unlockWith = (el: CpSync, passphrase: string) => {
    const form = el.shadowRoot!.querySelector('form')!;
    form.querySelector<HTMLInputElement>('input[name="passphrase"]')!.value = passphrase;
    form.requestSubmit();
  };
  const text = (el: CpSync) => el.shadowRoot!.textContent ?? '';

  it('seals this device’s records with the password at sign-in; locked (or after a reload) they wait for it, and a wrong one is announced', async () => {
    window.fetch = fakeServer({ password: 'right password here' });
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await signIn(el, 'right password here');
    await untilShown(el, () => text(el).includes('Signed in as Ewa Nowak'), 'signed in');
    expect(await store.protectionState()).to.equal('open');
    await store.saveDraft('assessment:c1:x:staff', { answers: { q1: 'kept sealed' } });

    // A reload: the key was in this page's memory only; the session the browser keeps is resumed.
    const reloaded = new IdbCaseStore(org);
    const afterReload = new SyncClient(reloaded, '', { live: false });
    expect(await afterReload.resume()).to.equal(true);
    expect([afterReload.status.state, afterReload.status.lock, afterReload.status.worker?.id]).to.deep.equal(['locked', 'passphrase', 'ewa']);
    await reloaded.dispose();

    // Stepping away from a shared computer: "Lock this device".
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.lock')!.click();
    await untilShown(el, () => el.shadowRoot!.querySelector('input[name="passphrase"]'), 'the records ask for the password');
    expect(await store.protectionState()).to.equal('locked');
    expect(text(el)).to.include('They are locked on this device. Enter your password to open them.');
    await expect(el).to.be.accessible();
    let draft: unknown = null;
    const reading = store.loadDraft('assessment:c1:x:staff').then((d) => (draft = d));
    unlockWith(el, 'not the password');
    await untilShown(el, () => el.shadowRoot!.querySelector('[role="alert"]')?.textContent, 'the failure is announced');
    await el.updateComplete; // then the focus moves
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.equal('this password does not open the records on this device; nothing was changed, check it and try again');
    expect(el.shadowRoot!.activeElement?.getAttribute('name')).to.equal('passphrase');
    expect(draft).to.equal(null); // waiting, not empty
    unlockWith(el, 'right password here');
    await reading;
    expect(draft).to.deep.equal({ answers: { q1: 'kept sealed' } });
    await untilShown(el, () => text(el).includes('Signed in as Ewa Nowak') && !el.shadowRoot!.querySelector('input[name="passphrase"]') && el.shadowRoot!.querySelector('[data-state="online"]'), 'open and syncing');
  });

  it('locks the device after the page is left unused (`lock-after` minutes), says why, and watches again once opened', async () => {
    window.fetch = fakeServer({ password: 'right password here' });
    // 0.01 minutes: 0.6 s, so that the test need not wait a quarter of an hour.
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" lock-after="0.01" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await signIn(el, 'right password here');
    await untilShown(el, () => el.shadowRoot!.querySelector('input[name="passphrase"]'), 'the records lock, left unused');
    expect(await store.protectionState()).to.equal('locked');
    expect(el.shadowRoot!.querySelector('#unlock-why')!.textContent).to.equal('Locked after 0.01 minutes without use. They are locked on this device. Enter your password to open them.');
    expect(accountOf(el, 'form')!.value, 'the account the password is for').to.equal('ewa@example.org');
    await expect(el).to.be.accessible();
    unlockWith(el, 'right password here');
    await untilShown(el, () => !el.shadowRoot!.querySelector('input[name="passphrase"]'), 'open again');
    expect(await store.protectionState()).to.equal('open');
    // Opened, the page is watched again.
    await untilShown(el, () => el.shadowRoot!.querySelector('input[name="passphrase"]'), 'the records lock again, left unused');
    expect(await store.protectionState()).to.equal('locked');
  });

  it('locks nothing with `lock-after="0"`', async () => {
    window.fetch = fakeServer({ password: 'right password here' });
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" lock-after="0" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await signIn(el, 'right password here');
    await untilShown(el, () => text(el).includes('Signed in as Ewa Nowak'), 'signed in');
    // A watch on another element of the same organisation, 0.6 s, tells when that time has passed.
    const { watchIdle } = await import('../../sync/idle-watch.js');
    await new Promise<void>((resolve) => watchIdle(org, 0.01, resolve));
    await el.updateComplete;
    expect(await store.protectionState()).to.equal('open');
    expect(el.shadowRoot!.querySelector('input[name="passphrase"]')).to.equal(null);
  });

  it('locked again in another tab while it opens, asks for the password again instead of showing the worker signed in over records it cannot read', async () => {
    window.fetch = fakeServer({ password: 'right password here' });
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await signIn(el, 'right password here');
    await untilShown(el, () => text(el).includes('Signed in as Ewa Nowak'), 'signed in');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.lock')!.click();
    await untilShown(el, () => el.shadowRoot!.querySelector('input[name="passphrase"]'), 'locked');
    // Another tab signs out just as this one opens the records: they lock again while sync starts.
    const client = syncClientFor(store, '');
    const linkTo = client.replica.linkTo.bind(client.replica);
    let lockedWhileOpening = false;
    client.replica.linkTo = async (...args: Parameters<typeof linkTo>) => {
      if (!lockedWhileOpening) {
        lockedWhileOpening = true;
        await store.lock(); // as the other tab's lock arrives here
      }
      return linkTo(...args); // waits for the records to open, as every read and write does
    };
    unlockWith(el, 'right password here');
    await untilShown(el, () => lockedWhileOpening && client.status.lock === 'passphrase' && el.shadowRoot!.querySelector('input[name="passphrase"]'), 'the form asks again');
    expect(await store.protectionState()).to.equal('locked');
    // The lock lands inside the transaction that links the device: the same, said and not thrown.
    client.replica.linkTo = async () => {
      await store.lock();
      throw new DeviceLockedError();
    };
    expect(await client.unlockDevice('right password here')).to.equal(false);
    expect([client.status.state, client.status.lock]).to.deep.equal(['locked', 'passphrase']);
    client.replica.linkTo = linkTo;
    unlockWith(el, 'right password here');
    await untilShown(el, () => el.shadowRoot!.querySelector('[data-state="online"]'), 'open and syncing');
    expect(await store.protectionState()).to.equal('open');
  });

  it('after the password changed on the server, asks once for the previous one; the new one opens the device from then on', async () => {
    const server = { password: 'first password here' };
    window.fetch = fakeServer(server);
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await signIn(el, 'first password here');
    await untilShown(el, () => text(el).includes('Signed in as Ewa Nowak'), 'signed in');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button')!.click();
    await untilShown(el, () => el.shadowRoot!.querySelector('input[name="email"]'), 'signed out');
    expect(await store.protectionState()).to.equal('locked'); // signing out locks the records

    server.password = 'second password now';
    await signIn(el, 'second password now');
    await untilShown(el, () => el.shadowRoot!.querySelector('input[name="passphrase"]'), 'the previous password is asked for');
    expect(text(el)).to.include('Your password changed since this device was locked.');
    expect(el.shadowRoot!.querySelector('label')!.textContent).to.include('Previous password');
    unlockWith(el, 'first password here');
    await untilShown(el, () => text(el).includes('Signed in as Ewa Nowak') && !el.shadowRoot!.querySelector('input[name="passphrase"]'), 'open');
    await store.lock();
    await store.unlock('ewa', 'second password now'); // throws if the new password had not been given the key
    expect(await store.protectionState()).to.equal('open');
  });

  it('after an administrator gave a forgotten password anew: what waits keeps the device for the previous one; with nothing waiting it starts over with the new one', async () => {
    const server = { password: 'first password here' };
    window.fetch = fakeServer(server);
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" lang="pl" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await signIn(el, 'first password here');
    await untilShown(el, () => text(el).includes('Ewa Nowak') && el.shadowRoot!.querySelector('button.lock'), 'signed in');
    await store.saveDraft('assessment:c1:x:staff', { answers: { q1: 'begun, not sent' } });
    await syncClientFor(store, '').signOut();
    await untilShown(el, () => el.shadowRoot!.querySelector('input[name="email"]'), 'signed out');

    server.password = 'given by the admin';
    await signIn(el, 'given by the admin');
    await untilShown(el, () => el.shadowRoot!.querySelector('button.forgot'), 'the way out for a forgotten password is offered');
    expect(text(el)).to.include('Nie pamiętasz go? Jeśli nic Twojego nie czeka tu na wysłanie, urządzenie zacznie od nowa z nowym hasłem');
    await expect(el).to.be.accessible();
    // Begun and not sent: only the previous password opens it, so the device does not start over.
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.forgot')!.click();
    await untilShown(el, () => el.shadowRoot!.querySelector('[role="alert"]')?.textContent, 'why it cannot start over is announced');
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.equal(
      'tu czeka na wysłanie Twoja praca zabezpieczona poprzednim hasłem; otworzy ją tylko ono, więc je wpisz',
    );
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('name')).to.equal('passphrase');
    expect(await store.protectionState()).to.equal('locked');
    unlockWith(el, 'first password here');
    await untilShown(el, () => !el.shadowRoot!.querySelector('input[name="passphrase"]'), 'open with the previous password');
    expect(await store.loadDraft('assessment:c1:x:staff')).to.deep.equal({ answers: { q1: 'begun, not sent' } });

    // The draft is finished with; then the password is given anew once more, and forgotten.
    await store.deleteDraft('assessment:c1:x:staff');
    await syncClientFor(store, '').signOut();
    await untilShown(el, () => el.shadowRoot!.querySelector('input[name="email"]'), 'signed out again');
    server.password = 'given again by admin';
    await signIn(el, 'given again by admin');
    await untilShown(el, () => el.shadowRoot!.querySelector('button.forgot'), 'asked again for the previous one');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.forgot')!.click();
    await untilShown(el, () => syncClientFor(store, '').status.state === 'online' && text(el).includes('Wszystko jest na serwerze.'), 'started over and synced');
    expect(await store.protectionState()).to.equal('open');
    await store.lock();
    await store.unlock('ewa', 'given again by admin'); // throws unless the new password seals it now
    let previous: unknown = null;
    await store.lock();
    await store.unlock('ewa', 'given by the admin').catch((error: unknown) => (previous = error));
    expect((previous as Error | null)?.name).to.equal('WrongPassphraseError');
  });

  it('a worker changes their password with the keyboard: a wrong current one, a short or unchanged new one said in the page’s language; changed, the device opens with the new one', async () => {
    const server = { password: 'first password here' };
    window.fetch = fakeServer(server);
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" lang="de" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await signIn(el, 'first password here');
    await untilShown(el, () => el.shadowRoot!.querySelector('button.change-password'), 'signed in');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.change-password')!.click();
    await untilShown(el, () => el.shadowRoot!.querySelector('form.password-change'), 'the form opens');
    await el.updateComplete; // then the focus moves
    expect(el.shadowRoot!.activeElement?.getAttribute('name')).to.equal('current-password');
    expect(el.shadowRoot!.querySelector('form.password-change h2')!.textContent).to.equal('Passwort ändern');
    // The account is named, unseen, so a password manager replaces the right saved password.
    expect(accountOf(el, 'form.password-change')?.value).to.equal('ewa@example.org');
    expect(getComputedStyle(accountOf(el, 'form.password-change')!).display).to.equal('none');
    await expect(el).to.be.accessible();
    const alert = () => el.shadowRoot!.querySelector('form.password-change [role="alert"]')!.textContent;
    const changeWith = async (current: string, next: string, expected: string, focused: string) => {
      const form = el.shadowRoot!.querySelector<HTMLFormElement>('form.password-change')!;
      form.querySelector<HTMLInputElement>('input[name="current-password"]')!.value = current;
      form.querySelector<HTMLInputElement>('input[name="new-password"]')!.value = next;
      form.requestSubmit();
      await untilShown(el, () => alert() === expected, expected);
      await el.updateComplete;
      expect(el.shadowRoot!.activeElement?.getAttribute('name'), 'focus is where it went wrong').to.equal(focused);
    };
    await changeWith('not the password', 'the next password', 'das aktuelle Passwort stimmt nicht; nichts wurde geändert', 'current-password');
    await changeWith('first password here', 'short', 'das neue Passwort ist zu kurz: mindestens 10 Zeichen', 'new-password');
    await changeWith('first password here', 'first password here', 'das neue Passwort ist dasselbe wie das aktuelle; wählen Sie ein anderes', 'new-password');
    expect(server.password, 'nothing changed yet').to.equal('first password here');

    const form = el.shadowRoot!.querySelector<HTMLFormElement>('form.password-change')!;
    form.querySelector<HTMLInputElement>('input[name="current-password"]')!.value = 'first password here';
    form.querySelector<HTMLInputElement>('input[name="new-password"]')!.value = 'the next password';
    form.requestSubmit();
    await untilShown(el, () => el.shadowRoot!.querySelector('.password-changed')!.textContent === 'Ihr Passwort ist geändert. Ihre anderen Geräte fragen einmal nach dem bisherigen.', 'the change is said');
    expect(el.shadowRoot!.querySelector('form.password-change')).to.equal(null);
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.classList.contains('change-password')).to.equal(true);
    expect(server.password).to.equal('the next password');
    // This device's records open with the new password now, and not with the old one.
    await store.lock();
    await store.unlock('ewa', 'the next password');
    await store.lock();
    let old: unknown = null;
    await store.unlock('ewa', 'first password here').catch((error: unknown) => (old = error));
    expect((old as Error | null)?.name).to.equal('WrongPassphraseError');
  });

  it('a session without a password (single sign-on, or a device from before sealing) asks the worker to choose a passphrase', async () => {
    window.fetch = fakeServer({ password: 'right password here' });
    await fetch('/api/auth/sign-in', { method: 'POST', body: JSON.stringify({ password: 'right password here' }) }); // the identity provider's redirect
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('input[name="passphrase"]'), 'a passphrase is asked for');
    expect(text(el)).to.include('Choose a passphrase that locks the records on this device: at least 10 characters.');
    expect(el.shadowRoot!.querySelector('input[name="passphrase"]')!.getAttribute('autocomplete')).to.equal('new-password');
    expect(accountOf(el, 'form'), 'a passphrase of the device, not the account’s password').to.equal(null);
    await expect(el).to.be.accessible();
    const client = syncClientFor(store, '');
    expect(await client.unlockDevice('too short')).to.equal(false);
    expect(client.status.problem).to.equal('the passphrase is too short: use at least 10 characters');
    expect(await store.protectionState()).to.equal('off');
    unlockWith(el, 'a long enough passphrase');
    await untilShown(el, () => text(el).includes('Everything is on the server.'), 'sealed and syncing');
    expect(await store.protectionState()).to.equal('open');
    expect(await store.hasPassphrase('ewa')).to.equal(true);
  });

  it('a session on a device another worker sealed says so when asked to open it, instead of failing silently', async () => {
    await store.protect('anna', 'annas long passphrase');
    await store.lock();
    window.fetch = fakeServer({ password: 'right password here' });
    await fetch('/api/auth/sign-in', { method: 'POST', body: JSON.stringify({ password: 'right password here' }) });
    const client = new SyncClient(store, '', { live: false });
    expect(await client.resume()).to.equal(true);
    expect([client.status.state, client.status.lock]).to.deep.equal(['locked', 'passphrase']);
    expect(await client.unlockDevice('right password here')).to.equal(false);
    expect(client.status.problem).to.equal('no passphrase of ewa opens the records on this device; sign in as the worker who locked them');
    expect(client.status.problemCode).to.equal('device-other-worker');
    expect(await store.protectionState()).to.equal('locked');
  });

  it('asks for the authenticator app’s code when the account has a second factor, and says a wrong one', async () => {
    const sent: unknown[] = [];
    const server = fakeServer({ password: 'right password here', code: '314159' });
    window.fetch = (input, init) => {
      if ((input instanceof Request ? input.url : input.toString()).endsWith('/api/auth/sign-in')) sent.push(JSON.parse(init!.body as string));
      return server(input, init);
    };
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    expect(el.shadowRoot!.querySelector('input[name="code"]')).to.equal(null);
    await signIn(el, 'right password here');
    await untilShown(el, () => el.shadowRoot!.querySelector('input[name="code"]'), 'the code is asked for');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.equal('enter the 6-digit code from your authenticator app');
    const code = el.shadowRoot!.querySelector<HTMLInputElement>('input[name="code"]')!;
    expect(el.shadowRoot!.activeElement).to.equal(code);
    expect([code.getAttribute('autocomplete'), code.getAttribute('inputmode')]).to.deep.equal(['one-time-code', 'numeric']);
    await expect(el).to.be.accessible();
    // The email and password stay typed; a wrong code is said, and the code field is ready again.
    code.value = '000000';
    el.shadowRoot!.querySelector('form')!.requestSubmit();
    await untilShown(el, () => el.shadowRoot!.querySelector('[role="alert"]')?.textContent?.startsWith('Could not sign in'), 'the wrong code is announced');
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.equal('Could not sign in: the code is not right or was used already; enter the next 6-digit code from your authenticator app');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('name')).to.equal('code');
    code.value = '314159';
    el.shadowRoot!.querySelector('form')!.requestSubmit();
    await untilShown(el, () => text(el).includes('Signed in as Ewa Nowak'), 'signed in with the code');
    expect(sent).to.deep.equal([
      { email: 'ewa@example.org', password: 'right password here' },
      { email: 'ewa@example.org', password: 'right password here', code: '000000' },
      { email: 'ewa@example.org', password: 'right password here', code: '314159' },
    ]);
  });

  it('when the organisation requires a second factor the account lacks, shows the key for an app and signs in with its code', async () => {
    window.fetch = fakeServer({ password: 'right password here', code: '271828', setUpRequired: true });
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await signIn(el, 'right password here');
    await untilShown(el, () => el.shadowRoot!.querySelector('.key'), 'the key for the app shows');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.key')!.textContent).to.equal('JBSW Y3DP EHPK 3PXP');
    expect(el.shadowRoot!.querySelector('a')!.getAttribute('href')).to.match(/^otpauth:\/\/totp\//);
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.match(/^your organisation asks for a second factor/);
    expect(el.shadowRoot!.activeElement?.getAttribute('name')).to.equal('code');
    await expect(el).to.be.accessible();
    el.shadowRoot!.querySelector<HTMLInputElement>('input[name="code"]')!.value = '271828';
    el.shadowRoot!.querySelector('form')!.requestSubmit();
    await untilShown(el, () => text(el).includes('Signed in as Ewa Nowak'), 'turned on and signed in');
    expect(await store.protectionState()).to.equal('open');
    expect(el.shadowRoot!.querySelector('.key')).to.equal(null);
  });

  it('shows its form only with its words, also in a language whose words load on demand', async () => {
    window.fetch = fakeServer({ password: 'right password here' });
    const el = document.createElement<'cp-sync'>('cp-sync');
    Object.assign(el, { lang: 'lt', organisation: org, server: '', store });
    // Every state of the shadow root as rendered, from the first: a form never shows without its title.
    const titles: string[] = [];
    const look = () => {
      const form = el.shadowRoot?.querySelector('form');
      if (form) titles.push(form.querySelector('h2')?.textContent ?? '');
    };
    document.body.append(el);
    const watching = new MutationObserver(look);
    watching.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
    try {
      await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
      look();
      expect(titles.length).to.be.greaterThan(0);
      expect(titles.filter((t) => t !== 'Prisijunkite, kad dalintumėtės bylomis su komanda')).to.deep.equal([]);
      await expect(el).to.be.accessible();
    } finally {
      watching.disconnect();
      el.remove();
    }
  });

  it('when this device cannot store what it pulled, says so rather than "no connection", and stores it once it can', async () => {
    window.fetch = fakeServer({ password: 'right password here' });
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    const replica = syncClientFor(store, '').replica;
    const applyPull = replica.applyPull.bind(replica);
    // As Chromium throws it when the origin's quota is reached: with no message.
    const failures = [new DOMException('', 'QuotaExceededError'), new DOMException('the database closed', 'UnknownError')];
    let pulls = 0;
    replica.applyPull = (page) => {
      pulls++;
      const failure = failures.shift();
      return failure ? Promise.reject(failure) : applyPull(page);
    };
    await signIn(el, 'right password here');
    const status = () => el.shadowRoot!.querySelector('[role="status"]')?.textContent ?? '';
    await untilShown(el, () => status().includes('out of space'), 'the full disk is said');
    expect(status()).to.equal('This device is out of space (QuotaExceededError); free some space; nothing on it is lost, and sync tries again. Everything is on the server.');
    expect(syncClientFor(store, '').status).to.include({ state: 'offline', problemCode: 'storage-full' });
    await expect(el).to.be.accessible();
    // Tried again by itself: another failure of the storage is said as such too, then the page is stored.
    await untilShown(el, () => status().includes('could not store'), 'the storage failure is said');
    expect(status()).to.equal('This device could not store what it synced (the database closed); nothing on it is lost, and sync tries again. Everything is on the server.');
    await untilShown(el, () => syncClientFor(store, '').status.state === 'online', 'the page is stored once the storage works');
    expect(status()).to.equal('Everything is on the server.');
    expect(syncClientFor(store, '').status.problemCode).to.equal(null);
    expect(pulls).to.be.greaterThanOrEqual(3);
  });

  it('a kept change is marked reviewed with what the worker did, with the keyboard; offline it waits on the device and is sent when the server answers; refused, its words stay', async () => {
    const events = new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
      .add('case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'warsaw', clientRef: 'OD-7' })
      .add('consent.grant', { purpose: 'service' })
      .add('case.pause', {})
      .build();
    const kept = { ...events[1]!, id: '0190a000-0000-7000-8000-00000000c0de', seq: 4, type: 'support.log', payload: { minutes: 30, mode: 'remote' }, actor: { id: 'ewa', role: 'coordinator' } };
    // A second one, kept a day later, which Anna marks reviewed first.
    const other = { ...kept, id: '0190a000-0000-7000-8000-00000000beef', payload: { minutes: 45, mode: 'remote' } };
    const server = fakeServer({ password: 'right password here' });
    // The server's record of the kept change: reviewed once the third try goes through.
    let resolvedAt: string | null = null;
    let otherResolvedAt: string | null = null;
    let serverBack!: () => void;
    const back = new Promise<void>((resolve) => (serverBack = resolve));
    const answers: Record<string, (() => Promise<Response>)[]> = {
      [kept.id]: [
        // No network when she presses the button.
        () => Promise.reject(new TypeError('Failed to fetch')),
        // Sent again by itself once the server answers, which refuses it.
        async () => {
          await back;
          return json(404, { error: 'not-found', message: 'there is no such conflict that you may review' });
        },
        async () => {
          resolvedAt = new Date().toISOString();
          return json(200, { resolved: kept.id });
        },
      ],
      [other.id]: [async () => json(409, { error: 'already-reviewed', message: 'Anna Lis marked this change reviewed first', resolvedBy: 'anna', resolvedAt: (otherResolvedAt = '2026-01-08T10:00:00.000Z') })],
    };
    const resolutions: [string, unknown][] = [];
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = new URL(input instanceof Request ? input.url : input.toString(), location.href).pathname;
      const resolving = /^\/api\/conflicts\/([^/]+)\/resolve$/.exec(path);
      if (resolving) {
        resolutions.push([resolving[1]!, JSON.parse(init!.body as string)]);
        return answers[resolving[1]!]!.shift()!();
      }
      if (path === '/api/sync/pull') {
        // Every pull says where the kept change stands, as the server's pull does when it changes.
        const conflict = { eventId: kept.id, caseId: 'c1', event: kept, rule: 'case-paused', reason: 'the case is paused; resume it before support.log', changedBy: [], createdAt: '2026-01-06T10:00:00.000Z', resolvedAt };
        // Refused because the server no longer lets her record in the case: not because it changed.
        const second = { ...conflict, eventId: other.id, event: other, rule: 'not-found', reason: 'no case c1 that you may record in', createdAt: '2026-01-07T10:00:00.000Z', resolvedAt: otherResolvedAt };
        return json(200, { events, backfill: [], revoked: [], conflicts: [conflict, second], cursor: 'c1', more: false, reset: false });
      }
      return server(input, init);
    };
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await signIn(el, 'right password here');
    await untilShown(el, () => el.shadowRoot!.querySelectorAll('.conflicts li').length === 2, 'the kept changes are listed');
    const item = () => el.shadowRoot!.querySelector<HTMLElement>(`.conflicts li[data-event="${kept.id}"]`);
    const otherField = el.shadowRoot!.querySelector<HTMLInputElement>(`.conflicts li[data-event="${other.id}"] input`)!;
    otherField.value = 'still thinking about this one';
    otherField.dispatchEvent(new InputEvent('input', { bubbles: true }));
    expect(item()!.querySelector('.kept')!.textContent).to.equal('OD-7: Ewa Nowak (coordinator) recorded 30 minutes of support: by phone or online. Not saved: the case is paused; resume it first.');
    // The heading gives no reason of its own: each change says why it was not applied.
    expect(el.shadowRoot!.querySelector('.conflicts > p')!.textContent).to.equal('2 changes were not applied. They are kept for review, each with its reason:');
    expect(el.shadowRoot!.querySelector(`.conflicts li[data-event="${other.id}"] .kept`)!.textContent).to.equal(
      'OD-7: Ewa Nowak (coordinator) recorded 45 minutes of support: by phone or online. Not saved: the server has no case here that you may record in (it may have gone to another team, or been erased).',
    );
    await expect(el).to.be.accessible();
    const said = () => [...el.shadowRoot!.querySelectorAll('.problem, .review-status')].map((p) => p.textContent).join('');
    const submit = async (field: HTMLInputElement, text: string | null, until: () => boolean, what: string) => {
      field.focus();
      if (text !== null) {
        field.value = text;
        field.dispatchEvent(new InputEvent('input', { bubbles: true }));
      }
      field.form!.requestSubmit();
      await untilShown(el, until, what);
    };
    const words = 'Logged it again after the case resumed';
    await submit(item()!.querySelector<HTMLInputElement>('input[name="resolution"]')!, words, () => said().includes('this device'), 'the press is answered');
    // Offline: kept on this device with her words, said as waiting, and counted with what waits.
    expect(said()).to.equal('Marked as reviewed on this device. It is sent when the server answers; until then the change stays listed.');
    await untilShown(el, () => el.shadowRoot!.activeElement?.classList.contains('review-status') === true, 'the focus is on what was said, not lost with the form');
    await untilShown(el, () => item()?.querySelector('.review-waits') !== null, 'the change says its review waits');
    expect(item()!.querySelector('.review-waits')!.textContent).to.equal(`Marked as reviewed on this device; waits to be sent. What you did: ${words}`);
    expect(item()!.querySelector('form'), 'nothing more to press while it waits').to.equal(null);
    expect(el.shadowRoot!.querySelector('[role="status"][data-state]')!.textContent).to.contain('1 change waits to be sent.');
    const stored = (await syncClientFor(store, '').replica.conflicts()).find((c) => c.eventId === kept.id);
    expect(stored?.review).to.deep.include({ resolution: words, refused: null });
    await expect(el).to.be.accessible();
    // The server answers again and refuses it: her words stay in the field, with the reason.
    serverBack();
    await untilShown(el, () => item()?.querySelector('.review-refused') !== null, 'the refusal is said under the change');
    expect(item()!.querySelector('.review-refused')!.textContent).to.equal('Not marked as reviewed: there is no such conflict that you may review.');
    const field = item()!.querySelector<HTMLInputElement>('input[name="resolution"]')!;
    expect(field.value).to.equal(words);
    expect((await syncClientFor(store, '').replica.conflicts()).length, 'both still kept on the device').to.equal(2);
    expect(el.shadowRoot!.querySelector('[role="status"][data-state]')!.textContent, 'a refused review is not sent again by itself').to.contain('Everything is on the server.');
    await expect(el).to.be.accessible();
    // Pressed again, as it stands: the server takes it, and the list lets it go.
    await submit(field, null, () => said().includes('The team sees'), 'the review is taken');
    expect(said()).to.equal('Marked as reviewed. The team sees what you did.');
    await untilShown(el, () => el.shadowRoot!.querySelectorAll('.conflicts li').length === 1, 'the list lets it go');
    expect(resolutions.filter(([id]) => id === kept.id)).to.deep.equal(Array(3).fill([kept.id, { resolution: words }]));
    expect((await syncClientFor(store, '').replica.conflicts()).map((c) => c.eventId)).to.deep.equal([other.id]);
    expect(syncClientFor(store, '').status.conflicts).to.equal(1);
    // What was typed for the other one is still its own.
    const left = el.shadowRoot!.querySelector<HTMLElement>('.conflicts li')!;
    expect([left.dataset.event, left.querySelector('input')!.value]).to.deep.equal([other.id, 'still thinking about this one']);
    await expect(el).to.be.accessible();
    // Anna had marked the other one reviewed first: her words stand, and Ewa sees hers were not recorded.
    await submit(left.querySelector<HTMLInputElement>('input')!, 'Asked Olek to move the case back', () => said().includes('Anna'), 'the first review is said');
    expect(said()).to.equal('Anna Lis had already marked it as reviewed, so their words stand. Yours were not recorded: Asked Olek to move the case back');
    await untilShown(el, () => el.shadowRoot!.querySelector('.conflicts') === null, 'the list is empty');
    expect(await syncClientFor(store, '').replica.conflicts()).to.deep.equal([]);
  });

  it('a teammate’s change marked reviewed here, not sent before the worker stopped being coordinator, stays with their words, said as not sent, until they let it go', async () => {
    const events = new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
      .add('case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'warsaw', clientRef: 'OD-7' })
      .add('consent.grant', { purpose: 'service' })
      .add('case.pause', {})
      .build();
    const annas = { ...events[1]!, id: '0190a000-0000-7000-8000-00000000a11a', seq: 4, type: 'support.log', payload: { minutes: 30, mode: 'remote' }, actor: { id: 'anna', role: 'job-coach' } };
    const server = fakeServer({ password: 'right password here' });
    let role = 'coordinator';
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = new URL(input instanceof Request ? input.url : input.toString(), location.href).pathname;
      if (/^\/api\/conflicts\/[^/]+\/resolve$/.test(path)) {
        // No network when she presses; meanwhile an administrator makes her job coach, and the
        // server, asked again, no longer lets her review Anna's change.
        if (role === 'coordinator') {
          role = 'job-coach';
          throw new TypeError('Failed to fetch');
        }
        return json(404, { error: 'not-found', message: 'there is no such conflict that you may review' });
      }
      if (path === '/api/sync/pull') {
        const conflicts = role === 'coordinator' ? [{ eventId: annas.id, caseId: 'c1', event: annas, rule: 'case-paused', reason: 'the case is paused; resume it before support.log', changedBy: [], createdAt: '2026-01-06T10:00:00.000Z', resolvedAt: null }] : [];
        return json(200, { events, backfill: [], revoked: [], conflicts, cursor: 'c1', more: false, reset: false, role });
      }
      return server(input, init);
    };
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await signIn(el, 'right password here');
    const item = () => el.shadowRoot!.querySelector<HTMLElement>(`.conflicts li[data-event="${annas.id}"]`);
    await untilShown(el, () => item()?.querySelector('input[name="resolution"]'), 'Anna’s kept change is listed for the coordinator');
    const field = item()!.querySelector<HTMLInputElement>('input[name="resolution"]')!;
    field.value = 'Called Anna: she logs it again after the pause';
    field.dispatchEvent(new InputEvent('input', { bubbles: true }));
    field.form!.requestSubmit();
    await untilShown(el, () => item()?.querySelector('.let-go'), 'the change says its review was not sent');
    expect(item()!.querySelector('.review-refused')!.textContent).to.equal('Not sent: you no longer review the team’s changes on this case. Tell whoever does what you did: Called Anna: she logs it again after the pause');
    expect(item()!.querySelector('form'), 'nothing to mark: it is not hers to review').to.equal(null);
    expect(item()!.querySelector('.again')).to.equal(null);
    expect(syncClientFor(store, '').status.worker?.role).to.equal('job-coach');
    expect(syncClientFor(store, '').status.reviewsWaiting, 'not counted as waiting').to.equal(0);
    await expect(el).to.be.accessible();
    item()!.querySelector<HTMLButtonElement>('.let-go')!.click();
    await untilShown(el, () => el.shadowRoot!.querySelector('.conflicts') === null, 'the list lets it go');
    expect(el.shadowRoot!.querySelector('.review-status')!.textContent).to.equal('Let go. Nothing was sent.');
    await untilShown(el, () => el.shadowRoot!.activeElement?.classList.contains('review-status') === true, 'the focus is on what was said');
    expect(await syncClientFor(store, '').replica.conflicts()).to.deep.equal([]);
  });

  it('a kept change the case now accepts is recorded again as it was with one press, and marked reviewed with words that say so; offline both wait', async () => {
    // c1 was paused when Ewa's visit reached the server, and has been resumed since; c2 is still paused.
    const resumed = resumedCase();
    const paused = new CaseHistoryBuilder('c2', '2026-01-05T09:00:00Z')
      .add('case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'warsaw', clientRef: 'OD-8' })
      .add('consent.grant', { purpose: 'service' })
      .add('case.pause', {})
      .build();
    const ewa = { id: 'ewa', role: 'coordinator' };
    const visit = { ...ewasVisit(resumed), reason: 'Visit at the bakery' };
    const call = { ...paused[1]!, id: '0190a000-0000-7000-8000-00000000beef', seq: 3, type: 'support.log', payload: { minutes: 15, mode: 'remote' }, actor: ewa };
    const kept = (event: typeof visit | typeof call, caseId: string) => ({ eventId: event.id, caseId, event, rule: 'case-paused', reason: 'the case is paused; resume it before support.log', changedBy: [], createdAt: '2026-01-06T10:00:00.000Z', resolvedAt: null as string | null });
    const server = fakeServer({ password: 'right password here' });
    let online = true;
    const resolutions: [string, unknown][] = [];
    const pushed: { id: string; type: string }[] = [];
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = new URL(input instanceof Request ? input.url : input.toString(), location.href).pathname;
      const resolving = /^\/api\/conflicts\/([^/]+)\/resolve$/.exec(path);
      if (resolving) {
        if (!online) throw new TypeError('Failed to fetch');
        resolutions.push([resolving[1]!, JSON.parse(init!.body as string)]);
        return json(200, { resolved: resolving[1] });
      }
      if (path === '/api/sync/push') {
        if (!online) throw new TypeError('Failed to fetch');
        const body = JSON.parse(init!.body as string) as { events: { event: { id: string; caseId: string; seq: number; type: string } }[] };
        pushed.push(...body.events.map(({ event }) => ({ id: event.id, type: event.type })));
        return json(200, { results: body.events.map(({ event }) => ({ id: event.id, caseId: event.caseId, status: 'accepted', seq: event.seq })) });
      }
      if (path === '/api/sync/pull') {
        if (!online) throw new TypeError('Failed to fetch');
        const conflicts = [kept(visit, 'c1'), kept(call, 'c2')].map((k) => ({ ...k, resolvedAt: resolutions.some(([id]) => id === k.eventId) ? '2026-01-07T10:00:00.000Z' : null }));
        return json(200, { events: [...resumed, ...paused], backfill: [], revoked: [], conflicts, cursor: 'c1', more: false, reset: false });
      }
      return server(input, init);
    };
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await signIn(el, 'right password here');
    await untilShown(el, () => el.shadowRoot!.querySelectorAll('.conflicts li').length === 2, 'the kept changes are listed');
    const item = (id: string) => el.shadowRoot!.querySelector<HTMLElement>(`.conflicts li[data-event="${id}"]`);
    // Only the one the case now accepts can be recorded again; the other still says why not.
    expect(item(call.id)!.querySelector('button.again'), 'c2 is still paused').to.equal(null);
    const again = item(visit.id)!.querySelector<HTMLButtonElement>('button.again')!;
    expect(again.textContent).to.equal('Record it again as it was');
    expect(item(visit.id)!.querySelector('.kept')!.textContent).to.equal('OD-7: Ewa Nowak (coordinator) recorded 30 minutes of support: at the workplace. Not saved: the case is paused; resume it first. The case has changed since, and accepts this change now.');
    await expect(el).to.be.accessible();
    const said = () => [...el.shadowRoot!.querySelectorAll('.problem, .review-status')].map((p) => p.textContent).join('');
    // Offline: recorded on this device, and the review waits with it.
    online = false;
    again.focus();
    again.click();
    await untilShown(el, () => said().includes('this device'), 'the press is answered');
    expect(said()).to.equal('Recorded again on this device, and marked as reviewed. Both are sent when the server answers.');
    // The button pressed goes; the focus goes to what was said, not to the page's start.
    await untilShown(el, () => el.shadowRoot!.activeElement?.classList.contains('review-status') === true, 'the focus is on what was said');
    const recorded = (await store.events('c1')).filter((e) => e.type === 'support.log');
    expect(recorded.map(({ payload, at, reason, actor }) => ({ payload, at, reason, actor }))).to.deep.equal([{ payload: visit.payload, at: visit.at, reason: visit.reason, actor: ewa }]);
    expect(recorded[0]!.id, 'a new event, not the kept one').not.to.equal(visit.id);
    await untilShown(el, () => item(visit.id)?.querySelector('.review-waits') !== null, 'the change says its review waits');
    expect(item(visit.id)!.querySelector('.review-waits')!.textContent).to.equal('Marked as reviewed on this device; waits to be sent. What you did: Recorded again as it was.');
    expect(item(visit.id)!.querySelector('button.again'), 'not offered twice').to.equal(null);
    expect(el.shadowRoot!.querySelector('[role="status"][data-state]')!.textContent).to.contain('2 changes wait to be sent.');
    await expect(el).to.be.accessible();
    // Back online: the record and the review are sent, and the list lets the change go.
    online = true;
    window.dispatchEvent(new Event('online'));
    await untilShown(el, () => el.shadowRoot!.querySelectorAll('.conflicts li').length === 1, 'the list lets it go');
    expect(resolutions).to.deep.equal([[visit.id, { resolution: 'Recorded again as it was.' }]]);
    expect(pushed).to.deep.equal([{ id: recorded[0]!.id, type: 'support.log' }]);
    expect(el.shadowRoot!.querySelector<HTMLElement>('.conflicts li')!.dataset.event).to.equal(call.id);
  });

  it('pressed in two tabs at once, a kept change is recorded again once', async () => {
    const resumed = resumedCase();
    const visit = ewasVisit(resumed);
    const kept = { eventId: visit.id, caseId: 'c1', event: visit, rule: 'case-paused', reason: 'the case is paused; resume it before support.log', changedBy: [], createdAt: '2026-01-06T10:00:00.000Z', resolvedAt: null };
    const server = fakeServer({ password: 'right password here' });
    const pushed: string[] = [];
    let resolved = false;
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = new URL(input instanceof Request ? input.url : input.toString(), location.href).pathname;
      if (/^\/api\/conflicts\/[^/]+\/resolve$/.test(path)) {
        resolved = true;
        return json(200, { resolved: visit.id });
      }
      if (path === '/api/sync/push') {
        const body = JSON.parse(init!.body as string) as { events: { event: { id: string; caseId: string; seq: number } }[] };
        pushed.push(...body.events.map(({ event }) => event.id));
        return json(200, { results: body.events.map(({ event }) => ({ id: event.id, caseId: event.caseId, status: 'accepted', seq: event.seq })) });
      }
      if (path === '/api/sync/pull') return json(200, { events: resumed, backfill: [], revoked: [], conflicts: [{ ...kept, resolvedAt: resolved ? '2026-01-07T10:00:00.000Z' : null }], cursor: 'c1', more: false, reset: false });
      return server(input, init);
    };
    // Each tab its own connection to the device's database.
    const other = new IdbCaseStore(org);
    let closing: CpSync | null = null;
    try {
      const first = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" device-encryption="off" .store=${store}></cp-sync>`);
      await untilShown(first, () => first.shadowRoot!.querySelector('form'), 'the sign-in form shows');
      await signIn(first, 'right password here');
      const second = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" device-encryption="off" .store=${other}></cp-sync>`);
      closing = second;
      const button = (el: CpSync) => el.shadowRoot!.querySelector<HTMLButtonElement>('button.again');
      await untilShown(first, () => button(first) !== null, 'the first tab offers it');
      await untilShown(second, () => button(second) !== null, 'the second tab offers it');
      button(first)!.click();
      button(second)!.click();
      const said = (el: CpSync) => [...el.shadowRoot!.querySelectorAll('.problem, .review-status')].map((p) => p.textContent).join('');
      await untilShown(first, () => said(first) !== '', 'the first press is answered');
      await untilShown(second, () => said(second) !== '', 'the second press is answered');
      const recorded = (await store.events('c1')).filter((e) => e.type === 'support.log');
      expect(recorded.map(({ payload, at }) => ({ payload, at }))).to.deep.equal([{ payload: visit.payload, at: visit.at }]);
      await untilShown(first, () => first.shadowRoot!.querySelectorAll('.conflicts li').length === 0, 'the list lets it go');
      expect(pushed).to.deep.equal([recorded[0]!.id]);
    } finally {
      // The tab closes before its connection does.
      closing?.remove();
      await other.dispose();
    }
  });

  it('a server that does not answer is said as no connection, not as this device’s fault', async () => {
    const server = fakeServer({ password: 'right password here' });
    let reachable = true;
    window.fetch = (input, init) => (reachable ? server(input, init) : Promise.reject(new TypeError('Failed to fetch')));
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    const replica = syncClientFor(store, '').replica;
    const applyPull = replica.applyPull.bind(replica);
    // The first pull stores its page, then the server stops answering.
    replica.applyPull = (page) => applyPull(page).finally(() => (reachable = false));
    await signIn(el, 'right password here');
    const status = () => el.shadowRoot!.querySelector('[role="status"]')?.textContent ?? '';
    await untilShown(el, () => status().includes('No connection'), 'no connection is said');
    // With when the server last answered, kept with the link (so a reload offline says it too).
    const link = await replica.link();
    expect(link?.lastPulledAt).to.be.a('string').and.equal(syncClientFor(store, '').status.lastSyncedAt);
    expect(status()).to.equal(`No connection to the server. Changes are kept on this device and sent when it answers. Last answer from the server: ${formatInstant('en', link!.lastPulledAt!)}. Everything is on the server.`);
    expect(syncClientFor(store, '').status.problemCode).to.equal('unreachable');
    reachable = true;
  });

  it('signing out while a change waits asks first and says it stays on this device; signed out anyway, it is sent at the next sign-in; sent meanwhile, the question says so', async () => {
    const c1 = resumedCase();
    const server = fakeServer({ password: 'right password here' });
    let online = true;
    const pushed: string[] = [];
    // The server's log of c1: what it had, then what was pushed; a pull sends what follows its cursor.
    const log: unknown[] = [...c1];
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : input.toString(), location.href);
      if (url.pathname === '/api/sync/push') {
        if (!online) throw new TypeError('Failed to fetch');
        const body = JSON.parse(init!.body as string) as { events: { event: { id: string; caseId: string; seq: number } }[] };
        pushed.push(...body.events.map(({ event }) => event.id));
        log.push(...body.events.map(({ event }) => event));
        return json(200, { results: body.events.map(({ event }) => ({ id: event.id, caseId: event.caseId, status: 'accepted', seq: event.seq })) });
      }
      if (url.pathname === '/api/sync/pull') {
        if (!online) throw new TypeError('Failed to fetch');
        const from = Number(url.searchParams.get('cursor') ?? 0);
        return json(200, { events: log.slice(from), backfill: [], revoked: [], conflicts: [], cursor: String(log.length), more: false, reset: false });
      }
      return server(input, init);
    };
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await signIn(el, 'right password here');
    await untilShown(el, () => el.shadowRoot!.textContent?.includes('Everything is on the server.'), 'signed in, nothing waits');
    await until(async () => (await store.events('c1')).length === c1.length, 'the case is pulled');
    const status = () => el.shadowRoot!.querySelector('[role="status"][data-state]')?.textContent ?? '';
    const asked = () => el.shadowRoot!.querySelector('.sign-out-waits')?.textContent ?? null;
    const press = (which: 'sign-out' | 'stay') => el.shadowRoot!.querySelector<HTMLButtonElement>(`button.${which}`)!.click();
    const focused = () => el.shadowRoot!.activeElement?.className || el.shadowRoot!.activeElement?.getAttribute('name');
    /** Focus moves no DOM: waits for the focus event itself (the test's timeout stops one that never comes). */
    const untilFocused = (which: string) =>
      new Promise<void>((resolve) => {
        const check = () => focused() === which && (el.shadowRoot!.removeEventListener('focusin', check), resolve(), true);
        if (!check()) el.shadowRoot!.addEventListener('focusin', check);
      });
    const record = async (minutes: number) => {
      const head = await store.events('c1');
      const r = await store.record({ caseId: 'c1', baseSeq: head.at(-1)!.seq, drafts: [{ type: 'support.log', payload: { minutes, mode: 'remote' }, actor: signedInActor(org)! }] }, templatesById(builtInTemplates));
      if (r.status !== 'saved') throw new Error(`not saved: ${JSON.stringify(r)}`);
      return r.events[0]!.id;
    };

    online = false;
    const call = await record(15);
    await untilShown(el, () => status().includes('1 change waits to be sent.'), 'the change waits');
    press('sign-out');
    await untilShown(el, () => asked(), 'the worker is asked');
    expect(asked()).to.equal('1 change has not reached the server yet. If you sign out now, it stays on this device and is sent the next time you sign in on it.');
    expect(el.shadowRoot!.querySelector('button.sign-out')!.textContent).to.equal('Sign out anyway');
    await untilFocused('stay');
    expect(el.shadowRoot!.querySelector('form'), 'still signed in').to.equal(null);
    await expect(el).to.be.accessible();
    press('stay');
    await untilShown(el, () => asked() === null, 'the question goes');
    await untilFocused('sign-out'); // back on "Sign out"
    expect(status()).to.contain('1 change waits to be sent.');

    // Signed out anyway: the change stays on this device, and goes at the next sign-in.
    press('sign-out');
    await untilShown(el, () => asked(), 'the worker is asked again');
    press('sign-out');
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'signed out');
    await untilFocused('email'); // where the next person at the device begins
    expect(pushed).to.deep.equal([]);
    online = true;
    await signIn(el, 'right password here');
    await untilShown(el, () => status().includes('Everything is on the server.'), 'sent at the next sign-in');
    expect(pushed).to.deep.equal([call]);

    // Asked, and the change goes meanwhile: the question says everything is on the server, and
    // the focus stays where it was.
    online = false;
    const visit = await record(45);
    await untilShown(el, () => status().includes('1 change waits to be sent.'), 'the next change waits');
    press('sign-out');
    await untilShown(el, () => asked(), 'the worker is asked');
    online = true;
    window.dispatchEvent(new Event('online'));
    await untilShown(el, () => asked() === 'Everything is on the server.', 'the question says it went');
    expect(pushed).to.deep.equal([call, visit]);
    expect(el.shadowRoot!.querySelector('button.sign-out')!.textContent).to.equal('Sign out');
    expect(focused()).to.equal('stay');
    press('sign-out');
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'signed out');
  });

  it('"Sign out" on a locked device asks first too when changes wait, counting them without opening the records', async () => {
    const c1 = resumedCase();
    const server = fakeServer({ password: 'right password here' });
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : input.toString(), location.href);
      if (url.pathname === '/api/sync/push') throw new TypeError('Failed to fetch');
      if (url.pathname === '/api/sync/pull') return json(200, { events: url.searchParams.get('cursor') ? [] : c1, backfill: [], revoked: [], conflicts: [], cursor: 'c1', more: false, reset: false });
      return server(input, init);
    };
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await signIn(el, 'right password here');
    await until(async () => (await store.events('c1')).length === c1.length, 'the case is pulled');
    const asked = () => el.shadowRoot!.querySelector('.sign-out-waits')?.textContent ?? null;
    const press = (which: 'sign-out' | 'stay') => el.shadowRoot!.querySelector<HTMLButtonElement>(`button.${which}`)!.click();
    for (const minutes of [15, 20]) {
      const head = await store.events('c1');
      const r = await store.record({ caseId: 'c1', baseSeq: head.at(-1)!.seq, drafts: [{ type: 'support.log', payload: { minutes, mode: 'remote' }, actor: signedInActor(org)! }] }, templatesById(builtInTemplates));
      expect(r.status).to.equal('saved');
    }
    await untilShown(el, () => text(el).includes('2 changes wait to be sent.'), 'the changes wait');

    // Stepped away: locked. A colleague at the shared computer presses "Sign out".
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.lock')!.click();
    await untilShown(el, () => el.shadowRoot!.querySelector('input[name="passphrase"]'), 'locked');
    expect(accountOf(el, 'form')?.value, 'the unlock names whose password it asks').to.equal('ewa@example.org');
    press('sign-out');
    await untilShown(el, () => asked(), 'asked first');
    expect(asked()).to.equal('2 changes have not reached the server yet. If you sign out now, they stay on this device and are sent the next time you sign in on it.');
    expect(el.shadowRoot!.querySelector('button.sign-out')!.textContent).to.equal('Sign out anyway');
    await until(() => el.shadowRoot!.activeElement?.className === 'stay', 'the focus is on "Stay signed in"');
    await expect(el).to.be.accessible();
    press('stay');
    await untilShown(el, () => asked() === null, 'the question goes');
    await until(() => el.shadowRoot!.activeElement?.className === 'sign-out', 'the focus is back on "Sign out"');
    expect(el.shadowRoot!.querySelector('input[name="passphrase"]'), 'still locked, still signed in').to.not.equal(null);
    press('sign-out');
    await untilShown(el, () => asked(), 'asked again');
    press('sign-out');
    await untilShown(el, () => el.shadowRoot!.querySelector('input[name="email"]'), 'signed out');
    expect(await store.protectionState()).to.equal('locked'); // the changes stay, sealed
  });

  it('"Sign out" on a locked device with nothing waiting signs out at once', async () => {
    window.fetch = fakeServer({ password: 'right password here' });
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await signIn(el, 'right password here');
    await untilShown(el, () => text(el).includes('Everything is on the server.'), 'signed in');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.lock')!.click();
    await untilShown(el, () => el.shadowRoot!.querySelector('input[name="passphrase"]'), 'locked');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.sign-out')!.click();
    await untilShown(el, () => el.shadowRoot!.querySelector('input[name="email"]'), 'signed out');
  });

  it('an analyst’s or administrator’s account is not taken on a staff device: said in the page’s language, its session ended, nothing sealed or linked; a worker then signs in', async () => {
    const options: { password: string; role?: string; signedIn?: boolean } = { password: 'right password here', role: 'admin' };
    const asked: string[] = [];
    // The fake server of `options`, noting each path asked.
    const answering = () => {
      const server = fakeServer(options);
      window.fetch = (input: RequestInfo | URL, init?: RequestInit) => (asked.push(new URL(input instanceof Request ? input.url : input.toString(), location.href).pathname), server(input, init));
    };
    answering();
    const el = await fixture<CpSync>(html`<cp-sync lang="ru" organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await signIn(el, 'right password here');
    await untilShown(el, () => el.shadowRoot!.querySelector('[role="alert"]')?.textContent, 'the refusal is announced');
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.match(/эта учётная запись не работает с делами \(это учётная запись аналитика или администратора\), поэтому на этом устройстве ничего не хранится; войдите здесь с учётной записью, которая работает с делами$/);
    expect(asked.filter((p) => p !== '/api/auth/methods' && p !== '/api/auth/session'), 'signed in, then out at once; nothing pulled').to.deep.equal(['/api/auth/sign-in', '/api/auth/sign-out']);
    expect(await store.protectionState(), 'not sealed with their password').to.equal('off');
    expect(await store.linkNow(), 'not linked to them').to.equal(null);
    await expect(el).to.be.accessible();
    el.remove();

    // Their session in this browser (the site's other pages) is not taken either, nor ended.
    Object.assign(options, { signedIn: true });
    asked.length = 0;
    answering();
    const tab = new IdbCaseStore(org);
    const again = await fixture<CpSync>(html`<cp-sync lang="ru" organisation=${org} server="" .store=${tab}></cp-sync>`);
    await untilShown(again, () => again.shadowRoot!.querySelector('form') && again.shadowRoot!.querySelector('[role="alert"]')?.textContent, 'the form says why');
    expect(again.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.match(/^эта учётная запись не работает с делами/);
    expect(asked).to.not.include('/api/auth/sign-out');
    expect(asked).to.not.include('/api/sync/pull');
    again.remove();
    await tab.dispose();

    // A worker signs in on the device.
    window.fetch = fakeServer({ password: 'right password here' });
    const worker = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(worker, () => worker.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await signIn(worker, 'right password here');
    await untilShown(worker, () => text(worker).includes('Signed in as Ewa Nowak'), 'signed in');
    expect(await store.protectionState()).to.equal('open');
  });

  it('a session the server ends locks the records as a sign-out does, so the next person to sign in here does not find them open; the worker signing in again opens them', async () => {
    window.fetch = fakeServer({ password: 'right password here', sessionEnds: true });
    let locks = 0;
    store.subscribe((change) => void (change.locked === true && locks++));
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await signIn(el, 'right password here');
    // Signed in (the records sealed and open), the first pull finds the session ended on the server.
    await untilShown(el, () => el.shadowRoot!.querySelector('[role="alert"]')?.textContent, 'the ended session is announced');
    expect(el.shadowRoot!.querySelector('input[name="email"]'), 'the sign-in form').not.to.equal(null);
    expect(await store.protectionState()).to.equal('locked');
    expect(locks).to.equal(1);

    window.fetch = fakeServer({ password: 'right password here' });
    await signIn(el, 'right password here');
    await untilShown(el, () => text(el).includes('Signed in as Ewa Nowak'), 'signed in again');
    expect(await store.protectionState()).to.equal('open');
  });

  it('a tab handed over to a person keeps their view when the session ends or the page goes unused; the take-back locks it (see <cp-hand-over>)', async () => {
    const handOver = handOverKey(org);
    sessionStorage.setItem(handOver, JSON.stringify({ caseId: 'c1', workerId: 'ewa' }));
    try {
      window.fetch = fakeServer({ password: 'right password here', sessionEnds: true });
      const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" lock-after="0.01" .store=${store}></cp-sync>`);
      await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
      await signIn(el, 'right password here');
      await untilShown(el, () => el.shadowRoot!.querySelector('[role="alert"]')?.textContent, 'the ended session is announced');
      expect(await store.protectionState(), 'the person’s view still reads the records').to.equal('open');
      el.remove();

      // Signed in again, the person reads on quietly for longer than `lock-after`.
      window.fetch = fakeServer({ password: 'right password here' });
      const again = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" lock-after="0.01" .store=${store}></cp-sync>`);
      await untilShown(again, () => again.shadowRoot!.querySelector('form'), 'the sign-in form shows');
      await signIn(again, 'right password here');
      await untilShown(again, () => text(again).includes('Signed in as Ewa Nowak'), 'signed in');
      const { watchIdle } = await import('../../sync/idle-watch.js');
      await new Promise<void>((resolve) => watchIdle(org, 0.02, resolve));
      expect(await store.protectionState(), 'not locked while handed over').to.equal('open');
      // Taken back: the page left unused locks again.
      sessionStorage.removeItem(handOver);
      await untilShown(again, () => again.shadowRoot!.querySelector('input[name="passphrase"]'), 'the records lock, left unused');
      expect(await store.protectionState()).to.equal('locked');
    } finally {
      sessionStorage.removeItem(handOver);
    }
  });

  it('says what went wrong in the page’s language: a wrong password in Polish, an account turned off in Ukrainian, an ended session in German', async () => {
    window.fetch = fakeServer({ password: 'right password here' });
    const pl = await fixture<CpSync>(html`<cp-sync lang="pl" organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(pl, () => pl.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await signIn(pl, 'wrong');
    await untilShown(pl, () => pl.shadowRoot!.querySelector('[role="alert"]')?.textContent, 'the failure is announced');
    expect(pl.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.equal('Nie udało się zalogować: e-mail lub hasło są nieprawidłowe');
    pl.remove();

    // The right password of an account turned off: said as such, in Ukrainian, not as a wrong password.
    window.fetch = fakeServer({ password: 'right password here', turnedOff: true });
    const uk = await fixture<CpSync>(html`<cp-sync lang="uk" organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(uk, () => uk.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await signIn(uk, 'right password here');
    await untilShown(uk, () => uk.shadowRoot!.querySelector('[role="alert"]')?.textContent, 'the refusal is announced');
    expect(uk.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.match(/цей обліковий запис вимкнено; якщо ви досі тут працюєте, попросіть адміністратора його ввімкнути$/);
    uk.remove();

    window.fetch = fakeServer({ password: 'right password here', sessionEnds: true });
    const de = await fixture<CpSync>(html`<cp-sync lang="de" organisation=${org} server="" .store=${store}></cp-sync>`);
    await untilShown(de, () => de.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await signIn(de, 'right password here');
    // Signed in, the first pull finds the session ended on the server: the form says so, in German.
    await untilShown(de, () => de.shadowRoot!.querySelector('[role="alert"]')?.textContent, 'the ended session is announced');
    expect(de.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.equal('Ihre Sitzung ist abgelaufen; melden Sie sich wieder an, um zu senden, was auf diesem Gerät wartet');
    expect(syncClientFor(store, '').status.problem).to.equal('the session ended; sign in again to send what waits on this device');
    await expect(de).to.be.accessible();
  });
});
