// Starts the real casepath-server in a child process (from source, through tsx) and reads its
// address from its log; used by the tests that need separate processes or a kill.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../src/bin/casepath-server.ts', import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startServerProcess(env: Record<string, string>, args: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--conditions=@casepath/source', '--import', 'tsx', bin, ...args], {
    env: { ...process.env, CASEPATH_PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const m = /"url":"(http:\/\/[^"]+)".*casepath server listening/.exec(buffer);
      if (m) {
        resolve({
          url: m[1]!,
          child,
          stop: (signal = 'SIGTERM') => {
            child.kill(signal);
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`casepath-server exited (${code}) before listening:\n${stderr}${buffer}`)));
  });
}

/** A client over real HTTP, keeping its session cookie (valid on every process of one database). */
export class HttpClient {
  cookie = '';
  constructor(public base: string) {}
  async request(method: string, path: string, json?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(this.base + path, {
      method,
      headers: { ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...(this.cookie ? { cookie: this.cookie } : {}) },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
}
