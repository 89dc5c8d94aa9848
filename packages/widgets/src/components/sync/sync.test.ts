import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { deleteDB } from 'idb';
import { databaseName, IdbCaseStore } from '../../storage/idb-case-store.js';
import { signedInActor } from '../../internal/signed-in.js';
import { personName } from '../../internal/directory.js';
import type { CpSync } from './sync.js';
import './cp-sync.js';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const worker = { id: 'ewa', displayName: 'Ewa Nowak', role: 'coordinator', providerId: 'warsaw', organisationId: 'od' };

/** A stand-in for the server's HTTP API, enough for sign-in and an empty sync. */
function fakeServer(options: { password: string; oidc?: string }) {
  let signedIn = false;
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input.toString(), location.href);
    switch (url.pathname) {
      case '/api/auth/methods':
        return options.oidc ? json(200, { password: true, oidc: { label: options.oidc, start: '/api/auth/oidc/start' } }) : json(404, { error: 'not-found', message: 'no such endpoint' });
      case '/api/auth/me':
        return signedIn ? json(200, { worker }) : json(401, { error: 'unauthenticated', message: 'sign in first' });
      case '/api/auth/sign-in': {
        const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as { password: string };
        if (body.password !== options.password) return json(401, { error: 'bad-credentials', message: 'the email or password is not right' });
        signedIn = true;
        return json(200, { worker });
      }
      case '/api/workers':
        return signedIn ? json(200, { workers: [worker, { ...worker, id: 'anna', displayName: 'Anna Lis', role: 'job-coach' }] }) : json(401, { error: 'unauthenticated', message: 'sign in first' });
      case '/api/sync/pull':
        return json(200, { events: [], backfill: [], revoked: [], conflicts: [], cursor: 'c', more: false, reset: false });
      case '/api/auth/sign-out':
        signedIn = false;
        return json(200, { signedOut: true });
      default:
        return json(404, { error: 'not-found', message: 'no' });
    }
  };
}

describe('<cp-sync>', () => {
  const realFetch = window.fetch;
  let org = '';
  let store: IdbCaseStore;
  beforeEach(() => {
    org = `sync-${Math.random().toString(36).slice(2)}`;
    store = new IdbCaseStore(org);
  });
  afterEach(async () => {
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
    await waitUntil(() => el.shadowRoot!.querySelector('[role="status"]'), 'it says where things are kept');
    expect(el.shadowRoot!.textContent).to.contain('What you type stays on this device only.');
    expect(asked).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('offers sign-in with the organisation’s identity provider when the server has one, coming back to this page', async () => {
    window.fetch = fakeServer({ password: 'right password here', oidc: 'Open Doors 365' });
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await waitUntil(() => el.shadowRoot!.querySelector('.oidc a'), 'the link shows');
    const link = el.shadowRoot!.querySelector<HTMLAnchorElement>('.oidc a')!;
    expect(link.textContent).to.equal('Sign in with Open Doors 365');
    expect(link.getAttribute('href')).to.equal(`/api/auth/oidc/start?return=${encodeURIComponent(location.pathname + location.search)}`);
    await expect(el).to.be.accessible();
  });

  it('with a server: a wrong password is announced and focus returns to it; signing in shows who and what waits', async () => {
    window.fetch = fakeServer({ password: 'right password here' });
    const el = await fixture<CpSync>(html`<cp-sync organisation=${org} server="" .store=${store}></cp-sync>`);
    await waitUntil(() => el.shadowRoot!.querySelector('form'), 'the sign-in form shows');
    await expect(el).to.be.accessible();
    const form = el.shadowRoot!.querySelector('form')!;
    form.querySelector<HTMLInputElement>('input[name="email"]')!.value = 'ewa@example.org';
    form.querySelector<HTMLInputElement>('input[name="password"]')!.value = 'wrong';
    form.requestSubmit();
    await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]')?.textContent, 'the failure is announced');
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.equal('Could not sign in: the email or password is not right');
    expect(el.shadowRoot!.activeElement?.getAttribute('name')).to.equal('password');
    form.querySelector<HTMLInputElement>('input[name="password"]')!.value = 'right password here';
    form.requestSubmit();
    await waitUntil(() => el.shadowRoot!.textContent?.includes('Signed in as Ewa Nowak'), 'signed in');
    expect(signedInActor(org)).to.deep.equal({ id: 'ewa', role: 'coordinator' });
    // The organisation's directory, so histories show names.
    await waitUntil(() => personName(org, 'anna') === 'Anna Lis', 'the directory of names is read');
    await waitUntil(() => el.shadowRoot!.textContent?.includes('Everything is on the server.'), 'nothing waits');
    await expect(el).to.be.accessible();
    el.shadowRoot!.querySelector<HTMLButtonElement>('button')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('form'), 'signed out');
    expect(signedInActor(org)).to.equal(null);
    expect(personName(org, 'anna')).to.equal(undefined);
  });
});
