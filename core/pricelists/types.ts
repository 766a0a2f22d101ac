// The shapes a supplier's price list is read into. Plain data only: the reader runs in a worker thread and its
// result crosses to the main thread by structured clone.

import type { PriceField, PriceListProblem, RowProblemCode } from '../contract/pricelist-types';

export { PRICE_FIELDS, type PriceField, type RowProblemCode } from '../contract/pricelist-types';

/** A cell as the readers hand it on: text as written, a number as stored, or nothing. */
export type RawCell = string | number | null;

/** One row of a sheet; `row` is the 1-based number the user sees in Excel (the record number in a CSV). */
export interface RawRow {
  row: number;
  cells: RawCell[];
}

export type FileKind = 'xlsx' | 'csv';

export interface SheetInfo {
  /** 1-based, in the workbook's order. */
  index: number;
  name: string;
  /** From the sheet's own dimension record when it has one, else estimated from its size; null if unknown. */
  approxRows: number | null;
}

/**
 * A column chosen for a field: its header text (as kept per supplier, so a mapping survives columns moving)
 * or its 0-based position.
 */
export type ColumnRef = string | number;
export type ColumnMapping = Partial<Record<PriceField, ColumnRef>>;

export interface HeaderColumn {
  /** 0-based position; `letter` is the same as Excel names it (A, B, … AA). */
  index: number;
  letter: string;
  header: string;
  /** The field this column maps to (proposed, or the caller's), null when unused. */
  field: PriceField | null;
}

export type RowProblem = PriceListProblem & { code: RowProblemCode };

/** A data row that passed every check. Money in integer minor units, quantity in thousandths. */
export interface PriceRow {
  row: number;
  /** Digits only, leading zeros kept; null when the file has no barcode for this row. */
  barcode: string | null;
  article: string | null;
  name: string | null;
  price: number | null;
  cost: number | null;
  unit: string | null;
  qty: number | null;
  /** A catalog import's category, by name (absent when no column is mapped to it). */
  category?: string | null;
}

export interface PriceListRead {
  kind: FileKind;
  /** CSV only: the encoding and delimiter the reader settled on. */
  encoding?: 'utf-8' | 'windows-1251' | 'utf-16le' | 'utf-16be';
  delimiter?: string;
  sheets: SheetInfo[];
  /** The sheet that was read. */
  sheet: string;
  /** 1-based; 0 when the caller said the sheet has no header row. */
  headerRow: number;
  columns: HeaderColumn[];
  /** The mapping used, by 0-based column position. */
  mapping: Partial<Record<PriceField, number>>;
  good: PriceRow[];
  bad: RowProblem[];
  /** Rows below the header skipped without complaint. */
  skipped: { empty: number; sections: number; repeatedHeaders: number };
  /** Data rows seen below the header (good + rows with problems + skipped). */
  dataRows: number;
}

export interface ReadOptions {
  /** xlsx: the sheet's name or 1-based index. Default: the first sheet whose header is found. */
  sheet?: string | number;
  /** 1-based header row; 0 for a sheet with no header. Default: found among the first rows. */
  headerRow?: number;
  /** The supplier's kept mapping; replaces the proposal for the fields it names. */
  mapping?: ColumnMapping;
  /** How many rows from the top are searched for the header (default 30). */
  headerSearchRows?: number;
  /** Takes each good row as it is read instead of keeping it in `good`: a dry run matches as it reads. */
  onGood?: (row: PriceRow, read: PriceListRead) => void;
}
