// Every temporary folder the server's tests make (databases, case keys, key stores, a
// PostgreSQL cluster) goes under one folder of this run, removed when the run ends. Case keys
// are secrets, and the erasure tests alone left 40 MB of databases behind at every run: a
// developer's machine should not collect them. Workers inherit TMPDIR, which os.tmpdir() reads.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup() {
  const root = mkdtempSync(join(tmpdir(), 'casepath-server-tests-'));
  chmodSync(root, 0o711); // the test cluster runs as `postgres` in a folder below this one
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(root, { recursive: true, force: true });
  };
}
