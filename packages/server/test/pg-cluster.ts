// A throwaway PostgreSQL cluster (initdb + pg_ctl, in a temporary folder, on a free loopback
// port, as the `postgres` user when run as root), for the tests and the benchmark.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function findPostgresBin(): string | null {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0]!, 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface Cluster {
  /** `postgresql://casepath@127.0.0.1:PORT` (add `/database`). */
  url: string;
  /** The CPU time its processes have used so far, in ms (Linux only; the benchmark's). */
  cpuMs(): number;
  stop(): void;
}

/** A process's fields from `/proc/PID/stat` after its name: [state, ppid, …]; null when it is gone. */
function procStat(pid: string): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

let ticksPerSecond: number | undefined;

/**
 * CPU used by a postmaster and the backends it runs, in ms: its own time, that of the children it
 * has reaped (the connections that ended), and that of those running now.
 */
function clusterCpuMs(postmasterPid: string): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
  // After the name: state (0), ppid (1), … utime (11), stime (12), cutime (13), cstime (14).
  const own = procStat(postmasterPid);
  if (!own) return 0;
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const child = procStat(pid);
    if (child?.[1] === postmasterPid) ticks += Number(child[11]) + Number(child[12]);
  }
  return (ticks * 1000) / ticksPerSecond;
}

export async function startCluster(bin: string, settings: string[] = []): Promise<Cluster> {
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'casepath-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const run = (cmd: string, args: string[]) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe' }) : execFileSync(join(bin, cmd), args, { stdio: 'pipe' });
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '--auth=trust', '--username=casepath', '--encoding=UTF8', '--no-sync']);
  const port = await freePort();
  const options = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c max_connections=200', ...settings.map((s) => `-c ${s}`)].join(' ');
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', options, 'start']);
  return {
    url: `postgresql://casepath@127.0.0.1:${port}`,
    cpuMs: () => clusterCpuMs(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]!.trim()),
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
