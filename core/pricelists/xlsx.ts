// Workbooks through exceljs's streaming reader: rows pass one at a time and the workbook is never built in memory.
// A merged title block arrives as its top-left cell only, which is what the header search wants anyway.
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type ExcelJS from 'exceljs';
import { xlsxHeadRows, xmlText } from './xlsx-head';
import { readEntry, type ZipEntry } from './zip';
import type { RawCell, RawRow, SheetInfo } from './types';

/** Sheet names in the workbook's order, with the row count each sheet's dimension record gives. */
export function listXlsxSheets(buf: Buffer, entries: Map<string, ZipEntry>): SheetInfo[] {
  return sheetParts(buf, entries).map(({ part, ...info }) => ({ ...info, approxRows: part ? dimensionRows(buf, part) : null }));
}

/** The workbook's relationships: id → part name, and the shared strings' part. */
function workbookRels(buf: Buffer, entries: Map<string, ZipEntry>): { rels: Map<string, string>; sharedStrings?: ZipEntry } {
  const relsEntry = entries.get('xl/_rels/workbook.xml.rels');
  const rels = new Map<string, string>();
  let sharedStrings: ZipEntry | undefined;
  if (relsEntry) {
    for (const m of readEntry(buf, relsEntry).matchAll(/<Relationship\b[^>]*>/g)) {
      const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
      const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1]?.replace(/^\/?(xl\/)?/, 'xl/');
      if (id && target) rels.set(id, target);
      if (target && /\/sharedStrings"/.test(m[0].replace(/\bTarget="[^"]*"/, ''))) sharedStrings = entries.get(target);
    }
  }
  return { rels, sharedStrings: sharedStrings ?? entries.get('xl/sharedStrings.xml') };
}

/** Each sheet's name and the zip entry of its XML. */
function sheetParts(buf: Buffer, entries: Map<string, ZipEntry>): (Omit<SheetInfo, 'approxRows'> & { part?: ZipEntry })[] {
  const workbook = readEntry(buf, entries.get('xl/workbook.xml')!);
  const { rels } = workbookRels(buf, entries);
  return [...workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)].map((m, i) => {
    const name = xmlText(/\bname="([^"]*)"/.exec(m[0])?.[1] ?? `Sheet${i + 1}`);
    const rid = /\br:id="([^"]*)"/.exec(m[0])?.[1];
    const part = rid ? entries.get(rels.get(rid) ?? '') : undefined;
    return { index: i + 1, name, part };
  });
}

function dimensionRows(buf: Buffer, part: ZipEntry): number | null {
  try {
    const head = readEntry(buf, part, 16_384);
    const ref = /<dimension\s+ref="[A-Z]+\d+:[A-Z]+(\d+)"/.exec(head)?.[1];
    if (ref) return Number(ref);
    // No dimension record (exceljs's streaming writer leaves it out): scale the rows in the head by the sheet's size.
    const rows = head.match(/<row\b/g)?.length ?? 0;
    const start = head.indexOf('<sheetData');
    if (rows < 2 || start < 0) return rows;
    return Math.round((rows * (part.size - start)) / (head.length - start));
  } catch {
    return null; // a sheet we cannot peek into still reads in full; only the estimate is missing
  }
}

export interface XlsxSheetRows {
  name: string;
  rows: AsyncIterable<RawRow>;
  /**
   * Done with the sheet, read or not. exceljs parks sheets stored before the shared strings in temp files and
   * deletes each once passed; a sheet left unread must close its file first, or the late open fails uncaught.
   */
  close: () => void;
}

type Chunks = AsyncIterable<Buffer | string> & { destroy?: () => void };
type ReaderInternals = {
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: Chunks, sheetNo: string): Generator<unknown>;
};

/** Chunks as text decoded across chunk ends (a Cyrillic letter or a no-break space can straddle two chunks). */
async function* decodedChunks(chunks: Chunks): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.write(chunk);
  yield decoder.end();
}

type WholeCharReader = ExcelJS.stream.xlsx.WorkbookReader & { sheetNo: string | null };
type WholeCharReaderClass = new (...args: ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookReader>) => WholeCharReader;

