// Counts what a server reads of its database while long polls wait (ADR 0031), for the tests and
// the idle-polls benchmark: the pages read (each in a snapshot of its own) and the readings of the
// commit mark alone, by the very statement the server sends.
import type { Database } from '../src/db/database.js';
import { READ_COMMIT_MARK } from '../src/db/commit-mark.js';

/** Wraps `db` so that every page read and every reading of the commit mark from now on is counted. */
export function countReads(db: Database): { pages: number; marks: number } {
  const counts = { pages: 0, marks: 0 };
  const snapshot = db.snapshot.bind(db);
  db.snapshot = (fn) => (counts.pages++, snapshot(fn));
  const query = db.query.bind(db);
  db.query = (sql, params) => {
    if (sql === READ_COMMIT_MARK) counts.marks++;
    return query(sql, params);
  };
  return counts;
}
