// Medusa lives in store/medusa with its own package.json and lockfile, outside the app's dependencies. It is installed
// there with `npm ci` (exactly the lockfile, so a clean clone gets the same store) the first time a test needs it,
// unless .ci/run already did. A stamp holding the lockfile's hash marks a finished install; a changed lockfile reinstalls.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, withLock } from './processes';

export const MEDUSA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'store', 'medusa');
export const MEDUSA_MODULES = path.join(MEDUSA_DIR, 'node_modules');
const STAMP = path.join(MEDUSA_MODULES, '.lavka-installed');

export function lockfileHash(): string {
  return createHash('sha256')
    .update(readFileSync(path.join(MEDUSA_DIR, 'package.json')))
    .update(readFileSync(path.join(MEDUSA_DIR, 'package-lock.json')))
    .digest('hex');
}

const installed = (hash: string): boolean => existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash;

/** Installs Medusa if missing or stale; returns how long the install took (0 if it was already there). */
export async function ensureMedusaInstalled(): Promise<number> {
  const hash = lockfileHash();
  if (installed(hash)) return 0;
  return withLock(path.join(MEDUSA_DIR, '.install-lock'), async () => {
    if (installed(hash)) return 0; // another test file installed it while we waited
    const started = Date.now();
    // The parent npm's settings (npm_config_*, set when tests run under `npm test`) must not leak into this install:
    // store/medusa/.npmrc is its whole configuration.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: MEDUSA_DIR, env, timeoutMs: 20 * 60_000 });
    writeFileSync(STAMP, hash);
    return Date.now() - started;
  });
}
