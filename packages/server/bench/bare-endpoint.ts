/**
 * The ingest benchmark's second reference: the least an HTTP API that stores pushed events does.
 * A `node:http` server answers `POST /api/sync/push` by reading the body, `JSON.parse`, one
 * INSERT of the push's rows (as the plain reference writes them), and the answer the clients
 * expect. Nobody is signed in, nothing is checked, decided, sealed or chained, no head is kept.
 *
 * Timed beside the plain INSERT, it tells how much of the ratio is the HTTP hop itself (parsing
 * and answering requests, on the same cores as the database and the clients) and how much is
 * what Casepath does with each push.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '../src/db/database.js';

interface Pushed {
  events: { event: { id: string; caseId: string; seq: number } }[];
}

export async function startBareEndpoint(db: Database): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const { events } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Pushed;
        const values = events.map((_, k) => `($${k * 5 + 1}, $${k * 5 + 2}, $${k * 5 + 3}, $${k * 5 + 4}, $${k * 5 + 5}, 'bench')`).join(', ');
        await db.query(`INSERT INTO events (case_id, seq, id, body, recorded_by, device_id) VALUES ${values}`, events.flatMap(({ event }) => [event.caseId, event.seq, event.id, JSON.stringify(event), 'ewa']));
        const answer = JSON.stringify({ results: events.map(({ event }) => ({ id: event.id, caseId: event.caseId, status: 'accepted', seq: event.seq })) });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) }).end(answer);
      })().catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
