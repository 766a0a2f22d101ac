/** The column model of a report table, as exports write it: what each column holds and how a bookkeeper sees it. */

/**
 * - `money`: integer minor units, written as major units in the shop currency's number format.
 * - `qty`: integer thousandths, shown with the unit's decimals (pieces 0; kg, l and m 3).
 * - `int`: a whole number. `percent`: basis points (1234 = 12.34 %).
 * - `date`: YYYY-MM-DD (a business date), written as a real date. `datetime`: an ISO instant, written as a real
 *   date-time in the shop's time zone. `text`: as is.
 */
export type ColumnKind = 'money' | 'qty' | 'int' | 'percent' | 'date' | 'datetime' | 'text';

export type Unit = 'pcs' | 'kg' | 'l' | 'm';

export interface ExportColumn {
  /** The row field the column shows. */
  key: string;
  /** Already in the user's language. */
  header: string;
  kind: ColumnKind;
  /** Width in characters; without it, from the header and the kind. */
  width?: number;
  /** `sum`: a totals row adds it up (SUBTOTAL(9, …) in xlsx, so filters keep it right). */
  total?: 'sum';
  /** qty only: the unit of every row, or `{ key }` naming the row field that holds each row's unit. Default pcs. */
  unit?: Unit | { key: string };
}

const UNIT_DECIMALS: Record<Unit, number> = { pcs: 0, kg: 3, l: 3, m: 3 };

/** Decimals a quantity in this unit shows; an unknown unit shows all three (nothing is hidden). */
export const unitDecimals = (unit: unknown): number =>
  typeof unit === 'string' && unit in UNIT_DECIMALS ? UNIT_DECIMALS[unit as Unit] : 3;

const KIND_WIDTH: Record<ColumnKind, number> = { money: 14, qty: 11, int: 9, percent: 9, date: 11, datetime: 18, text: 24 };

/** Characters wide: the hint, or enough for the header and the kind's usual values, within 6..60. */
export const columnWidth = (c: ExportColumn): number =>
  Math.min(60, Math.max(6, c.width ?? Math.max(KIND_WIDTH[c.kind], c.header.length + 2)));

const KINDS = new Set<ColumnKind>(['money', 'qty', 'int', 'percent', 'date', 'datetime', 'text']);

/** Refuses a model that cannot be written, before any file is made. */
export function checkColumns(columns: readonly ExportColumn[]): void {
  if (!columns.length) throw new Error('an export needs at least one column');
  if (columns.length > 16384) throw new Error('a sheet has at most 16384 columns');
  for (const c of columns) {
    if (!KINDS.has(c.kind)) throw new Error(`column ${c.key}: unknown kind ${String(c.kind)}`);
    if (c.total === 'sum' && !['money', 'qty', 'int'].includes(c.kind))
      throw new Error(`column ${c.key}: only money, qty and int columns have a sum`);
    if (c.unit !== undefined && c.kind !== 'qty') throw new Error(`column ${c.key}: only qty columns have a unit`);
  }
}
