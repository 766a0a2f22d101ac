/**
 * Shared pieces of the device service tests: a TCP "printer" (127.0.0.1 listener that records each connection and
 * answers DLE EOT like an Epson), socat PTY pairs, an AppHost with fast device timings, and an ESC/POS text reader.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Caller } from '../core/api/dispatch';
import type { ApiEvent, PostResult } from '../core/contract/api';
import { AppHost } from '../core/host';
import { MIGRATIONS, tempDir, unwrap, uuid } from './helpers';

export const KICK = Buffer.from([0x1b, 0x70, 0x00, 0x19, 0xfa]);
export const CUT = Buffer.from([0x1d, 0x56, 0x00]);
/** DLE EOT n replies: all fine; paper out (printer offline, stopped for paper end, roll sensor empty). */
export const READY: Record<number, number> = { 1: 0x12, 2: 0x12, 4: 0x12 };
export const PAPER_OUT: Record<number, number> = { 1: 0x1a, 2: 0x32, 4: 0x7e };

export async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Removes DLE EOT queries (10 04 n): what is left of a connection is a print job. */
export function stripStatusQueries(b: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0x10 && b[i + 1] === 0x04 && i + 2 < b.length) i += 2;
    else out.push(b[i]!);
  }
  return Buffer.from(out);
}

/** The printed text lines of an ESC/POS job, control sequences removed (the commands our renderer emits). */
export function escposLines(b: Buffer, codePage = 'cp866'): string[] {
  const text: number[] = [];
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    if (c === 0x1b) {
      const cmd = b[i + 1];
      i += cmd === 0x40 ? 2 : cmd === 0x70 ? 5 : 3; // ESC @ | ESC p m t1 t2 | ESC t/E/!/a/d n
    } else if (c === 0x1d) {
      if (b[i + 1] === 0x6b)
        i += 4 + b[i + 3]!; // GS k m n data
      else i += 3; // GS V m, GS H n, GS f n, GS w n, GS h n, GS ! n
    } else if (c === 0x10 && b[i + 1] === 0x04) i += 3;
    else {
      text.push(c);
      i++;
    }
  }
  return iconv.decode(Buffer.from(text), codePage).split('\n');
}

export interface FakePrinter {
  port: number;
  /** DLE EOT replies; change them to simulate paper out. */
  answers: Record<number, number>;
  /** Every connection's bytes, in order of closing. */
  conns: Buffer[];
  /** Connections that carried more than status queries. */
  jobs(): Buffer[];
  close(): Promise<void>;
}

export async function fakePrinter(port = 0, answers: Record<number, number> = { ...READY }): Promise<FakePrinter> {
  const conns: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const p: FakePrinter = {
    port: 0,
    answers,
    conns,
    jobs: () => conns.map(stripStatusQueries).filter((b) => b.length > 0),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = net.createServer((sock) => {
    sockets.add(sock);
    const chunks: Buffer[] = [];
    sock.on('data', (c) => {
      chunks.push(c);
      for (let i = 0; i + 2 < c.length; i++) {
        if (c[i] !== 0x10 || c[i + 1] !== 0x04) continue;
        const reply = p.answers[c[i + 2]!];
        if (reply !== undefined) sock.write(Buffer.from([reply]));
      }
    });
    sock.on('end', () => sock.end());
    sock.on('error', () => {}); // a status poll may reset the connection
    sock.on('close', () => {
      sockets.delete(sock);
      conns.push(Buffer.concat(chunks));
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  p.port = (server.address() as net.AddressInfo).port;
  return p;
}

/** A socat PTY pair: `a` and `b` are the two ends' paths. Unplug = stop(). */
export interface PtyPair {
  a: string;
  b: string;
  plug(): Promise<void>;
  stop(): Promise<void>;
}

export function ptyPair(dir: string, name: string): PtyPair {
  let proc: ChildProcess | null = null;
  const a = path.join(dir, `${name}A`);
  const b = path.join(dir, `${name}B`);
  return {
    a,
    b,
    async plug() {
      proc = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
      await until(() => existsSync(a) && existsSync(b), 5000, 'socat links');
    },
    async stop() {
      const p = proc;
      proc = null;
      if (!p || p.exitCode !== null) return;
      p.kill('SIGTERM');
      await once(p, 'exit');
    },
  };
}

export interface TestHost {
  host: AppHost;
  events: ApiEvent[];
  logs: string[];
  cleanup(): Promise<void>;
}

/** A demo shop behind an AppHost (which runs the device service) with timings fit for tests. */
export function startHost(): TestHost {
  const t = tempDir('lavka-dev-');
  const logs: string[] = [];
  const host = new AppHost(
    { dataDir: t.dir, migrationsDir: MIGRATIONS, version: '0.0.0-test', mode: 'local', demo: true },
    {
      devices: {
        pollMs: 100,
        statusTimeoutMs: 300,
        retryInitialMs: 50,
        retryMaxMs: 300,
        sendTimeoutMs: 3000,
        scannerReconnectMs: 50,
        log: (m) => logs.push(m),
      },
    },
  );
  const events: ApiEvent[] = [];
  host.events.on((e) => events.push(e));
  return {
    host,
    events,
    logs,
    async cleanup() {
      await host.close(); // after the backups running (a shift close's)
      t.cleanup();
    },
  };
}

export async function login(host: AppHost, userId: number, pin: string): Promise<Caller> {
  const core = host.core!;
  const r = unwrap(await core.call({ session: null }, 'auth.login', { userId, pin })) as { token: string };
  return core.caller({ session: core.sessions.get(r.token) });
}

/** The counter path: a cart, its lines, paid (the receipt job is written with the sale). */
export async function sell(
  cashier: Caller,
  lines: { productId: number; qty: number }[],
  payments: { method: 'cash' | 'card'; amount: number }[],
): Promise<PostResult> {
  const cart = unwrap(await cashier('cart.current', {}));
  for (const l of lines) unwrap(await cashier('cart.add', { cartId: cart.id, productId: l.productId, qty: l.qty }));
  return unwrap(await cashier('cart.pay', { cartId: cart.id, uuid: uuid(), payments }));
}

/** "label ..... value" at a width, as the receipt lays it out. */
export const lr = (l: string, r: string, w: number): string => l + ' '.repeat(w - [...l].length - [...r].length) + r;
