/**
 * A real serial pair: socat links two PTYs. The reader opens ttyB; the "scanner" writes into ttyA.
 * Unplug = kill socat (its links vanish and the reader's port closes); replug = start socat again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SerialScanner, type ScannedCode, type ScannerState } from '../core/devices/serial-scanner';

const dir = mkdtempSync(path.join(tmpdir(), 'lavka-scan-'));
const A = path.join(dir, 'ttyA');
const B = path.join(dir, 'ttyB');
let socat: ChildProcess | null = null;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function plug(): Promise<void> {
  socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${A}`, `pty,raw,echo=0,link=${B}`], { stdio: 'ignore' });
  await until(() => existsSync(A) && existsSync(B), 5000, 'socat links');
}

async function unplug(): Promise<void> {
  await closeScanner();
  const p = socat;
  socat = null;
  if (!p || p.exitCode !== null) return;
  p.kill('SIGTERM');
  await once(p, 'exit');
}

/**
 * The scanner side: ttyA stays open while "plugged in", like a real device. (Closing a PTY slave right after a write
 * can drop bytes socat has not read yet; a scanner never does that.)
 */
let scanner: SerialPort | null = null;
async function scan(bytes: Buffer | string): Promise<void> {
  if (!scanner?.isOpen) {
    const port = new SerialPort({ path: A, baudRate: 9600, autoOpen: false });
    await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
    scanner = port;
  }
  const port = scanner;
  await new Promise<void>((res, rej) => port.write(bytes, (e) => (e ? rej(e) : res())));
  await new Promise<void>((res) => port.drain(() => res()));
}

async function closeScanner(): Promise<void> {
  const port = scanner;
  scanner = null;
  if (port?.isOpen) await new Promise<void>((res) => port.close(() => res()));
}

describe('serial scanner over a socat PTY pair', () => {
  const codes: ScannedCode[] = [];
  const states: ScannerState[] = [];
  let reader: SerialScanner;

  beforeAll(async () => {
    await plug();
    reader = new SerialScanner({ path: B, baudRate: 9600, suffix: 'CR', reconnectMs: 50 });
    reader.on('code', (c) => codes.push(c));
    reader.on('state', (s) => states.push(s));
    reader.start();
    await until(() => reader.state === 'open', 5000, 'reader open');
  });

  afterAll(async () => {
    await reader.stop();
    await unplug();
  });

  // The reader is shared: each test counts the codes from its own start, so the tests run in any order.
  it('a barcode + CR arrives as one code', async () => {
    const from = codes.length;
    await scan('4601234567893\r');
    await until(() => codes.length === from + 1, 5000, 'code');
    expect(codes[from]!.code).toBe('4601234567893');
  });

  it('a GS1 string with 0x1D separators arrives byte-exact, also when split across writes', async () => {
    const from = codes.length;
    const gs1 = Buffer.concat([
      Buffer.from('0104601234567893' + '21ABC"%x5!'),
      Buffer.from([0x1d]),
      Buffer.from('91EE06'),
      Buffer.from([0x1d]),
      Buffer.from('92dGVzdA=='),
    ]);
    await scan(gs1.subarray(0, 20));
    await new Promise((r) => setTimeout(r, 30)); // two separate reads on the other end
    await scan(Buffer.concat([gs1.subarray(20), Buffer.from('\r')]));
    await until(() => codes.length === from + 1, 5000, 'gs1 code');
    expect(codes[from]!.bytes.toString('hex')).toBe(gs1.toString('hex'));
    expect(codes[from]!.code).toBe(gs1.toString('latin1'));
    expect(codes[from]!.code.split('\x1d')).toHaveLength(3);
  });

  it('unplug and replug: the same reader reads again, no restart', async () => {
    const from = codes.length;
    const opened = states.filter((s) => s === 'open').length;
    await unplug();
    await until(() => reader.state === 'waiting', 5000, 'reader noticed the unplug');
    expect(existsSync(B)).toBe(false);
    await new Promise((r) => setTimeout(r, 200)); // a few retries against a missing device
    expect(reader.state).toBe('waiting');
    await plug();
    await until(() => reader.state === 'open', 5000, 'reader reopened');
    await scan('2100123005231\r');
    await until(() => codes.length === from + 1, 5000, 'code after replug');
    expect(codes[from]!.code).toBe('2100123005231');
    expect(states.filter((s) => s === 'open')).toHaveLength(opened + 1);
  });

  it('a device that vanishes without the port ever closing still counts as unplugged', async () => {
    // Only the device's link goes: socat keeps the PTY alive, so the open port never hears a hang-up.
    const target = readlinkSync(B);
    rmSync(B);
    await until(() => reader.state === 'waiting', 5000, 'reader noticed the device was gone');
    symlinkSync(target, B);
    await until(() => reader.state === 'open', 5000, 'reader reopened');
    const from = codes.length;
    await scan('4600000000008\r');
    await until(() => codes.length === from + 1, 5000, 'code after the device came back');
  });
});

describe('serial scanner framing', () => {
  it('CRLF and any: one code per line, no empty codes', async () => {
    await plug();
    const got: Record<string, string[]> = {};
    const readers = (['CRLF', 'any'] as const).map((suffix) => {
      const r = new SerialScanner({ path: B, suffix, reconnectMs: 50 });
      got[suffix] = [];
      r.on('code', (c) => got[suffix]!.push(c.code));
      return { suffix, r };
    });
    try {
      // One reader at a time: a PTY delivers each byte to one reader only.
      for (const { suffix, r } of readers) {
        r.start();
        await until(() => r.state === 'open', 5000, 'open');
        await scan('AAA111\r\nBBB222\r\n');
        await until(() => got[suffix]!.length === 2, 5000, 'two codes');
        await r.stop();
      }
      expect(got).toEqual({ CRLF: ['AAA111', 'BBB222'], any: ['AAA111', 'BBB222'] });
    } finally {
      for (const { r } of readers) await r.stop();
      await unplug();
    }
  });
});
