// The ingest benchmark's 20 devices, in a process of their own (as devices are other machines):
// the benchmark sends each device's signed-in cookie and its pushes' bodies, then "go"; each
// device pushes its bodies one after the other, all devices at once, and every event must come
// back accepted. Replies "ready", then "done" (or the first refusal).
interface Devices {
  url: string;
  devices: { cookie: string; bodies: string[] }[];
}

const send = (message: unknown) => process.send!(message);

process.once('message', ({ url, devices }: Devices) => {
  process.once('message', () => {
    Promise.all(
      devices.map(async ({ cookie, bodies }) => {
        for (const body of bodies) {
          const res = await fetch(`${url}/api/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body });
          const answer = (await res.json()) as { results?: { status: string }[] };
          if (res.status !== 200 || !answer.results || answer.results.some((r) => r.status !== 'accepted')) throw new Error(`push refused: ${JSON.stringify(answer).slice(0, 300)}`);
        }
      }),
    ).then(
      () => send({ done: true }),
      (error: unknown) => send({ done: false, error: String(error) }),
    );
  });
  send({ ready: true });
});
