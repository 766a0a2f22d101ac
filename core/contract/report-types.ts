/** The bookkeeper's side: the period lock and the reports. Money in minor units, quantities in thousandths. */

export interface PeriodLock {
  /** The last business day of the closed books (YYYY-MM-DD), or null when nothing is locked. */
  lockedThrough: string | null;
}

import type { ReportRow } from './report-columns';

/** A report's table: rows in the report's column model (report-columns.ts) and the totals row. */
export interface ReportTable {
  rows: ReportRow[];
  totals: ReportRow;
}

/** An exported report: the file's bytes (base64) to save, and the figures its totals row holds. */
export interface ReportFile {
  fileName: string;
  mime: string;
  base64: string;
  rows: number;
  /** Per summed column: the file's total, in the column's own unit (minor units, thousandths). */
  totals: Record<string, number>;
}
