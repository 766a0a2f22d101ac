/**
 * The reads that run off the till's thread (core/reader): reports and exports, by name. The reader's worker imports
 * this map, so a caller names a read and passes its arguments; no SQL travels between threads. Results and rows
 * cross by structured clone: plain data only (Map and Date are fine, functions and class instances are not).
 */
import type { Db } from '../connection';
import { countSheetRows, givenRows, varianceBasis } from './counts';
import { lossReportRows } from './counter/reports';
import { abcXyz, customerSegments } from './reports/analysis';
import { profitAndLoss, profitBy, profitByPage, salesByDay } from './reports/sales';
import { turnover, valuationAsOf } from './reports/stock';
import { withTexts } from './reports/texts';
import { cashFlow, supplierSettlements } from './reports/money';
import { dashboard } from './reports/dashboard';
import { movementJournalPage, movementRows } from './reports/movements';
import { reorderCandidates, wentNegative } from './stock-views';

export type ReadFn = (db: Db, args: never) => unknown;
export type StreamFn = (db: Db, args: never) => Iterable<unknown>;

export interface ReadRegistry {
  /** One result per call. */
  reads: Record<string, ReadFn>;
  /** Rows delivered in batches as the query produces them (exports). */
  streams: Record<string, StreamFn>;
}

/** The bookkeeper's reports, by the method that shows them: each read both for the screen and for its export. */
const reports = {
  'report.sales': salesByDay,
  'report.profit': profitBy,
  'report.pnl': profitAndLoss,
  'report.valuation': valuationAsOf,
  'report.abcxyz': abcXyz,
  'report.turnover': turnover,
  'report.rfm': customerSegments,
  'report.cashflow': cashFlow,
  'report.settlements': supplierSettlements,
};

export const shopReads = {
  reads: {
    'report.loss': lossReportRows,
    'count.varianceBasis': varianceBasis,
    ...reports,
    'report.dashboard': dashboard,
    /** The journal's first rows for the screen, with the count and value of them all. */
    'report.movements': movementJournalPage,
    /** Profitability's first rows for the screen, with the count and sums of them all (the export has every row). */
    'report.profit': profitByPage,
    'stock.wentNegative': wentNegative,
    'stock.reorderCandidates': reorderCandidates,
  },
  streams: {
    ...reports,
    // Exported, a code is written in the user's words (sent as `texts`).
    'report.pnl': withTexts(profitAndLoss, ['line']),
    'report.rfm': withTexts(customerSegments, ['segment']),
    'report.movements': movementRows,
    'count.sheet': countSheetRows,
    /** Rows worked out on the calling thread (a count's variance), written to the file where the reader runs. */
    'rows.given': givenRows,
  },
} satisfies ReadRegistry;

export type ShopReads = typeof shopReads;
