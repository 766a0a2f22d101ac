/**
 * One measurement of bench/xlsx.ts in a process of its own, so its peak RSS is that of the writing alone (bundled
 * by bench/xlsx.ts, so no TypeScript loader weighs in):
 *   node dist/bench/xlsx-child.mjs export|floor|inmemory <db file> <out file> <to (business day, inclusive)> [bundled worker .mjs]
 * The journal from the first business day to <to>: `export` is the app's own report.export (core/reports/run.ts
 * exportReport: the reader worker writes the file into a downloads folder); `floor` and `inmemory` write the same
 * rows (db/queries/reports/movements.ts movementRows, the read the export runs) with the same columns.
 * Prints {"s": seconds, "rows": n, "peakRssMb": …, "startRssMb": …} as one JSON line.
 */
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { reportExportInput } from '../core/contract/methods/reports';
import { columnReaders } from '../core/exports/cells';
import { DownloadStore } from '../core/exports/downloads';
import { readerEntry } from '../core/reader';
import { WorkerReader } from '../core/reader/pool';
import { exportReport } from '../core/reports/run';
import { loadSettings } from '../core/settings';
import { openReadOnly } from '../db/readonly';
import { movementRows } from '../db/queries/reports/movements';
import { peakRssMb } from './util';
import { JOURNAL_COLUMNS, JOURNAL_HEADERS, JOURNAL_TEXTS, styleOf } from './xlsx-columns';

const [mode, file, out, to, bundle] = process.argv.slice(2) as [string, string, string, string, string | undefined];
const FROM = '2000-01-01';
const startRssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
const db = openReadOnly(file);
const settings = loadSettings(db);
const shop = { currency: settings.currency, locale: settings.locale, timeZone: settings.timeZone };
const journal = () => movementRows(db, { from: FROM, to, texts: JOURNAL_TEXTS });
const t0 = performance.now();
let rows = 0;

if (mode === 'export') {
  // The bundled worker, as the app runs it; the TypeScript entry through tsx otherwise.
  const built = bundle ? pathToFileURL(bundle) : null;
  const entry = built ? { entry: built, devBoot: built } : readerEntry(new URL('../core/reader/index.ts', import.meta.url).href);
  const reader = new WorkerReader({ file, workers: 1, ...entry });
  const folder = mkdtempSync(path.join(tmpdir(), 'lavka-bench-downloads-'));
  const downloads = new DownloadStore(folder);
  try {
    const input = reportExportInput.parse({
      report: 'report.movements',
      params: { from: FROM, to },
      format: 'xlsx',
      title: 'Movement journal',
      headers: JOURNAL_HEADERS,
      texts: JOURNAL_TEXTS,
    });
    const r = await exportReport({ db, reader, downloads }, { user: 'bench', session: 'bench' }, input);
    rows = r.rows;
    renameSync(downloads.peek(r.downloadId)!.file, out);
  } finally {
    await reader.close();
    rmSync(folder, { recursive: true, force: true });
  }
} else if (mode === 'floor') {
  // exceljs's streaming writer, the same values, no styles: the cost of writing an xlsx at all.
  const { default: ExcelJS } = await import('exceljs');
  const readers = columnReaders(JOURNAL_COLUMNS, shop);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('Data');
  ws.addRow(JOURNAL_COLUMNS.map((c) => c.header)).commit();
  for (const row of journal()) {
    rows++;
    ws.addRow(readers.map((r) => r.cell(row as never, rows))).commit();
    if (rows % 5000 === 0) await new Promise((r) => setImmediate(r));
  }
  ws.commit();
  await wb.commit();
} else if (mode === 'inmemory') {
  // exceljs's in-memory Workbook, the same values and formats, written at the end.
  const { default: ExcelJS } = await import('exceljs');
  const readers = columnReaders(JOURNAL_COLUMNS, shop);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Data', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = JOURNAL_COLUMNS.map((c) => ({ width: 14, style: styleOf(c, shop.currency) }));
  ws.addRow(JOURNAL_COLUMNS.map((c) => c.header));
  for (const row of journal()) {
    rows++;
    ws.addRow(readers.map((r) => r.cell(row as never, rows)));
  }
  await wb.xlsx.writeFile(out);
} else throw new Error(`unknown mode ${mode}`);

const s = (performance.now() - t0) / 1000;
process.stdout.write(`${JSON.stringify({ s, rows, peakRssMb: peakRssMb(), startRssMb })}\n`);
process.exit(0);
