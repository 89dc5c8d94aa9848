/**
 * Sync of a device's IndexedDB with a Casepath server, without any DOM: usable in widgets, in a
 * service worker, or in Node (with an IndexedDB such as fake-indexeddb).
 */
export { MIN_PASSPHRASE_LENGTH, signInRefusal, SyncClient, SyncProtocolError, SyncWorker, type DeviceLock, type SignInFailure, type SyncProblemCode, type SyncStatus, type SyncState } from './sync-client.js';
export { DeviceLockedError, IdbCaseStore, WrongPassphraseError, caseStoreFor, type Protection } from '../storage/idb-case-store.js';
export { databaseName } from '../storage/casepath-db.js';
export { Replica, type Conflict, type PushAnswer, type PullAnswer } from '../storage/replica.js';
export { templatesById, type CaseStore, type RecordResult, type TemplateResolver } from '../storage/case-store.js';
