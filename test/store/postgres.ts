// A throwaway PostgreSQL cluster from Debian's packages for the test store: its own data directory, TCP on 127.0.0.1
// only (no Unix socket), durability off (fsync, synchronous commit, full-page writes: a crash loses nothing we keep).
// initdb refuses to run as root, so as root every server command runs as the `postgres` user.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { killOnExit, run, tailOfFile } from './processes';

function pgBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) {
    throw new Error(
      `PostgreSQL server binaries not found under ${root}: install Debian's postgresql package (.ci/run does) to run the web store tests`,
    );
  }
  return path.join(root, versions[0], 'bin');
}

const isRoot = process.getuid?.() === 0;

function asPostgres(cmd: string, args: string[]): [string, string[]] {
  const bin = path.join(pgBin(), cmd);
  return isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

export function postgresVersion(): string {
  const [cmd, args] = asPostgres('postgres', ['--version']);
  return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
}

/** A fresh temp folder the postgres user may pass through (as root, mkdtemp's 0700 would stop it). */
export function workDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(dir, 0o711);
  return dir;
}

/** A folder the server may own (as root: chowned to postgres); the cluster lives in its `data` subfolder. */
export function makeClusterDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
}

export async function initCluster(dir: string): Promise<void> {
  const [cmd, args] = asPostgres('initdb', [
    '-D',
    path.join(dir, 'data'),
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  await run(cmd, args);
}

export interface Cluster {
  port: number;
  url(database: string): string;
  createDb(name: string): Promise<void>;
  /** Runs SQL as the superuser with psql; its rows unaligned, one per line. For a test that plays what the store does inside. */
  sql(database: string, query: string): Promise<string>;
  /** RSS of the postmaster and its backends, kB (shared memory counted in each: an upper bound). */
  rssKb(): number;
  stop(): Promise<void>;
}

export async function startCluster(dir: string, port: number): Promise<Cluster> {
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    "-c unix_socket_directories=''",
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');
  const [cmd, args] = asPostgres('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '120', '-o', options, 'start']);
  try {
    await run(cmd, args, { timeoutMs: 150_000 });
  } catch (error) {
    throw new Error(`${(error as Error).message}\nserver log:\n${tailOfFile(log)}`);
  }
  const stopArgs = (mode: string) => asPostgres('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
  const forget = killOnExit(() => {
    const [c, a] = stopArgs('immediate');
    execFileSync(c, a, { stdio: 'ignore' });
  });
  let stopped = false;
  return {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async createDb(name) {
      const [c, a] = asPostgres('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name]);
      await run(c, a);
    },
    async sql(database, query) {
      const [c, a] = asPostgres('psql', [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'postgres',
        '-d',
        database,
        '-At',
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        query,
      ]);
      return run(c, a);
    },
    rssKb() {
      const pid = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return [pid, ...childrenOf(pid)].reduce((sum, p) => sum + rssOf(p), 0);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const [c, a] = stopArgs('fast');
      await run(c, a);
      forget();
    },
  };
}

export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // the process just ended
  }
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The field after the parenthesised command name: state, then ppid.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      continue; // gone while listing
    }
  }
  return out;
}
