// Reading a supplier's price list end to end: what the file is, which sheet, where the header is, what each column
// means, and every data row as a typed row or its problems. Pure: no database, no module state, so it runs in a
// worker thread as well as anywhere else.
import { readFile } from 'node:fs/promises';
import { AppError } from '../errors';
import { csvRows, decodeText, detectDelimiter, detectEncoding } from './csv';
import { sniff } from './detect';
import { describeColumns, findHeaderRow, findRowByHeaders, resolveMapping } from './headers';
import { createRowChecker } from './rows';
import { listXlsxSheets, xlsxHeads, xlsxSheets } from './xlsx';
import type { ZipEntry } from './zip';
import type { HeaderColumn, PriceField, PriceListRead, RawRow, ReadOptions, SheetInfo } from './types';

const SEARCH_ROWS = 30;

interface OpenedFile {
  kind: 'xlsx' | 'csv';
  buf: Buffer;
  entries?: Map<string, ZipEntry>;
  sheets: SheetInfo[];
  csv?: { text: string; encoding: PriceListRead['encoding']; delimiter: string };
}

async function open(source: string | Buffer, searchRows: number): Promise<OpenedFile> {
  const buf = typeof source === 'string' ? await readFile(source) : source;
  const sniffed = sniff(buf);
  if (sniffed.kind === 'xlsx') return { kind: 'xlsx', buf, entries: sniffed.entries!, sheets: listXlsxSheets(buf, sniffed.entries!) };
  const encoding = detectEncoding(buf);
  const text = decodeText(buf, encoding);
  if (text.trim() === '') throw new AppError('file_empty', 'the file has no rows, only blank space');
  const delimiter = detectDelimiter(text, searchRows);
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) lines++;
  return { kind: 'csv', buf, sheets: [{ index: 1, name: 'CSV', approxRows: lines }], csv: { text, encoding, delimiter } };
}

/** The kind of file and its sheets (one for a CSV), without reading any rows. */
export async function listSheets(source: string | Buffer): Promise<{ kind: 'xlsx' | 'csv'; sheets: SheetInfo[] }> {
  const { kind, sheets } = await open(source, SEARCH_ROWS);
  return { kind, sheets };
}

interface Located {
  headerRow: number;
  columns: HeaderColumn[];
  mapping: Partial<Record<PriceField, number>>;
}

/** The header and mapping of a sheet from its top rows; throws the reason a sheet cannot be used. */
function locate(top: RawRow[], options: ReadOptions): Located {
  if (!top.some((r) => r.cells.some((c) => c !== null && c.toString().trim() !== '')))
    throw new AppError('file_empty', 'the sheet has no rows with anything in them');
  let header: RawRow | null;
  if (options.headerRow === 0) header = { row: 0, cells: [] };
  else if (options.headerRow !== undefined) header = top.find((r) => r.row === options.headerRow) ?? null;
  else header = (options.mapping && findRowByHeaders(top, options.mapping)) || findHeaderRow(top);
  if (!header)
    throw new AppError(
      'file_no_header',
      `no header row in the first ${top.length} rows: no row names columns such as barcode, article and price`,
    );
  const mapping = resolveMapping(header.cells, options.mapping);
  const width = top.reduce((w, r) => Math.max(w, r.cells.length), 0);
  const columns = describeColumns(header.cells, mapping, width);
  if (mapping.barcode === undefined && mapping.article === undefined) {
    const names = columns.map((c) => c.header).filter(Boolean);
    throw new AppError('file_no_key_column', `no barcode or article column in the header on row ${header.row} (${names.join(', ')})`);
  }
  return { headerRow: header.row, columns, mapping };
}

async function takeTop(rows: AsyncIterator<RawRow>, n: number): Promise<RawRow[]> {
  const top: RawRow[] = [];
  for (let filled = 0; filled < n;) {
    const next = await rows.next();
    if (next.done) break;
    top.push(next.value);
    if (next.value.cells.some((c) => c !== null && c.toString().trim() !== '')) filled++;
  }
  return top;
}

/**
 * Reads a price list (a path or the file's bytes). Throws AppError with a file_* code when the file cannot be
 * used at all; otherwise every data row ends up in `good` or, with its row number, column and reason, in `bad`.
 */
export async function readPriceList(source: string | Buffer, options: ReadOptions = {}): Promise<PriceListRead> {
  const searchRows = options.headerSearchRows ?? SEARCH_ROWS;
  const file = await open(source, searchRows);
  const result = await eachSheet(file, options, null, (name, rows) => readSheet(name, rows, options, searchRows, file));
  return file.csv ? { ...result, encoding: file.csv.encoding, delimiter: file.csv.delimiter } : result;
}

