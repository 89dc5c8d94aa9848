// A device as the model and restore tests drive it: the widgets' real IndexedDB store and
// SyncClient (on fake-indexeddb, which the test file imports first), against a real server.
import type { EventDraft } from '@casepath/core';
import { builtInTemplates } from '@casepath/core';
import { IdbCaseStore, SyncClient, templatesById } from '@casepath/widgets/sync';
import { openPglite } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { startServer, type RunningServer } from '../src/server.js';
import { seedOrganisation, testConfig, type Person } from './helpers.js';

/** A server on an embedded database made in `dataDir` with the test organisation. */
export async function seededServer(dataDir: string): Promise<RunningServer> {
  const seed = await openPglite(dataDir);
  await migrate(seed);
  await seedOrganisation(seed);
  await seed.close();
  return startServer({ ...testConfig, database: { kind: 'pglite', dataDir } });
}

export const templates = templatesById(builtInTemplates);

export class Device {
  online = true;
  private cookie = '';
  readonly store: IdbCaseStore;
  readonly sync: SyncClient;
  /** Ids of events this device saved locally (what the person saw as saved). */
  readonly saved: string[] = [];
  /** The case of each event saved here. */
  readonly savedCase = new Map<string, string>();
  constructor(
    readonly name: string,
    readonly who: Person,
    base: string,
    /** Records sealed at rest (the default with a server) or kept as they are (`device-encryption="off"`). */
    sealed: boolean,
  ) {
    this.store = new IdbCaseStore(name);
    this.sync = new SyncClient(this.store, base, { live: false, deviceEncryption: sealed, fetch: (input, init) => this.fetch(input, init) });
  }
  /** Requests to this path reach the server, but their answers are lost on the way back (a dropped connection). */
  loseAnswersTo: string | null = null;
  private async fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    if (!this.online) throw new TypeError('fetch failed: the device is offline');
    const res = await fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...(this.cookie ? { cookie: this.cookie } : {}) } });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    if (this.loseAnswersTo !== null && new URL(input instanceof Request ? input.url : input.toString()).pathname === this.loseAnswersTo) throw new TypeError('fetch failed: the connection dropped before the answer');
    return res;
  }
  async record(draft: EventDraft, caseId = 'case-1'): Promise<void> {
    const view = await this.store.events(caseId);
    const r = await this.store.record({ caseId, baseSeq: view[view.length - 1]?.seq ?? -1, drafts: [draft] }, templates);
    if (r.status === 'saved') {
      this.saved.push(r.events[0]!.id);
      this.savedCase.set(r.events[0]!.id, caseId);
    }
  }
  /** Syncs when online; offline it fails like a real device and keeps everything. */
  async trySync(): Promise<void> {
    try {
      await this.sync.syncOnce();
    } catch {
      /* offline or server restarting: the outbox keeps it */
    }
  }
}

