import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { ROOT } from './helpers';

const CLI_TS = path.join(ROOT, 'scripts', 'lavka.ts');
let bundle: string | null = null;

/**
 * scripts/lavka.ts, bundled once per test process by esbuild (its packages stay external and resolve from the
 * project's node_modules, so it is written under them): `node --import tsx` compiles the core again on every start, ~1 s of CPU per command,
 * which made the files that run the command line a dozen times among the slowest of the suite. Same source.
 */
function cliBundle(): string {
  if (bundle) return bundle;
  const dir = path.join(ROOT, 'node_modules', '.cache', 'lavka-tests');
  mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, `lavka-cli-${process.pid}.mjs`);
  process.once('exit', () => rmSync(outfile, { force: true }));
  buildSync({
    entryPoints: [CLI_TS],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    // The command finds the app's files (migrations) from where its source lives.
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(CLI_TS).href) },
    outfile,
    logLevel: 'error',
  });
  return (bundle = outfile);
}

/** Runs `lavka <args>` as a shop's support would, and waits for it. */
export function lavkaCli(args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cliBundle(), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
}
