/**
 * Supplier price list import, the file side: the 100k-row .xlsx (test/fixtures/pricelist-gen.ts) read by
 * exceljs doing nothing else (the floor), and read, parsed and validated by core/pricelists, each in a child
 * process of its own so each peak RSS is that pass's alone (a child's RSS includes tsx, ~60 MB). The database
 * side (match, dry run, apply) is not here yet; `pricelist_import_100k_s` will be this parse plus that.
 *
 * Wiring into bench/run.ts: a part `pricelist` whose function does
 *   Object.assign(figures, await benchPricelist(100_000, log));
 * with targets pricelist_parse_overhead_ratio <= 2 and pricelist_parse_peak_rss_mb <= 400, and a floor note for
 * pricelist_read_only_100k_s ("exceljs streaming reader iterating the same file, nothing else, same run").
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { generatePriceList } from '../test/fixtures/pricelist-gen';
import { ROOT, round, tempDir, type Figures } from './util';

interface Pass {
  seconds: number;
  rows: number;
  bad: number;
  peakRssMb: number;
}

async function pass(mode: 'read-only' | 'parse' | 'import', file: string, rows = 0): Promise<Pass> {
  // Same Node, same loader flags (tsx) as this process.
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...process.execArgv, path.join(ROOT, 'bench', 'pricelist-child.ts'), mode, file, String(rows)],
    {
      cwd: ROOT,
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Pass;
}

export async function benchPricelist(rows: number, log: (s: string) => void): Promise<Figures> {
  const tmp = tempDir('lavka-bench-pricelist-');
  try {
    const list = await generatePriceList(tmp.dir, { rows });
    const k = `${Math.round(rows / 1000)}k`;
    // Read-only first, then the parse: the file is in the page cache for both.
    const floor = await pass('read-only', list.xlsx);
    const parsed = await pass('parse', list.xlsx);
    if (parsed.bad !== list.planted.length || parsed.rows !== list.expected.length)
      throw new Error(
        `pricelist bench: read ${parsed.rows} good and ${parsed.bad} bad rows, expected ${list.expected.length} and ${list.planted.length}`,
      );
    const imported = await pass('import', list.xlsx, rows);
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