/** What the wizard shows before a dry run: the sheets, the header found, the columns proposed, the rows under it. */
export interface PriceListPeek extends Omit<PriceListRead, 'good' | 'bad' | 'skipped' | 'dataRows'> {
  /** The first rows below the header, as read (at most `sample`). */
  sample: RawRow[];
}

/** The top of a sheet only: sheets, header row, mapping and a few rows, without checking every row. */
export async function peekPriceList(source: string | Buffer, options: ReadOptions = {}, sample = 8): Promise<PriceListPeek> {
  const searchRows = options.headerSearchRows ?? SEARCH_ROWS;
  const file = await open(source, searchRows);
  const result = await eachSheet(file, options, searchRows, async (sheet, rows): Promise<PriceListPeek> => {
    const top = await takeTop(rows, searchRows);
    const located = locate(top, options);
    const below = top.filter((r) => r.row > located.headerRow && r.cells.some((c) => c !== null && c.toString().trim() !== ''));
    return { kind: file.kind, sheets: file.sheets, sheet, ...located, sample: below.slice(0, sample) };
  });
  return file.csv ? { ...result, encoding: file.csv.encoding, delimiter: file.csv.delimiter } : result;
}

/**
 * Runs `use` on the sheet asked for, or on the first sheet it does not refuse; the first refusal explains if all are.
 * With `headOnly`, a workbook's sheets hand over just their first rows, up to that many with anything in them (read
 * from the XML without the streaming reader: a look at the top need not parse every shared string first).
 */
async function eachSheet<T>(
  file: OpenedFile,
  options: ReadOptions,
  headOnly: number | null,
  use: (name: string, rows: AsyncIterator<RawRow>) => Promise<T>,
): Promise<T> {
  if (file.csv) return use('CSV', csvRows(file.csv.text, file.csv.delimiter)[Symbol.asyncIterator]());
  const wanted = typeof options.sheet === 'number' ? file.sheets[options.sheet - 1]?.name : options.sheet;
  if (options.sheet !== undefined && !file.sheets.some((s) => s.name === wanted))
    throw new AppError('not_found', `the workbook has no sheet ${JSON.stringify(options.sheet)}`);
  let firstRefusal: AppError | null = null;
  let result: { value: T } | null = null;
  const sheets = headOnly === null ? xlsxSheets(file.buf, file.entries!) : xlsxHeads(file.buf, file.entries!, headOnly);
  for await (const sheet of sheets) {
    try {
      if (result || (wanted !== undefined && sheet.name !== wanted)) continue;
      result = { value: await use(sheet.name, sheet.rows[Symbol.asyncIterator]()) };
    } catch (err) {
      // With no sheet named, the first sheet that is a price list is read; the first refusal explains if none is.
      if (!(err instanceof AppError) || wanted !== undefined) throw err;
      firstRefusal ??= err;
    } finally {
      sheet.close();
    }
  }
  if (result) return result.value;
  throw firstRefusal ?? new AppError('file_empty', 'the workbook has no sheets with rows');
}

async function readSheet(
  name: string,
  rows: AsyncIterator<RawRow>,
  options: ReadOptions,
  searchRows: number,
  file: OpenedFile,
): Promise<PriceListRead> {
  const top = await takeTop(rows, searchRows);
  const { headerRow, columns, mapping } = locate(top, options);
  const check = createRowChecker(mapping, columns);
  const read: PriceListRead = {
    kind: file.kind,
    sheets: file.sheets,
    sheet: name,
    headerRow,
    columns,
    mapping,
    good: [],
    bad: [],
    skipped: { empty: 0, sections: 0, repeatedHeaders: 0 },
    dataRows: 0,
  };
  const take = (r: RawRow): void => {
    if (r.row <= headerRow) return; // the title block above the header
    read.dataRows++;
    const c = check(r);
    if (c.kind === 'good') {
      if (options.onGood) options.onGood(c.row, read);
      else read.good.push(c.row);
    } else if (c.kind === 'bad') read.bad.push(...c.problems);
    else if (c.kind === 'empty') read.skipped.empty++;
    else if (c.kind === 'section') read.skipped.sections++;
    else read.skipped.repeatedHeaders++;
  };
  for (const r of top) take(r);
  for (let next = await rows.next(); !next.done; next = await rows.next()) take(next.value);
  return read;
}
