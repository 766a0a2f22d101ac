import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync, writeSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import iconv from 'iconv-lite';

export const SOCAT = '/usr/bin/socat';

/** Polls until `check` is true (or throws after `timeoutMs`). */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface PtyPair {
  /** The end the app opens (a scanner or printer as the app sees it). */
  device: string;
  /** The other end: what the test writes (a scanner's output) or reads (a printer's input). */
  host: string;
  proc: ChildProcess;
  /** Kills socat: both links vanish, as when the device is unplugged. */
  unplug(): Promise<void>;
}

/** A real serial line: two PTYs joined by socat, reachable as DIR/NAME (device) and DIR/NAME-host. */
export async function ptyPair(dir: string, name: string): Promise<PtyPair> {
  const device = path.join(dir, name);
  const host = path.join(dir, `${name}-host`);
  const proc = spawn(SOCAT, ['-d', '-d', `pty,raw,echo=0,link=${device}`, `pty,raw,echo=0,link=${host}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  proc.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  await until(() => /starting data transfer loop/.test(log) && existsSync(device) && existsSync(host), `socat PTY pair ${name}:\n${log}`);
  return {
    device,
    host,
    proc,
    unplug: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
      await until(() => !existsSync(device) && !existsSync(host), 'socat links to go');
    },
  };
}

/** Writes raw bytes to a PTY end (a serial scanner sending a code). */
export function writeTo(file: string, data: Buffer | string): void {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  } finally {
    closeSync(fd);
  }
}

/** DLE EOT n: a real-time status query; the reply byte 0x12 (bits 1 and 4 set, nothing wrong) means ready. */
const isStatusQuery = (b: Buffer) => b.length >= 2 && b[0] === 0x10 && b[1] === 0x04;

export interface PrinterCapture {
  port: number;
  /** Bytes of every print connection so far, in order (status conversations are answered, not recorded). */
  bytes(): Buffer;
  jobs(): Buffer[];
  /** Stops listening and drops open connections: the printer is switched off. */
  close(): Promise<void>;
  /** Listens again on the same port: the printer is back. */
  reopen(): Promise<void>;
}

/** A stand-in for a network receipt printer on 127.0.0.1 (TCP 9100 style): records what it is sent, answers status. */
export async function printerListener(port = 0): Promise<PrinterCapture> {
  const jobs: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;

  const start = (p: number) =>
    new Promise<number>((resolve, reject) => {
      const srv = net.createServer((sock) => {
        sockets.add(sock);
        const chunks: Buffer[] = [];
        let status = false;
        sock.on('data', (d: Buffer) => {
          if (!chunks.length && !status && isStatusQuery(d)) status = true;
          if (status) {
            // One 0x12 per query in this chunk: printer online, cover closed, paper present.
            for (let i = 0; i + 2 < d.length + 1; i++) if (d[i] === 0x10 && d[i + 1] === 0x04) sock.write(Buffer.from([0x12]));
            return;
          }
          chunks.push(d);
        });
        sock.on('close', () => {
          sockets.delete(sock);
          if (chunks.length) jobs.push(Buffer.concat(chunks));
        });
        sock.on('error', () => sock.destroy());
      });
      srv.once('error', reject);
      srv.listen(p, '127.0.0.1', () => {
        server = srv;
        resolve((srv.address() as net.AddressInfo).port);
      });
    });

  const actual = await start(port);
  return {
    port: actual,
    bytes: () => Buffer.concat(jobs),
    jobs: () => [...jobs],
    close: async () => {
      const srv = server;
      server = null;
      for (const s of sockets) s.destroy();
      if (srv) await new Promise<void>((r) => srv.close(() => r()));
    },
    reopen: async () => {
      await start(actual);
    },
  };
}

/** Reads everything that arrives on a PTY end (a serial receipt printer). */
export function readPty(file: string): { bytes(): Buffer; stop(): void } {
  const chunks: Buffer[] = [];
  const cat = spawn(SOCAT, ['-u', `file:${file},raw,echo=0`, 'stdout'], { stdio: ['ignore', 'pipe', 'ignore'] });
  cat.stdout!.on('data', (d: Buffer) => chunks.push(d));
  return {
    bytes: () => Buffer.concat(chunks),
    stop: () => {
      if (cat.exitCode === null) cat.kill('SIGTERM');
    },
  };
}

/** ESC/POS bytes as text: CP866 decoded, control and command bytes left as they are (search for words in it). */
export const cp866 = (b: Buffer): string => iconv.decode(b, 'cp866');

export const CUT = Buffer.from([0x1d, 0x56]);
export const DRAWER_KICK = Buffer.from([0x1b, 0x70, 0x00, 0x19, 0xfa]);
