/**
 * The xlsx writer: exceljs's streaming WorkbookWriter straight to a file (styles on, shared strings off, so memory
 * stays flat however many rows). An About sheet first, then data sheets with a frozen header, an autofilter, widths,
 * number formats per kind and a totals row of SUBTOTAL(9, …) formulas whose results are cached in the file.
 */
import type ExcelJS from 'exceljs';
import type { WriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { columnReaders, Totals, type Cell, type ColumnReader } from './cells';
import { columnWidth } from './columns';
import { DATE_FORMAT, DATETIME_FORMAT, INT_FORMAT, moneyFormat, PERCENT_FORMAT, qtyFormat, WallClock, excelDate } from './formats';
import { EXPORT_LABELS, type ExportLabels } from './labels';
import { EXCEL_MAX_ROWS, ExportError, type ExportSpec } from './types';
import { unitDecimals } from './columns';
import type { TableWriter } from './table-writer';
import { XmlPart } from './xlsx-part';

type Style = Partial<ExcelJS.Style>;
type Row = Record<string, unknown>;

/** exceljs's WorkbookWriter inside: its zip (archiver), the file stream, and where it opens each part. */
interface WorkbookInternals {
  stream: WriteStream;
  zip: {
    append(source: Readable, entry: { name: string }): void;
    abort(): void;
    once(e: 'error', f: (err: Error) => void): void;
    off(e: 'error', f: (err: Error) => void): void;
  };
  _openStream(path: string): XmlPart;
}
/** Bytes of sheet XML that may wait for deflate before the writer pauses. */
const ZIP_QUEUE_BYTES = 1 << 20;

const BOLD: Partial<ExcelJS.Font> = { bold: true };

/** Excel sheet names: at most 31 characters, none of []:*?/\ . */
const sheetName = (s: string): string => s.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet';

const colLetter = (n: number): string => {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};

type WorkbookWriterClass = typeof ExcelJS.stream.xlsx.WorkbookWriter;

/**
 * exceljs's streaming writer, loaded by the first xlsx export rather than with the module, and alone: every thread
 * that imports the reads (the app's own, which never writes a workbook, and each reader worker) would otherwise carry
 * the whole package (~27 MB of RSS; its writer alone ~16 MB, without the in-memory workbook, the CSV and the reader).
 */
export async function loadWorkbookWriter(): Promise<WorkbookWriterClass> {
  // @ts-expect-error -- exceljs has types for its package entry only; this file is its WorkbookWriter (the cast)
  const writer = (await import('exceljs/lib/stream/xlsx/workbook-writer.js')) as { default: WorkbookWriterClass };
  return writer.default;
}

export class XlsxTableWriter implements TableWriter {
  private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly readers: ColumnReader[];
  private readonly labels: ExportLabels;
  private readonly rowLimit: number;
  /** One style object per column (and per unit for qty): exceljs maps a style it has seen to its id at once. */
  private readonly styles: Style[];
  private readonly totalStyles: Style[];
  private readonly unitStyles = new Map<number, Style>();
  private readonly fileTotals: Totals;
  private sheet: ExcelJS.Worksheet | null = null;
  private sheetTotals!: Totals;
  private sheetRows = 0;
  private sheetCount = 0;
  private rowNo = 0;
  private readonly lastCol: string;

  /** The writer class is loaded first (loadWorkbookWriter): the export loop does it before it makes a writer. */
  constructor(
    private readonly spec: ExportSpec,
    part: string,
    WorkbookWriter: WorkbookWriterClass,
  ) {
    this.rowLimit = spec.sheetRowLimit ?? EXCEL_MAX_ROWS;
    if (!Number.isInteger(this.rowLimit) || this.rowLimit < 3 || this.rowLimit > EXCEL_MAX_ROWS)
      throw new ExportError('bad_spec', `sheetRowLimit must be a whole number from 3 to ${EXCEL_MAX_ROWS}`);
    this.labels = EXPORT_LABELS[spec.shop.locale] ?? EXPORT_LABELS.en;
    this.readers = columnReaders(spec.columns, spec.shop);
    this.fileTotals = new Totals(this.readers);
    const money = moneyFormat(spec.shop.currency);
    this.styles = spec.columns.map((c): Style => {
      switch (c.kind) {
        case 'money':
          return { numFmt: money };
        case 'qty':
          return { numFmt: qtyFormat(typeof c.unit === 'object' ? 3 : unitDecimals(c.unit ?? 'pcs')) };
        case 'int':
          return { numFmt: INT_FORMAT };
        case 'percent':
          return { numFmt: PERCENT_FORMAT };
        case 'date':
          return { numFmt: DATE_FORMAT };
        case 'datetime':
          return { numFmt: DATETIME_FORMAT };
        case 'text':
          return {};
      }
    });
    this.totalStyles = this.styles.map((s) => ({ ...s, font: BOLD }));
    this.lastCol = colLetter(spec.columns.length);
    this.wb = new WorkbookWriter({ filename: part, useStyles: true, useSharedStrings: false });
    this.wb.creator = 'Lavka';
    // Each part (the sheets' XML) through an XmlPart rather than exceljs's StreamBuf: see xlsx-part.ts.
    const wb = this.internals();
    wb._openStream = (name) => {
      const part = new XmlPart();
      wb.zip.append(part, { name });
      return part;
    };
  }

  /** The About sheet, committed before any data: the zip takes sheets one after another, in order. */
  start(): void {
    const { about, shop } = this.spec;
    const l = this.labels;
    const ws = this.wb.addWorksheet(sheetName(l.about));
    ws.columns = [{ width: 18 }, { width: 40 }, { width: 14 }];
    const line = (label: string, ...values: { v: Cell; numFmt?: string }[]) => {
      const row = ws.addRow([label, ...values.map((x) => x.v)]);
      row.getCell(1).font = BOLD;
      values.forEach((x, i) => x.numFmt && (row.getCell(i + 2).numFmt = x.numFmt));
      row.commit();
    };
    line(l.shop, { v: about.shop });
    line(l.report, { v: about.title });
    if (about.period) {
      const day = (d?: string) => ({ v: d ? excelDate(d) : null, numFmt: DATE_FORMAT });
      line(l.period, day(about.period.from), day(about.period.to));
    }
    const filters = about.filters ?? [];
    if (filters.length) {
      line(l.filters);
      for (const f of filters) ws.addRow([f.label, f.value]).commit();
    }
    line(l.generatedAt, { v: new WallClock(shop.timeZone).excel(about.generatedAt ?? Date.now()), numFmt: DATETIME_FORMAT });
    line(l.user, { v: about.user });
    ws.commit();
    this.openSheet();
  }

  write(rows: readonly Row[]): void {
    const readers = this.readers;
    const n = readers.length;
    for (const row of rows) {
      if (this.sheetRows === this.rowLimit - 2) {
        this.closeSheet();
        this.openSheet();
      }
      const rowNo = ++this.rowNo;
      const values: Cell[] = new Array<Cell>(n);
      for (let i = 0; i < n; i++) values[i] = readers[i]!.cell(row, rowNo);
      this.sheetTotals.add(row, rowNo);
      const r = this.sheet!.addRow(values);
      for (let i = 0; i < n; i++) {
        const d = readers[i]!.decimals?.(row);
        r.getCell(i + 1).style = d === undefined ? this.styles[i]! : this.unitStyle(d);
      }
      r.commit();
      this.sheetRows++;
    }
  }

  /**
   * exceljs writes a sheet's XML into the zip's input without waiting for it, so a writer faster than deflate and the
   * disk would pile the whole file up in memory: between batches, wait while more than a little is queued there.
   */
  async drained(): Promise<void> {
    const part = this.sheet ? (this.sheet as unknown as { stream: XmlPart }).stream : null;
    if (!part || part.readableLength <= ZIP_QUEUE_BYTES) return;
    // A zip or a file that fails stops reading the part: the wait ends with its error.
    const { stream: out, zip } = this.internals();
    let fail: (err: Error) => void = () => {};
    const failed = new Promise<never>((_, reject) => (fail = reject));
    out.once('error', fail);
    zip.once('error', fail);
    try {
      await Promise.race([part.room(ZIP_QUEUE_BYTES), failed]);
    } finally {
      out.off('error', fail);
      zip.off('error', fail);
    }
  }

  async finish(): Promise<{ rows: number; sheets: number; totals: Record<string, number> }> {
    this.closeSheet();
    await this.wb.commit();
    return { rows: this.rowNo, sheets: this.sheetCount, totals: this.fileTotals.byKey() };
  }

  /** Stops writing: the zip and the file are closed as they are (the caller removes the file). */
  async abort(): Promise<void> {
    // exceljs has no abort: its zip (archiver) and file stream are stopped directly.
    const { stream: out, zip } = this.internals();
    const closed = new Promise<void>((resolve) => {
      if (out.closed) return resolve();
      out.once('close', () => resolve());
    });
    zip.abort();
    out.destroy();
    await closed;
  }

  private internals(): WorkbookInternals {
    return this.wb as unknown as WorkbookInternals;
  }

  private unitStyle(decimals: number): Style {
    let s = this.unitStyles.get(decimals);
    if (!s) this.unitStyles.set(decimals, (s = { numFmt: qtyFormat(decimals) }));
    return s;
  }

  private openSheet(): void {
    this.sheetCount++;
    const name = sheetName(this.sheetCount === 1 ? this.labels.data : `${this.labels.data} (${this.sheetCount})`);
    const ws = this.wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
    ws.columns = this.spec.columns.map((c) => ({ width: columnWidth(c) }));
    const header = ws.addRow(this.spec.columns.map((c) => c.header));
    header.font = BOLD;
    header.commit();
    this.sheet = ws;
    this.sheetRows = 0;
    this.sheetTotals = new Totals(this.readers);
  }

  /** The totals row under the data, outside the autofilter (so sorting leaves it at the bottom), then the sheet. */
  private closeSheet(): void {
    const ws = this.sheet!;
    const last = this.sheetRows + 1;
    ws.autoFilter = `A1:${this.lastCol}${last}`;
    this.fileTotals.addAll(this.sheetTotals);
    const sums = this.sheetTotals.sums;
    const cells = this.readers.map((r, i): ExcelJS.CellValue => {
      if (r.column.total !== 'sum') return i === 0 ? this.labels.total : null;
      const result = sums[i]! / r.scale;
      // No rows: a range of none would take in the totals cell itself (a circular reference), so a plain zero.
      if (this.sheetRows === 0) return result;
      const col = colLetter(i + 1);
      return { formula: `SUBTOTAL(9,${col}2:${col}${last})`, result } as ExcelJS.CellFormulaValue;
    });
    const row = ws.addRow(cells);
    this.readers.forEach((_, i) => (row.getCell(i + 1).style = this.totalStyles[i]!));
    row.commit();
    ws.commit();
    this.sheet = null;
  }
}
