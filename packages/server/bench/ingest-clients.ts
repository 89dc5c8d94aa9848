// The ingest benchmark's 20 devices, in a process of their own (as devices are other machines):
// the benchmark sends each device's signed-in cookie and its pushes' bodies, then "go"; each
// device pushes its bodies one after the other, all devices at once, and every event must come
// back accepted. Replies "ready", then "done" with the CPU this process used (or the first refusal).
//
// Each device keeps one connection open (as a browser keeps one to its server) and pushes through
// `node:http`: Node's own `fetch` costs this process about three times the CPU for the same
// requests, and that CPU is taken from the cores the server and PostgreSQL share here.
import { Agent, request } from 'node:http';

interface Devices {
  url: string;
  devices: { cookie: string; bodies: string[] }[];
}

const send = (message: unknown) => process.send!(message);

function post(url: URL, agent: Agent, cookie: string, body: string): Promise<{ status: number; answer: { results?: { status: string }[] } }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), cookie } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, answer: JSON.parse(Buffer.concat(chunks).toString('utf8')) as { results?: { status: string }[] } });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

process.once('message', ({ url, devices }: Devices) => {
  const target = new URL('/api/sync/push', url);
  process.once('message', () => {
    const cpu = process.cpuUsage();
    Promise.all(
      devices.map(async ({ cookie, bodies }) => {
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        try {
          for (const body of bodies) {
            const { status, answer } = await post(target, agent, cookie, body);
            if (status !== 200 || !answer.results || answer.results.some((r) => r.status !== 'accepted')) throw new Error(`push refused (${status}): ${JSON.stringify(answer).slice(0, 300)}`);
          }
        } finally {
          agent.destroy();
        }
      }),
    ).then(
      () => {
        const used = process.cpuUsage(cpu);
        send({ done: true, cpuMs: (used.user + used.system) / 1000 });
      },
      (error: unknown) => send({ done: false, error: String(error) }),
    );
  });
  send({ ready: true });
});