/**
 * exceljs 4.4.0 decodes each zip chunk to text on its own, so a character split between two chunks becomes two
 * U+FFFD: about one price in 20 000 with a no-break space between thousands read as garbage. Its parser passes
 * text through untouched, so this reader hands it text decoded across chunk ends. exceljs is pinned; the
 * 100k-row test would show garbled amounts if these internals changed.
 * Made when the first whole sheet is read, with exceljs loaded then: every thread that imports the reads (the
 * app's own and each reader worker) would otherwise carry its ~27 MB.
 */
let wholeCharReader: Promise<WholeCharReaderClass> | null = null;
const loadWholeCharReader = (): Promise<WholeCharReaderClass> =>
  (wholeCharReader ??= import('exceljs').then(({ default: excel }) => {
    const base = excel.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;
    return class WholeCharWorkbookReader extends excel.stream.xlsx.WorkbookReader {
      _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown> {
        entry.setEncoding('utf8');
        return base._parseSharedStrings.call(this, entry);
      }

      /** The part the sheet being emitted comes from (xl/worksheets/sheet<N>.xml). */
      sheetNo: string | null = null;

      _parseWorksheet(iterator: Chunks, sheetNo: string): Generator<unknown> {
        this.sheetNo = sheetNo;
        const file = iterator as Chunks & { on?: (event: 'error', listener: (err: Error) => void) => void };
        // Once closed, the temp file may be deleted before its open completes; that ENOENT concerns nobody.
        const destroy = (): void => {
          file.on?.('error', () => undefined);
          file.destroy?.();
        };
        const decoded = Object.assign(decodedChunks(iterator), { destroy });
        return base._parseWorksheet.call(this, decoded, sheetNo);
      }
    };
  }));

/**
 * Every sheet's first rows (up to the `want`-th with anything in it), in workbook order, read from the XML without
 * the streaming reader (xlsx-head.ts): what the wizard's first look takes. A sheet whose part is missing has none.
 */
export function* xlsxHeads(buf: Buffer, entries: Map<string, ZipEntry>, want: number): Generator<XlsxSheetRows> {
  const strings = workbookRels(buf, entries).sharedStrings;
  for (const { name, part } of sheetParts(buf, entries)) {
    const rows = part ? xlsxHeadRows(buf, part, strings, want) : [];
    yield {
      name,
      rows: (async function* () {
        yield* rows;
      })(),
      close: () => undefined,
    };
  }
}

/** Every sheet in file order; a sheet whose rows are not iterated is skipped unread. */
export async function* xlsxSheets(buf: Buffer, entries: Map<string, ZipEntry>): AsyncGenerator<XlsxSheetRows> {
  // exceljs names a sheet stored before the workbook's own part (openpyxl's order) "Sheet<N>"; the name is the
  // workbook's, by the sheet's part.
  const names = new Map(sheetParts(buf, entries).map((p) => [p.part?.name, p.name]));
  // In 64 KB slices: handed the whole buffer as one chunk, the unzipper holds copies of it (~30 MB more RSS).
  const slices = function* (): Generator<Buffer> {
    for (let at = 0; at < buf.length; at += 65_536) yield buf.subarray(at, at + 65_536);
  };
  const WholeCharWorkbookReader = await loadWholeCharReader();
  const reader = new WholeCharWorkbookReader(Readable.from(slices()), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  for await (const sheet of reader) {
    const name = names.get(`xl/worksheets/sheet${reader.sheetNo}.xml`) ?? (sheet as unknown as { name: string }).name;
    const source = (sheet as unknown as { iterator?: { destroy?: () => void } }).iterator;
    yield { name, rows: sheetRows(sheet), close: () => source?.destroy?.() };
  }
}

async function* sheetRows(sheet: AsyncIterable<ExcelJS.Row>): AsyncGenerator<RawRow> {
  for await (const row of sheet) {
    const values = row.values as unknown[];
    const cells: RawCell[] = [];
    for (let i = 1; i < values.length; i++) cells.push(toCell(values[i]));
    yield { row: row.number, cells };
  }
}

/** exceljs's cell values (rich text, formulas with cached results, errors, hyperlinks) as text or a number. */
export function toCell(v: unknown): RawCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; formula?: string; result?: unknown; error?: string; text?: unknown };
    if (o.richText) return o.richText.map((r) => r.text ?? '').join('');
    if ('formula' in o || 'sharedFormula' in o) return toCell(o.result);
    if (o.error !== undefined) return o.error;
    if (o.text !== undefined) return toCell(o.text);
  }
  return String(v);
}
