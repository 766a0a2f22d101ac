/**
 * The reads that run off the till's thread (core/reader): reports and exports, by name. The reader's worker imports
 * this map, so a caller names a read and passes its arguments; no SQL travels between threads. Results and rows
 * cross by structured clone: plain data only (Map and Date are fine, functions and class instances are not).
 */
import type { Db } from '../connection';
import { countSheetRows, givenRows, varianceBasis } from './counts';
import { lossReportRows } from './counter/reports';
import { movementJournal, stockAsOf } from './stock-history';

export type ReadFn = (db: Db, args: never) => unknown;
export type StreamFn = (db: Db, args: never) => Iterable<unknown>;

export interface ReadRegistry {
  /** One result per call. */
  reads: Record<string, ReadFn>;
  /** Rows delivered in batches as the query produces them (exports). */
  streams: Record<string, StreamFn>;
}

export const shopReads = {
  reads: {
    'report.loss': lossReportRows,
    'stock.asOf': stockAsOf,
    'count.varianceBasis': varianceBasis,
  },
  streams: {
    'stock.journal': movementJournal,
    'count.sheet': countSheetRows,
    /** Rows worked out on the calling thread (a count's variance), written to the file where the reader runs. */
    'rows.given': givenRows,
  },
} satisfies ReadRegistry;

export type ShopReads = typeof shopReads;
