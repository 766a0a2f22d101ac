// `npm start` (dist/server/start.mjs): Electron when its binary is installed, browser mode otherwise.
// ELECTRON_OVERRIDE_DIST_PATH (honoured by the electron package) points at an empty folder or at a fake
// executable, so the outcome does not depend on whether this machine has the Electron binary.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
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

function start(args: string[], env: Record<string, string>): { child: ChildProcessWithoutNullStreams; lines: string[]; nextLine: (match: RegExp) => Promise<string> } {
  const child = spawn(process.execPath, [START, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  children.push(child);
  const lines: string[] = [];
  const waiting: { match: RegExp; resolve: (l: string) => void }[] = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const w of [...waiting]) if (w.match.test(line)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve(line);
    }
  });
  const nextLine = (match: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const seen = lines.find((l) => match.test(l));
      if (seen) return resolve(seen);
      waiting.push({ match, resolve });
      child.once('exit', (code) => reject(new Error(`start.mjs exited (${code}) before printing ${match}; stdout:\n${lines.join('\n')}\nstderr:\n${stderr}`)));
    });
  return { child, lines, nextLine };
}

const exited = (child: ChildProcessWithoutNullStreams) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

describe('npm start without Electron', () => {
  it('says so in one line and serves browser mode on a fresh database', async () => {
    const dataDir = path.join(tmp.dir, 'data');
    const noElectron = path.join(tmp.dir, 'no-electron');
    mkdirSync(noElectron);
    const { child, lines, nextLine } = start(['--data-dir', dataDir, '--port', '0'], { ELECTRON_OVERRIDE_DIST_PATH: noElectron });
    const urlLine = await nextLine(/^Lavka browser mode: /);
    expect(lines[0]).toBe('Electron is not installed here (no binary in node_modules/electron/dist); starting Lavka in browser mode instead.');
    const m = /^Lavka browser mode: (http:\/\/127\.0\.0\.1:\d+\/) \(data: (.+)\)$/.exec(urlLine);
    expect(m, urlLine).not.toBeNull();
    expect(m![2]).toBe(path.join(dataDir, 'lavka.sqlite'));
    expect(existsSync(path.join(dataDir, 'lavka.sqlite'))).toBe(true);

    const res = await fetch(new URL('api/system.info', m![1]), { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Lavka-Csrf': '1' }, body: '{}' });
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
