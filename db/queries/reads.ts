/**
 * The reads that run off the till's thread (core/reader): reports and exports, by name. The reader's worker imports
 * this map, so a caller names a read and passes its arguments; no SQL travels between threads. Results and rows
 * cross by structured clone: plain data only (Map and Date are fine, functions and class instances are not).
 */
import type { Db } from '../connection';
import { lossReportRows } from './counter/reports';
import { movementJournal, stockAsOf } from './stock-history';
import { reorderCandidates, wentNegative } from './stock-views';

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
    'stock.wentNegative': wentNegative,
    'stock.reorderCandidates': reorderCandidates,
  },
  streams: {
    'stock.journal': movementJournal,
  },
} satisfies ReadRegistry;

export type ShopReads = typeof shopReads;
