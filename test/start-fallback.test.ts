// `npm start` (dist/server/start.mjs): Electron when its binary is installed, browser mode otherwise.
// ELECTRON_OVERRIDE_DIST_PATH (honoured by the electron package) points at an empty folder or at a fake
// executable, so the outcome does not depend on whether this machine has the Electron binary.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const START = path.join(ROOT, 'dist', 'server', 'start.mjs');
const tmp = tempDir('lavka-start-');
const children: ChildProcessWithoutNullStreams[] = [];

/** Newest source that goes into start.mjs: `npm test` builds first, a lone run rebuilds when stale. */
function newestSource(): number {
  let newest = statSync(path.join(ROOT, 'scripts', 'start.ts')).mtimeMs;
  for (const dir of ['server', 'core', 'db']) {
    for (const f of readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      if (f.endsWith('.ts')) newest = Math.max(newest, statSync(path.join(ROOT, dir, f)).mtimeMs);
    }
  }
  return newest;
}

beforeAll(() => {
  if (!existsSync(START) || statSync(START).mtimeMs < newestSource()) {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), 'node'], { cwd: ROOT, stdio: 'inherit' });
  }
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  tmp.cleanup();
});

interface Started {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  errLines: string[];
  /** The first stdout line that matches (already printed or to come). */
  nextLine: (match: RegExp) => Promise<string>;
  /** The nth line (1-based) of stdout or stderr that matches, already printed or to come. */
  nth: (stream: 'out' | 'err', match: RegExp, n: number) => Promise<string>;
}

function start(args: string[], env: Record<string, string>): Started {
  const child = spawn(process.execPath, [START, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  children.push(child);
  const lines: string[] = [];
  const errLines: string[] = [];
  const waiting: { stream: 'out' | 'err'; match: RegExp; n: number; resolve: (l: string) => void }[] = [];
  const check = () => {
    for (const w of [...waiting]) {
      const hit = (w.stream === 'out' ? lines : errLines).filter((l) => w.match.test(l))[w.n - 1];
      if (hit === undefined) continue;
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve(hit);
    }
  };
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    check();
  });
  createInterface({ input: child.stderr }).on('line', (line) => {
    errLines.push(line);
    check();
  });
  const nth = (stream: 'out' | 'err', match: RegExp, n: number) =>
    new Promise<string>((resolve, reject) => {
      waiting.push({ stream, match, n, resolve });
      check();
      child.once('exit', (code) =>
        setTimeout(
          () =>
            reject(
              new Error(
                `start.mjs exited (${code}) before printing ${match} (${n}); stdout:\n${lines.join('\n')}\nstderr:\n${errLines.join('\n')}`,
              ),
            ),
          200,
        ),
      );
    });
  return { child, lines, errLines, nextLine: (match) => nth('out', match, 1), nth };
}

const exited = (child: ChildProcessWithoutNullStreams) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );

describe('npm start without Electron', () => {
  it('says so in one line and serves browser mode on a fresh database', async () => {
    const dataDir = path.join(tmp.dir, 'data');
    const noElectron = path.join(tmp.dir, 'no-electron');
    mkdirSync(noElectron);
    const { child, lines, nextLine } = start(['--data-dir', dataDir, '--port', '0'], { ELECTRON_OVERRIDE_DIST_PATH: noElectron });
    const urlLine = await nextLine(/^Lavka browser mode: /);
    expect(lines[0]).toBe(
      'Electron is not installed here (no binary in node_modules/electron/dist); starting Lavka in browser mode instead.',
    );
    const m = /^Lavka browser mode: (http:\/\/127\.0\.0\.1:\d+\/) \(data: (.+)\)$/.exec(urlLine);
    expect(m, urlLine).not.toBeNull();
    expect(m![2]).toBe(path.join(dataDir, 'lavka.sqlite'));
    expect(existsSync(path.join(dataDir, 'lavka.sqlite'))).toBe(true);

    const res = await fetch(new URL('api/system.info', m![1]), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Lavka-Csrf': '1' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; value: { version: string; mode: string } };
    expect(body.ok).toBe(true);
    expect(body.value.mode).toBe('local');

    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('reports a bad option and exits non-zero', async () => {
    const noElectron = path.join(tmp.dir, 'no-electron-2');
    mkdirSync(noElectron);
    const { child } = start(['--no-such-option'], { ELECTRON_OVERRIDE_DIST_PATH: noElectron });
    expect(await exited(child)).toBe(1);
  });
});

/** Processes whose parent is `pid` (Linux /proc): the launcher's served child. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid ...: comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const systemInfoAt = async (url: string) =>
  (
    await fetch(new URL('api/system.info', url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Lavka-Csrf': '1' },
      body: '{}',
    })
  ).status;

describe.skipIf(process.platform !== 'linux')('npm start keeps browser mode running', () => {
  it('starts browser mode again when it dies, on the same port, says so, and Ctrl-C still stops both', async () => {
    const noElectron = path.join(tmp.dir, 'no-electron-restart');
    mkdirSync(noElectron);
    const { child, nth } = start(['--data-dir', path.join(tmp.dir, 'data-restart'), '--port', '0'], {
      ELECTRON_OVERRIDE_DIST_PATH: noElectron,
    });
    const url = /(http:\/\/\S+)/.exec(await nth('out', /^Lavka browser mode: /, 1))![1]!;
    const [served] = childrenOf(child.pid!);
    expect(served).toBeDefined();
    process.kill(served!, 'SIGKILL');

    expect(await nth('err', /restarting/, 1)).toMatch(/^Lavka browser mode was killed \(SIGKILL\); restarting it in 1 s\.$/);
    const again = /(http:\/\/\S+)/.exec(await nth('out', /^Lavka browser mode: /, 2))![1]!;
    expect(again).toBe(url);
    expect(await systemInfoAt(again)).toBe(200);
    const [second] = childrenOf(child.pid!);
    expect(second).not.toBe(served);

    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
    expect(isRunning(second!)).toBe(false);
  });

  it('does not keep restarting one that cannot start for a reason the shop must act on (a newer database)', async () => {
    const noElectron = path.join(tmp.dir, 'no-electron-newer');
    mkdirSync(noElectron);
    const dataDir = path.join(tmp.dir, 'data-newer');
    const { child, nth, errLines } = start(['--data-dir', dataDir, '--port', '0'], { ELECTRON_OVERRIDE_DIST_PATH: noElectron });
    await nth('out', /^Lavka browser mode: /, 1);
    // A newer Lavka wrote this file meanwhile (say the shop tried an update and went back).
    const db = new Database(path.join(dataDir, 'lavka.sqlite'));
    db.pragma('user_version = 9999');
    db.close();
    process.kill(childrenOf(child.pid!)[0]!, 'SIGKILL');
    expect(await exited(child)).toBe(78);
    expect(errLines.filter((l) => /restarting/.test(l))).toHaveLength(1);
    expect(errLines.some((l) => l.startsWith('Lavka cannot start: '))).toBe(true);
  });
});

describe.skipIf(process.platform === 'win32')('npm start with Electron', () => {
  it('runs the Electron binary on the app folder and exits with its code', async () => {
    const dist = path.join(tmp.dir, 'fake-electron');
    mkdirSync(dist);
    const exe = path.join(dist, 'electron');
    writeFileSync(exe, '#!/bin/sh\necho "fake electron: $*"\nexit 7\n');
    chmodSync(exe, 0o755);
    const { child, nextLine } = start(['--demo'], { ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(await nextLine(/^fake electron: /)).toBe(`fake electron: ${ROOT} --demo`);
    expect(await exited(child)).toBe(7);
  });
});
