/**
 * The writer builds month-end stock balances (db/queries/month-balances.ts) once a month has ended: a chunk of
 * products per short transaction with pauses between, so the till's own writes get the lock in between and a sale
 * never waits for more than one chunk. Run at start and hourly by the AppHost; a month already built costs one read.
 */
import type { Db } from '../db/connection';
import { buildMonthStep } from '../db/queries/month-balances';
import { shopToday } from './posting/dates';

const PAUSE_MS = 20;

/**
 * Builds chunk after chunk until every ended month is built or `go()` says stop; `db()` is read per chunk. One run at
 * a time is the caller's to keep (the AppHost holds the running one).
 */
export async function buildMonthsInBatches(db: () => Db, go: () => boolean): Promise<void> {
  while (go() && buildMonthStep(db(), shopToday(db()))) await new Promise((r) => setTimeout(r, PAUSE_MS));
}
