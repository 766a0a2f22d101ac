/**
 * A row's fields as cell values, per the column model: numbers for numbers, Excel serials for dates (the xlsx writer
 * gives them a date format), texts as they are. Sums are kept in the column's own integer unit, never in floats.
 */
import { currencyDigits } from '../contract/money-format';
import { WallClock, excelDate } from './formats';
import { unitDecimals, type ExportColumn } from './columns';
import { ExportError, type ExportShop } from './types';

export type Cell = number | string | null;

type Row = Record<string, unknown>;

/** One column's reading of a row: its cell, and for qty columns the decimals of the row's unit. */
export interface ColumnReader {
  column: ExportColumn;
  /** Divisor from the stored integer to the shown number (100 for kopecks, 1000 for thousandths, 10000 for bp). */
  scale: number;
  cell(row: Row, rowNo: number): Cell;
  /** qty columns: the decimals this row shows (its unit's, or all three for a fraction of a piece). */
  decimals?(row: Row): number;
  /** Integer value summed for the totals row; only `sum` columns read it. */
  integer(row: Row, rowNo: number): number;
}

const bad = (c: ExportColumn, rowNo: number, v: unknown, want: string): ExportError =>
  new ExportError('bad_row', `row ${rowNo}, column ${c.key}: ${JSON.stringify(v)} is not ${want}`);

export function columnReaders(columns: readonly ExportColumn[], shop: ExportShop): ColumnReader[] {
  const clock = new WallClock(shop.timeZone);
  const moneyScale = 10 ** currencyDigits(shop.currency);
  return columns.map((c): ColumnReader => {
    const key = c.key;
    const integer = (row: Row, rowNo: number): number => {
      const v = row[key];
      if (v === null || v === undefined) return 0;
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw bad(c, rowNo, v, 'a whole number');
      return v;
    };
    const scaled =
      (scale: number) =>
      (row: Row, rowNo: number): Cell => {
        const v = row[key];
        if (v === null || v === undefined) return null;
        if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw bad(c, rowNo, v, 'a whole number');
        return scale === 1 ? v : v / scale;
      };
    switch (c.kind) {
      case 'money':
        return { column: c, scale: moneyScale, cell: scaled(moneyScale), integer };
      case 'qty': {
        const unit = c.unit;
        const fixed = typeof unit === 'object' ? 3 : unitDecimals(unit ?? 'pcs');
        // Thousandths a whole-piece unit cannot show are shown anyway, not rounded away.
        const decimals = (row: Row): number => {
          const d = typeof unit === 'object' ? unitDecimals(row[unit.key]) : fixed;
          const v = row[key];
          return d < 3 && typeof v === 'number' && v % 1000 !== 0 ? 3 : d;
        };
        return { column: c, scale: 1000, cell: scaled(1000), integer, decimals };
      }
      case 'int':
        return { column: c, scale: 1, cell: scaled(1), integer };
      case 'percent':
        return { column: c, scale: 10000, cell: scaled(10000), integer };
      case 'date':
        return {
          column: c,
          scale: 1,
          integer,
          cell: (row, rowNo) => {
            const v = row[key];
            if (v === null || v === undefined || v === '') return null;
            const serial = typeof v === 'string' ? excelDate(v) : null;
            if (serial === null) throw bad(c, rowNo, v, 'a date (YYYY-MM-DD)');
            return serial;
          },
        };
      case 'datetime':
        return {
          column: c,
          scale: 1,
          integer,
          cell: (row, rowNo) => {
            const v = row[key];
            if (v === null || v === undefined || v === '') return null;
            const serial = typeof v === 'string' || typeof v === 'number' ? clock.excel(v) : null;
            if (serial === null) throw bad(c, rowNo, v, 'a time');
            return serial;
          },
        };
      case 'text':
        return {
          column: c,
          scale: 1,
          integer,
          cell: (row) => {
            const v = row[key];
            return v === null || v === undefined ? null : String(v);
          },
        };
    }
  });
}

/** Running sums of the `sum` columns, as integers in each column's own unit. */
export class Totals {
  readonly sums: number[];
  constructor(private readonly readers: readonly ColumnReader[]) {
    this.sums = readers.map(() => 0);
  }

  add(row: Row, rowNo: number): void {
    for (let i = 0; i < this.readers.length; i++) {
      const r = this.readers[i]!;
      if (r.column.total !== 'sum') continue;
      const s = this.sums[i]! + r.integer(row, rowNo);
      if (!Number.isSafeInteger(s)) throw new ExportError('bad_row', `the total of ${r.column.key} is too large to add up exactly`);
      this.sums[i] = s;
    }
  }

  /** Adds another running sum of the same columns (a finished sheet's to the file's). */
  addAll(other: Totals): void {
    other.sums.forEach((v, i) => {
      const s = this.sums[i]! + v;
      if (!Number.isSafeInteger(s)) throw new ExportError('bad_row', `a total is too large to add up exactly`);
      this.sums[i] = s;
    });
  }

  byKey(): Record<string, number> {
    const out: Record<string, number> = {};
    this.readers.forEach((r, i) => {
      if (r.column.total === 'sum') out[r.column.key] = this.sums[i]!;
    });
    return out;
  }
}
