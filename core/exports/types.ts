/** What an export job is told and what it answers: plain data, as it crosses to the reader worker. */
import type { ExportColumn } from './columns';
import type { ExportLocale } from './labels';

export type ExportFormat = 'xlsx' | 'csv';

/** The first sheet: who made the file, of what, when. Texts already in the user's language. */
export interface ExportAbout {
  shop: string;
  title: string;
  /** Business dates, YYYY-MM-DD, both inclusive; either may be open. */
  period?: { from?: string; to?: string };
  /** Each filter as the user chose it, e.g. { label: 'Store', value: 'Main' }. */
  filters?: { label: string; value: string }[];
  /** Who asked for the export. */
  user: string;
  /** When; ISO instant (written in the shop's time zone). Default: when the export starts. */
  generatedAt?: string;
}

/** The shop's settings that shape the file. */
export interface ExportShop {
  currency: string;
  locale: ExportLocale;
  timeZone: string;
}

export interface ExportSpec {
  format: ExportFormat;
  /** The finished file; written beside it under a temporary name and renamed at the end. */
  file: string;
  columns: ExportColumn[];
  about: ExportAbout;
  shop: ExportShop;
  /** Rows per sheet counting the header and totals rows (Excel's limit, 1,048,576, unless a test wants fewer). */
  sheetRowLimit?: number;
  /** Progress is reported after at least this many rows (default 10,000). */
  progressEvery?: number;
}

export interface ExportProgress {
  rows: number;
}

export interface ExportResult {
  file: string;
  format: ExportFormat;
  rows: number;
  /** Data sheets written (xlsx; 1 for csv). */
  sheets: number;
  /** Per `sum` column, in the column's own unit (minor units, thousandths): the whole file's total. */
  totals: Record<string, number>;
  bytes: number;
}

export const EXCEL_MAX_ROWS = 1_048_576;
export const DEFAULT_PROGRESS_EVERY = 10_000;

/** How an export failed; `cancelled` when asked to stop. */
export class ExportError extends Error {
  constructor(
    readonly reason: 'cancelled' | 'bad_row' | 'bad_spec',
    message: string,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}
