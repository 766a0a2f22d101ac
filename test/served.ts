// The built browser-mode server (dist/server/serve.mjs) as a real process, for probes of its transports. `npm test`
// builds first; a lone run rebuilds the Node entries when a source is newer than the bundle.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from '../db/connection';
import { dumpTables } from './db-dump';
import { ROOT } from './helpers';

export const SERVE = path.join(ROOT, 'dist', 'server', 'serve.mjs');

function newestSource(): number {
  let newest = 0;
  for (const dir of ['server', 'core', 'db', 'scripts']) {
    for (const f of readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      if (f.endsWith('.ts')) newest = Math.max(newest, statSync(path.join(ROOT, dir, f)).mtimeMs);
    }
  }
  return newest;
}

export function ensureNodeBuild(): void {
  if (!existsSync(SERVE) || statSync(SERVE).mtimeMs < newestSource()) {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), 'node'], { cwd: ROOT, stdio: 'inherit' });
  }
}

export interface Served {
  url: string;
  port: number;
  dataDir: string;
  proc: ChildProcess;
  /** Everything it printed on stdout and stderr. */
  output(): string;
  alive(): boolean;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
  /** stop(), then remove the data dir. */
  dispose(): Promise<void>;
}

/** serve.mjs on a free port with its own data dir (the demo shop unless told otherwise). */
export async function serve(opts: { args?: string[]; demo?: boolean; dataDir?: string } = {}): Promise<Served> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'lavka-served-'));
  const proc = spawn(
    process.execPath,
    [SERVE, '--data-dir', dataDir, '--port', '0', ...(opts.demo === false ? [] : ['--demo']), ...(opts.args ?? [])],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve.mjs did not start in 60 s:\n${out}`)), 60_000);
    const look = () => {
      const m = /Lavka browser mode: (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      proc.stdout.off('data', look);
      resolve(m[1]!);
    };
    proc.stdout.on('data', look);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve.mjs exited with ${code} before listening:\n${out}`));
    });
  });
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    proc.kill('SIGTERM');
    return exited;
  };
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    proc,
    output: () => out,
    alive: () => proc.exitCode === null && proc.signalCode === null,
    stop,
    dispose: async () => {
      await stop();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every table of a stopped server's database, read through a read-only connection. */
export function dumpDataDir(dataDir: string): Record<string, unknown[]> {
  const raw = new Database(path.join(dataDir, 'lavka.sqlite'), { readonly: true });
  try {
    return dumpTables({ raw } as unknown as Db);
  } finally {
    raw.close();
  }
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with exactly these headers (fetch would refuse a foreign Host or add its own). */
export function http(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; host?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: opts.host ?? '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/**
 * Writes raw bytes to the server and collects what comes back until it closes the connection (or `ms` pass).
 * `half`: then half-close, as a client that has sent all it will.
 */
export function rawExchange(
  port: number,
  bytes: string | Buffer,
  opts: { host?: string; ms?: number; half?: boolean } = {},
): Promise<{ text: string; reset: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let reset = false;
    const socket = connect(port, opts.host ?? '127.0.0.1', () => (opts.half ? socket.end(bytes) : socket.write(bytes)));
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: Buffer.concat(chunks).toString('latin1'), reset });
    };
    const timer = setTimeout(finish, opts.ms ?? 5000);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', () => (reset = true));
    socket.on('close', finish);
  });
}

/** The status line's code of a raw HTTP answer, 0 when there was none. */
export const statusOf = (text: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);

/** A public call that shows the server is up and answering. */
export async function systemInfo(port: number, host = '127.0.0.1'): Promise<number> {
  return (
    await http(port, {
      method: 'POST',
      path: '/api/system.info',
      host,
      headers: { 'X-Lavka-Csrf': '1', 'Content-Type': 'application/json' },
      body: '{}',
    })
  ).status;
}

export interface Signed {
  cookie: string;
  csrf: string;
}

/** auth.login over POST as a page would: the session cookie and the csrf value. */
export async function signIn(port: number, userId: number, pin: string, host = '127.0.0.1'): Promise<Signed> {
  const r = await http(port, {
    method: 'POST',
    path: '/api/auth.login',
    host,
    headers: { 'X-Lavka-Csrf': '1', 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId, pin }),
  });
  if (r.status !== 200) throw new Error(`login ${userId} failed: ${r.status} ${r.body}`);
  const setCookie = r.headers['set-cookie']?.[0] ?? '';
  return { cookie: setCookie.split(';')[0]!, csrf: (JSON.parse(r.body) as { value: { csrf: string } }).value.csrf };
}

/** A signed-in POST call; the parsed Result and the status. */
export async function call(
  port: number,
  who: Signed,
  method: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { ok: boolean; value?: unknown; error?: { code: string } }; headers: Reply['headers'] }> {
  const r = await http(port, {
    method: 'POST',
    path: `/api/${method}`,
    headers: { Cookie: who.cookie, 'X-Lavka-Csrf': who.csrf, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
  return { status: r.status, body: JSON.parse(r.body) as never, headers: r.headers };
}

export interface EventStream {
  status: number;
  /** The events received so far, in order. */
  events: unknown[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Resolves with the first event (already received or to come) that matches. */
  next(match: (e: { type: string } & Record<string, unknown>) => boolean): Promise<unknown>;
  close(): void;
}

/** GET /api/events with a cookie, parsed as the browser's EventSource would; `host`: where to connect, `hostHeader`: what to say. */
export function openEvents(port: number, cookie: string, opts: { host?: string; hostHeader?: string } = {}): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      Cookie: cookie,
      Accept: 'text/event-stream',
      ...(opts.hostHeader ? { Host: opts.hostHeader } : {}),
    };
    const req = request({ host: opts.host ?? '127.0.0.1', port, path: '/api/events', headers, agent: false }, (res) => {
      const events: unknown[] = [];
      const waiting: { match: (e: never) => boolean; resolve: (e: unknown) => void }[] = [];
      let buf = '';
      let endedResolve: () => void = () => {};
      const ended = new Promise<void>((r) => (endedResolve = r));
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        buf += d;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = frame.split('\n').find((l) => l.startsWith('data: '));
          if (!data) continue;
          const e = JSON.parse(data.slice(6)) as never;
          events.push(e);
          for (const w of [...waiting])
            if (w.match(e)) {
              waiting.splice(waiting.indexOf(w), 1);
              w.resolve(e);
            }
        }
      });
      res.on('end', () => endedResolve());
      res.on('close', () => endedResolve());
      resolve({
        status: res.statusCode ?? 0,
        events,
        ended,
        next: (match) =>
          new Promise((r) => {
            const seen = events.find((e) => match(e as never));
            if (seen) return r(seen);
            waiting.push({ match: match as (e: never) => boolean, resolve: r });
          }),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}
