// One measured pass over a price list, in its own process so its peak RSS is its own. Prints one JSON line.
// Modes: `read-only` (exceljs's streaming reader iterating every row, nothing else), `parse` (readPriceList:
// sniff, header, mapping, typed rows and the bad-row list).
import ExcelJS from 'exceljs';
import { readPriceList } from '../core/pricelists';

const [mode, file] = process.argv.slice(2);
const started = process.hrtime.bigint();
let rows = 0;
let bad = 0;
if (mode === 'read-only') {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file!, {});
  for await (const sheet of reader) for await (const row of sheet) if (row) rows++;
} else if (mode === 'parse') {
  const read = await readPriceList(file!);
  rows = read.good.length;
  bad = new Set(read.bad.map((b) => b.row)).size;
} else throw new Error(`unknown mode ${mode}`);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(`${JSON.stringify({ seconds, rows, bad, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
