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
  /** Set when the screen shows only the first rows (the movement journal): how many there are in all. */
  count?: number;
}

/**
 * An exported report: the file waits in the core's downloads store (GET /download/<downloadId> in browser mode,
 * the shell's save dialog on the desktop) and the answer carries no bytes, so a million-row file never passes
 * through the thread that answers the till. Also the figures its totals row holds.
 */
export interface ReportFile {
  fileName: string;
  mime: string;
  /** 128 random bits, hex: good for the session that exported, for 10 minutes. */
  downloadId: string;
  rows: number;
  /** Per summed column: the file's total, in the column's own unit (minor units, thousandths). */
  totals: Record<string, number>;
}

/** The owner's dashboard: money in minor units, by business day. */
export interface Dashboard {
  today: string;
  /** Every day of the window, oldest first, zero when nothing sold. */
  days: { day: string; netRevenue: number; margin: number; receipts: number }[];
  /** Today's net revenue, and the same weekday a week before. */
  todayRevenue: number;
  lastWeekRevenue: number;
  /** Over the window: net revenue, margin, the margin in basis points of revenue, receipts and the average receipt. */
  netRevenue: number;
  margin: number;
  marginPct: number | null;
  receipts: number;
  averageReceipt: number | null;
  /** The best sellers of the window by net revenue. */
  topProducts: { productId: number; name: string; netRevenue: number; margin: number }[];
  /** Stock on hand now, at cost and at retail, and the part of it that has not sold for 30 days. */
  stockValue: number;
  stockRetail: number;
  deadValue: number;
  /** Products at or under their reorder point (low stock). */
  lowStock: number;
}
