// Starts a throwaway PostgreSQL cluster for the tests and stops it after. The server's
// migrations run once into a template database that each test copies.
import type { TestProject } from 'vitest/node';
import { findPostgresBin, startCluster } from './pg-cluster.js';

export default async function setup(project: TestProject) {
  const bin = findPostgresBin();
  if (!bin) {
    if (process.env.CI) throw new Error('PostgreSQL server binaries were not found (apt-get install postgresql, or set PG_BIN); the server tests need them in CI');
    console.warn('PostgreSQL not found: server tests run on PGlite only (apt-get install postgresql to run them on PostgreSQL too)');
    project.provide('postgresUrl', '');
    return;
  }
  // fsync off: a test cluster needs no durability, and the tests run faster.
  const cluster = await startCluster(bin, ['fsync=off']);
  const { openPostgres } = await import('../src/db/database.js');
  const { migrate } = await import('../src/db/migrate.js');
  const admin = openPostgres(`${cluster.url}/postgres`, 1);
  await admin.query('CREATE DATABASE casepath_template');
  const template = openPostgres(`${cluster.url}/casepath_template`, 1);
  await migrate(template);
  await template.close();
  await admin.close();
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}
