/**
 * Supplier price list import, the file side: the 100k-row .xlsx (test/fixtures/pricelist-gen.ts) read by
 * exceljs doing nothing else (the floor), and read, parsed and validated by core/pricelists, each in a child
 * process of its own so each peak RSS is that pass's alone (the child runs as an esbuild bundle, not through tsx). The database
 * side (match, dry run, apply) is not here yet; `pricelist_import_100k_s` will be this parse plus that.
 *
 * Wiring into bench/run.ts: a part `pricelist` whose function does
 *   Object.assign(figures, await benchPricelist(100_000, log));
 * with targets pricelist_parse_overhead_ratio <= 2 and pricelist_parse_peak_rss_mb <= 400, and a floor note for
 * pricelist_read_only_100k_s ("exceljs streaming reader iterating the same file, nothing else, same run").
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildSync } from 'esbuild';
import { generatePriceList } from '../test/fixtures/pricelist-gen';
import { MIGRATIONS, ROOT, round, tempDir, type Figures } from './util';

interface Pass {
  seconds: number;
  rows: number;
  bad: number;
  peakRssMb: number;
}

/**
 * The child, bundled by esbuild beside the built server (dist/server, where the reader thread's own bundle is): run
 * through tsx it compiled the core on start, and its reader thread booted through tsx too (~130 MB more RSS and
 * seconds of CPU that the app, which runs its bundles, never spends). Build first (`npm run build`), as for the scan.
 */
function childBundle(): string {
  const outfile = path.join(ROOT, 'dist', 'server', 'bench-pricelist-child.mjs');
  if (!existsSync(path.join(ROOT, 'dist', 'server', 'reader-worker.mjs')))
    throw new Error('pricelist bench: dist/server/reader-worker.mjs is missing; run `npm run build` first');
  buildSync({
    entryPoints: [path.join(ROOT, 'bench', 'pricelist-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

async function pass(child: string, mode: 'read-only' | 'parse' | 'seed' | 'import', file: string, rows = 0, dir = ''): Promise<Pass> {
  const { stdout } = await promisify(execFile)(process.execPath, [child, mode, file, String(rows), dir], {
    cwd: ROOT,
    maxBuffer: 1 << 20,
    env: { ...process.env, LAVKA_BENCH_MIGRATIONS: MIGRATIONS },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Pass;
}

export async function benchPricelist(rows: number, log: (s: string) => void): Promise<Figures> {
  const tmp = tempDir('lavka-bench-pricelist-');
  try {
    const list = await generatePriceList(tmp.dir, { rows });
    const k = `${Math.round(rows / 1000)}k`;
    // Read-only first, then the parse: the file is in the page cache for both.
    const child = childBundle();
    const floor = await pass(child, 'read-only', list.xlsx);
    const parsed = await pass(child, 'parse', list.xlsx);
    if (parsed.bad !== list.planted.length || parsed.rows !== list.expected.length)
      throw new Error(
        `pricelist bench: read ${parsed.rows} good and ${parsed.bad} bad rows, expected ${list.expected.length} and ${list.planted.length}`,
      );
    const shop = path.join(tmp.dir, 'shop');
    mkdirSync(shop);
    await pass(child, 'seed', shop, rows);
    const imported = await pass(child, 'import', list.xlsx, rows, shop);
    if (imported.bad !== list.planted.length || imported.rows !== list.expected.length)
      throw new Error(
        `pricelist bench: the import changed ${imported.rows} products with ${imported.bad} bad rows, expected ${list.expected.length} and ${list.planted.length}`,
      );
    log(
      `pricelist: ${rows} rows, exceljs alone ${floor.seconds.toFixed(2)} s, parsed and validated ${parsed.seconds.toFixed(2)} s, imported (dry run + apply) ${imported.seconds.toFixed(2)} s`,
    );
    return {
      [`pricelist_read_only_${k}_s`]: round(floor.seconds, 2),
      [`pricelist_parse_${k}_s`]: round(parsed.seconds, 2),
      pricelist_parse_overhead_ratio: round(parsed.seconds / floor.seconds, 2),
      pricelist_read_only_peak_rss_mb: Math.round(floor.peakRssMb),
      pricelist_parse_peak_rss_mb: Math.round(parsed.peakRssMb),
      [`pricelist_import_${k}_s`]: round(imported.seconds, 2),
      pricelist_import_overhead_ratio: round(imported.seconds / floor.seconds, 2),
      pricelist_import_peak_rss_mb: Math.round(imported.peakRssMb),
    };
  } finally {
    tmp.cleanup();
  }
}
