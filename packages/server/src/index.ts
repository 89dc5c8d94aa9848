/**
 * @casepath/server: what an NGO runs so that a team shares its cases across devices. PostgreSQL,
 * or embedded PGlite by default; staff sign-in; access per case; sync of the append-only logs.
 *
 * @packageDocumentation
 */
export { configFromEnv, ConfigError, ServerEnv, type ServerConfig } from './config.js';
export { startServer, openDatabase, type RunningServer } from './server.js';
export { createApp } from './http/app.js';
export { connectPostgres, openPglite, openPostgres, type Database, type Queryable } from './db/database.js';
export { migrate, schemaStatus } from './db/migrate.js';
export { STAFF_ROLES, ACTIONS, maySeeCase, mayDo, type StaffRole, type Worker, type Action } from './domain/access.js';
export { decidePush, type PushedEvent, type PushOutcome } from './domain/push.js';
