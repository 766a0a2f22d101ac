/**
 * One measurement of bench/xlsx.ts in a process of its own, so its peak RSS is that of the writing alone (bundled
 * by bench/xlsx.ts, so no TypeScript loader weighs in):
 *   node dist/bench/xlsx-child.mjs export|floor|inmemory <db file> <out file> <to (ISO, exclusive)> [bundled worker .mjs]
 * Prints {"s": seconds, "rows": n, "peakRssMb": …, "startRssMb": …} as one JSON line.
 */
import { pathToFileURL } from 'node:url';
import { columnReaders } from '../core/exports/cells';
import { exportTable } from '../core/exports/export-table';
import { readerEntry } from '../core/reader';
import { WorkerReader } from '../core/reader/pool';
import { loadSettings } from '../core/settings';
import { openReadOnly } from '../db/readonly';
import { movementJournal } from '../db/queries/stock-history';
import { JOURNAL_COLUMNS, styleOf } from './xlsx-columns';

const [mode, file, out, to, bundle] = process.argv.slice(2) as [string, string, string, string, string | undefined];
const mb = (kb: number) => Math.round(kb / 1024);
const startRssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
const db = openReadOnly(file);
const settings = loadSettings(db);
const shop = { currency: settings.currency, locale: settings.locale, timeZone: settings.timeZone };
const t0 = performance.now();
let rows = 0;

if (mode === 'export') {
  // The bundled worker, as the app runs it; the TypeScript entry through tsx otherwise.
  const built = bundle ? pathToFileURL(bundle) : null;
  const entry = built ? { entry: built, devBoot: built } : readerEntry(new URL('../core/reader/index.ts', import.meta.url).href);
  const reader = new WorkerReader({ file, workers: 1, ...entry });
  const r = await exportTable(
    { db, reader },
    {
      query: 'stock.journal',
      params: { to },
      columns: JOURNAL_COLUMNS,
      about: { shop: 'Bench', title: 'Movement journal', user: 'bench', period: { from: '2000-01-01', to: '2099-12-31' } },
      format: 'xlsx',
      file: out,
    },
  );
  rows = r.rows;
  await reader.close();
} else if (mode === 'floor') {
  // exceljs's streaming writer, the same values, no styles: the cost of writing an xlsx at all.
  const { default: ExcelJS } = await import('exceljs');
  const readers = columnReaders(JOURNAL_COLUMNS, shop);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('Data');
  ws.addRow(JOURNAL_COLUMNS.map((c) => c.header)).commit();
  for (const row of movementJournal(db, { to })) {
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
  for (const row of movementJournal(db, { to })) {
    rows++;
    ws.addRow(readers.map((r) => r.cell(row as never, rows)));
  }
  await wb.xlsx.writeFile(out);
} else throw new Error(`unknown mode ${mode}`);

const s = (performance.now() - t0) / 1000;
process.stdout.write(`${JSON.stringify({ s, rows, peakRssMb: mb(process.resourceUsage().maxRSS), startRssMb })}\n`);
process.exit(0);
