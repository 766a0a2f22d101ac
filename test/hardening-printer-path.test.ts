/**
 * The printer's serial port or device file is a device, never a file the server could overwrite (or create): refused
 * at settings.set, and again whenever the printer is opened.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, readSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { devicePathProblem } from '../core/devices/device-path';
import { printerStatus, sendToPrinter } from '../core/devices/printer';
import { dumpTables } from './db-dump';
import { as, tempDir, testCore, unwrap } from './helpers';

const t = tempDir('lavka-devpath-');
let core: ReturnType<typeof testCore>;
let owner: Caller;
const file = path.join(t.dir, 'receipts.bin');
const fifo = path.join(t.dir, 'printer.fifo');

beforeAll(async () => {
  core = testCore();
  owner = await as(core, 'owner');
  writeFileSync(file, 'precious');
  symlinkSync(file, path.join(t.dir, 'lp-link'));
  mkdirSync(path.join(t.dir, 'dir'));
  execFileSync('mkfifo', [fifo]);
});
afterAll(() => {
  core.cleanup();
  t.cleanup();
});

const printer = (transport: 'serial' | 'file', p: string) => ({ counter: { printer: { transport, path: p } } });

describe('settings.set refuses a printer path that is not a device', () => {
  it.each([
    ['a regular file', 'file', file, /regular file/],
    ['/etc/passwd', 'file', '/etc/passwd', /regular file/],
    ['a directory', 'file', path.join(t.dir, 'dir'), /directory/],
    ['a link to a regular file', 'file', path.join(t.dir, 'lp-link'), /regular file/],
    ['a path not there (it would be created)', 'file', path.join(t.dir, 'new.bin'), /no device/],
    ['a relative path', 'file', 'lp0', /not a device path/],
    ['/dev/null (a device, not a printer)', 'file', '/dev/null', /not a printer or serial port/],
    ['a regular file as a serial port', 'serial', file, /regular file/],
  ] as const)('%s', async (_what, transport, p, why) => {
    const before = dumpTables(core.db);
    const r = await owner('settings.set', printer(transport, p));
    expect(r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`).toMatch(new RegExp(`^validation: printer: .*${why.source}`));
    expect(dumpTables(core.db)).toEqual(before);
    expect(readFileSync(file, 'utf8')).toBe('precious');
    expect(existsSync(path.join(t.dir, 'new.bin'))).toBe(false);
  });

  it('a serial or device-file printer without a path is refused', async () => {
    expect(await owner('settings.set', { counter: { printer: { transport: 'file' } } })).toMatchObject({
      ok: false,
      error: { code: 'validation' },
    });
  });

  it('a named pipe and a serial port (a socat PTY, through its link) are accepted', async () => {
    expect(unwrap(await owner('settings.set', printer('file', fifo))).counter.printer).toMatchObject({ transport: 'file', path: fifo });
    const link = path.join(t.dir, 'ttyPrinter');
    const socat = spawn('socat', [`pty,raw,echo=0,link=${link}`, `pty,raw,echo=0,link=${link}-host`], { stdio: 'ignore' });
    try {
      await expect.poll(() => existsSync(link) && existsSync(`${link}-host`), { timeout: 5000 }).toBe(true);
      expect(unwrap(await owner('settings.set', printer('serial', link))).counter.printer).toMatchObject({
        transport: 'serial',
        path: link,
      });
    } finally {
      socat.kill('SIGTERM');
      await once(socat, 'exit');
    }
  });
});

describe('the printer is checked again when it opens', () => {
  const BYTES = Buffer.from('\x1b@receipt\n');

  it('a device file that became a regular file, or is not there, gets nothing: no write, no new file', async () => {
    await expect(sendToPrinter({ kind: 'file', path: file }, BYTES)).rejects.toThrow(/regular file/);
    expect(readFileSync(file, 'utf8')).toBe('precious');
    await expect(sendToPrinter({ kind: 'file', path: path.join(t.dir, 'gone') }, BYTES)).rejects.toThrow(/no device/);
    expect(existsSync(path.join(t.dir, 'gone'))).toBe(false);
    await expect(sendToPrinter({ kind: 'serial', path: file }, BYTES)).rejects.toThrow(/regular file/);
    expect(await printerStatus({ kind: 'serial', path: file }, 200)).toMatchObject({
      state: 'offline',
      detail: expect.stringMatching(/regular file/),
    });
  });

  it('a named pipe nobody reads is an error at once (the job waits); with a reader, the bytes arrive', async () => {
    await expect(sendToPrinter({ kind: 'file', path: fifo }, BYTES)).rejects.toThrow(/nothing is reading the pipe/);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      await sendToPrinter({ kind: 'file', path: fifo }, BYTES);
      const got = Buffer.alloc(64);
      expect(got.subarray(0, readSync(reader, got)).equals(BYTES)).toBe(true);
    } finally {
      closeSync(reader);
    }
  });
});

describe('device paths on Windows', () => {
  it.each(['COM3', 'com12', '\\\\.\\COM10', '\\\\.\\pipe\\lavka-printer'])('%s is a device', (p) => {
    expect(devicePathProblem(p, 'win32')).toBeNull();
  });
  it.each(['C:\\Windows\\win.ini', 'receipts.bin', '\\\\server\\share\\lp', 'COM', '\\\\.\\pipe\\..\\x\\y'])('%s is not', (p) => {
    expect(devicePathProblem(p, 'win32')).toMatch(/not a serial port/);
  });
});
