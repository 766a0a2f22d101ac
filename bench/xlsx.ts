/**
 * Excel exports of the movement journal (report.movements) over 1M movements (db-open.ts's cached shop), each in a
 * child process of its own so peak RSS is the writing's alone (the export's process: its main thread and the reader
 * worker that writes):
 * - xlsx_export_1m_rows_s / _peak_rss_mb: the app's report.export (core/reports/run.ts exportReport), styled as the
 *   app writes it, through the reader worker;
 * - xlsx_floor_1m_rows_s: exceljs's streaming writer, the same values, no styles, same run; the overhead ratio;
 * - xlsx_inmemory_500k_rows_peak_rss_mb: exceljs's in-memory Workbook, 500k rows, same values and formats, against
 *   the streaming export of the same 500k rows (xlsx_stream_memory_ratio = in-memory / streaming).
 * The worker runs bundled, as in the app: the bench bundles core/reader/worker.ts (and its child) with
 * scripts/build.mjs's options into dist/bench.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { DB_FILE } from '../core/app';
import { openReadOnly } from '../db/readonly';
import { movementsDb } from './db-open';
import { ROOT, round, tempDir, type Figures } from './util';

export interface ChildResult {
  s: number;
  rows: number;
  peakRssMb: number;
  startRssMb: number;
}

const BUNDLES = path.join(ROOT, 'dist', 'bench');

type ChildMode = 'export' | 'floor' | 'inmemory';
// The in-memory Workbook holds every cell as an object: 500k rows of the journal's 12 columns take more than V8's
// default heap (it aborts at ~4 GB), so it gets room enough to finish and show what it needs.
const childArgs = (mode: ChildMode, db: string, out: string, to: string, worker: string) => [
  ...(mode === 'inmemory' ? ['--max-old-space-size=16384'] : []),
  path.join(BUNDLES, 'xlsx-child.mjs'),
  mode,
  db,
  out,
  to,
  worker,
];
const childResult = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult;

function child(mode: ChildMode, db: string, out: string, to: string, worker = ''): ChildResult {
  const stdout = execFileSync(process.execPath, childArgs(mode, db, out, to, worker), {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return childResult(stdout.toString());
}

/** The same child run in the background (bench/exportscan.ts scans meanwhile): its result once it has exited. */
export function childAsync(mode: ChildMode, db: string, out: string, to: string, worker = ''): Promise<ChildResult> {
  const proc = spawn(process.execPath, childArgs(mode, db, out, to, worker), { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => (code === 0 ? resolve(childResult(stdout)) : reject(new Error(`xlsx-child ${mode} exited with ${code}`))));
  });
}

/**
 * The business day through which the journal holds at least `rows` movements (the report takes a period of days;
 * the count is the export's own, a day's movements past `rows` included).
 */
export function cutoff(db: string, rows: number): string {
  const ro = openReadOnly(db);
  try {
    const r = ro.raw
      .prepare(
        'SELECT business_date AS d FROM stock_movements INDEXED BY movements_business_date_idx ORDER BY business_date LIMIT 1 OFFSET ?',
      )
      .get(rows - 1) as { d: string } | undefined;
    return r?.d ?? '2999-12-31';
  } finally {
    ro.raw.close();
  }
}

/** An entry bundled as scripts/build.mjs bundles the app's (ESM, dependencies external). */
async function bundle(entry: string, outfile: string): Promise<string> {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  await build({
    entryPoints: [path.join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: [...Object.keys(pkg.dependencies ?? {}), 'electron'],
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return outfile;
}

/** The reader worker and xlsx-child.ts bundled as the app's are; the worker bundle's path (the child's last argument). */
export async function bundleExport(): Promise<string> {
  // Inside the project (dist/ is not tracked), so their imports resolve from node_modules as the app's bundles do.
  const worker = await bundle('core/reader/worker.ts', path.join(BUNDLES, 'reader-worker.mjs'));
  await bundle('bench/xlsx-child.ts', path.join(BUNDLES, 'xlsx-child.mjs'));
  return worker;
}

export async function benchXlsx(movements: number, log: (s: string) => void): Promise<Figures> {
  const { cache, builtS } = movementsDb(movements);
  if (builtS !== null) log(`  built ${cache} in ${builtS.toFixed(1)} s`);
  const t = tempDir('lavka-bench-xlsx-');
  try {
    const db = path.join(t.dir, DB_FILE);
    copyFileSync(cache, db);
    const all = cutoff(db, 1_000_000);
    const half = cutoff(db, 500_000);
    const out = (name: string) => path.join(t.dir, name);
    const worker = await bundleExport();
    log('  xlsx: floor (exceljs streaming, no styles), 1M rows…');
    const floor = child('floor', db, out('floor.xlsx'), all);
    log(`    ${floor.rows} rows in ${floor.s.toFixed(1)} s, peak RSS ${floor.peakRssMb} MB`);
    log('  xlsx: export (reader worker, styled), 1M rows…');
    const exp = child('export', db, out('export.xlsx'), all, worker);
    log(`    ${exp.rows} rows in ${exp.s.toFixed(1)} s, peak RSS ${exp.peakRssMb} MB (${statSync(out('export.xlsx')).size >> 20} MB file)`);
    log('  xlsx: export, 500k rows…');
    const half1 = child('export', db, out('export-500k.xlsx'), half, worker);
    log(`    ${half1.rows} rows in ${half1.s.toFixed(1)} s, peak RSS ${half1.peakRssMb} MB`);
    log('  xlsx: exceljs in-memory Workbook, 500k rows…');
    const mem = child('inmemory', db, out('inmemory.xlsx'), half);
    log(`    ${mem.rows} rows in ${mem.s.toFixed(1)} s, peak RSS ${mem.peakRssMb} MB`);
    return {
      xlsx_export_1m_rows_s: round(exp.s, 1),
      xlsx_export_1m_rows_peak_rss_mb: exp.peakRssMb,
      xlsx_export_rows: exp.rows,
      xlsx_export_start_rss_mb: exp.startRssMb,
      xlsx_floor_1m_rows_s: round(floor.s, 1),
      xlsx_export_overhead_ratio: round(exp.s / floor.s, 2),
      xlsx_stream_500k_rows_peak_rss_mb: half1.peakRssMb,
      xlsx_inmemory_500k_rows_peak_rss_mb: mem.peakRssMb,
      xlsx_stream_memory_ratio: round(mem.peakRssMb / half1.peakRssMb, 2),
    };
  } finally {
    t.cleanup();
  }
}

// Alone: tsx bench/xlsx.ts [movements]
if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchXlsx(Number(process.argv[2] ?? 1_000_000), (s) => process.stderr.write(`${s}\n`));
  process.stdout.write(`${JSON.stringify({ figures }, null, 2)}\n`);
}
