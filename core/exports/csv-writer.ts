/**
 * The CSV alternative: UTF-8 with a BOM (so Excel reads Cyrillic right), `;` and a decimal comma for a Russian
 * shop (what Excel expects there), `,` and a decimal point for an English one. Numbers carry their kind's decimals
 * and no thousands separators; dates are YYYY-MM-DD, times the shop's wall clock. No About sheet and no totals row:
 * a CSV is read back by programs, and a totals line would be read as one more row.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { columnReaders, Totals, type ColumnReader } from './cells';
import { currencyDigits } from '../contract/money-format';
import { WallClock } from './formats';
import type { TableWriter } from './table-writer';
import type { ExportSpec } from './types';

type Row = Record<string, unknown>;

/** Stored integer to a decimal string with exactly `digits` decimals, no float in between. */
export function decimalText(v: number, scaleDigits: number, digits: number, point: string): string {
  const neg = v < 0;
  let s = String(Math.abs(v)).padStart(scaleDigits + 1, '0');
  const whole = s.slice(0, s.length - scaleDigits);
  let frac = s.slice(s.length - scaleDigits);
  frac = digits < scaleDigits ? frac.slice(0, digits) : frac.padEnd(digits, '0');
  s = digits > 0 ? `${whole}${point}${frac}` : whole;
  return neg && /[1-9]/.test(s) ? `-${s}` : s;
}

export class CsvTableWriter implements TableWriter {
  private readonly out: WriteStream;
  private readonly sep: string;
  private readonly point: string;
  private readonly readers: ColumnReader[];
  private readonly format: ((row: Row, rowNo: number) => string)[];
  private readonly totals: Totals;
  private rowNo = 0;
  private failed: Error | null = null;

  constructor(
    private readonly spec: ExportSpec,
    part: string,
  ) {
    const ru = spec.shop.locale === 'ru';
    this.sep = ru ? ';' : ',';
    this.point = ru ? ',' : '.';
    this.readers = columnReaders(spec.columns, spec.shop);
    this.totals = new Totals(this.readers);
    const clock = new WallClock(spec.shop.timeZone);
    const moneyDigits = currencyDigits(spec.shop.currency);
    this.format = this.readers.map((r) => {
      const c = r.column;
      const key = c.key;
      const number = (scaleDigits: number, digits: (row: Row) => number) => (row: Row, rowNo: number) => {
        if (r.cell(row, rowNo) === null) return '';
        return decimalText(row[key] as number, scaleDigits, digits(row), this.point);
      };
      switch (c.kind) {
        case 'money':
          return number(moneyDigits, () => moneyDigits);
        case 'qty':
          return number(3, r.decimals!);
        case 'int':
          return number(0, () => 0);
        case 'percent':
          return (row: Row, rowNo: number) => (r.cell(row, rowNo) === null ? '' : `${decimalText(row[key] as number, 2, 2, this.point)}%`);
        case 'date':
          return (row: Row, rowNo: number) => (r.cell(row, rowNo) === null ? '' : String(row[key]));
        case 'datetime':
          return (row: Row, rowNo: number) => (r.cell(row, rowNo) === null ? '' : clock.text(row[key] as string)!);
        case 'text':
          return (row: Row) => this.text(row[key]);
      }
    });
    this.out = createWriteStream(part);
    this.out.on('error', (err) => (this.failed ??= err));
  }

  start(): void {
    this.out.write(`\uFEFF${this.spec.columns.map((c) => this.quote(c.header)).join(this.sep)}\r\n`);
  }

  write(rows: readonly Row[]): void {
    if (this.failed) throw this.failed;
    let chunk = '';
    for (const row of rows) {
      const rowNo = ++this.rowNo;
      let line = '';
      for (let i = 0; i < this.format.length; i++) line += (i ? this.sep : '') + this.format[i]!(row, rowNo);
      this.totals.add(row, rowNo);
      chunk += `${line}\r\n`;
    }
    this.out.write(chunk);
  }

  async drained(): Promise<void> {
    if (this.failed) throw this.failed;
    if (!this.out.writableNeedDrain) return;
    await new Promise<void>((resolve, reject) => {
      this.out.once('drain', resolve);
      this.out.once('error', reject);
    });
  }

  async finish(): Promise<{ rows: number; sheets: number; totals: Record<string, number> }> {
    await new Promise<void>((resolve, reject) => {
      this.out.once('error', reject);
      this.out.end(() => (this.failed ? reject(this.failed) : resolve()));
    });
    return { rows: this.rowNo, sheets: 1, totals: this.totals.byKey() };
  }

  async abort(): Promise<void> {
    if (this.out.closed) return;
    const closed = new Promise<void>((resolve) => this.out.once('close', () => resolve()));
    this.out.destroy();
    await closed;
  }

  /**
   * A text field: quoted when it holds the separator, a quote, a line break or edge spaces. A text Excel would take
   * for a formula (= + - @ first) gets a leading apostrophe, so opening the file runs nothing.
   */
  private text(v: unknown): string {
    if (v === null || v === undefined) return '';
    let s = String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return this.quote(s);
  }

  private quote(s: string): string {
    return s.includes(this.sep) || /["\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }
}
