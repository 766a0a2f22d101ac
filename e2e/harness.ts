import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { copyDemoShop } from '../test/demo-template';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVE = path.join(ROOT, 'dist', 'server', 'serve.mjs');

export interface RunningServer {
  url: string;
  dataDir: string;
  proc: ChildProcess;
  /** Everything the server printed, for assertions and failure messages. */
  output: () => string;
  stop(): Promise<void>;
}

/** The built app in browser mode on a free port with its own data dir (npm test builds first). */
export async function startServer(opts: { demo?: boolean; dataDir?: string; args?: string[] } = {}): Promise<RunningServer> {
  if (!existsSync(SERVE)) throw new Error(`${SERVE} is missing: run npm run build first`);
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'lavka-e2e-'));
  // Under vitest the demo shop is a copy of the run's seeded one (the server's --demo then finds it there).
  if (opts.demo !== false) copyDemoShop(dataDir);
  const args = [SERVE, '--data-dir', dataDir, '--port', '0', ...(opts.demo === false ? [] : ['--demo']), ...(opts.args ?? [])];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s:\n${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Lavka browser mode: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
  return {
    url,
    dataDir,
    proc,
    output: () => out,
    stop: async () => {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium, headless, with the flags this machine needs (no network chatter). */
export async function launchBrowser(): Promise<{ browser: Browser; page: Page; close(): Promise<void> }> {
  // playwright gives each launch a fresh temporary profile of its own.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage();
  return {
    browser,
    page,
    close: () => browser.close(),
  };
}

/** A plain HTTP API call as the browser would make it (cookie jar kept by the caller). */
export async function apiCall(
  url: string,
  method: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  body: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  setCookie: string | null;
}> {
  const res = await fetch(new URL(`/api/${method}`, url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Lavka-Csrf': '1', ...headers },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: (await res.json()) as never, setCookie: res.headers.get('set-cookie') };
}
