/**
 * The writer builds month-end stock balances (db/queries/month-balances.ts) once a month has ended: a chunk of
 * products per short transaction with pauses between, so the till's own writes get the lock in between and a sale
 * never waits for more than one chunk. Run at start and hourly by the AppHost; a month already built costs one read.
 */
import type { Db } from '../db/connection';
import { buildMonthStep } from '../db/queries/month-balances';
import { shopToday } from './posting/dates';

const PAUSE_MS = 20;
/** What one chunk may hold the writer for: a scan arriving meanwhile waits that long at most. */
export const CHUNK_BUDGET_MS = 8;
// From one product up: the first products of a month may be its best sellers, with thousands of movements each.
const FIRST_CHUNK = 1;
const MAX_CHUNK = 20_000;

/**
 * The next chunk's number of products from the last one's and how long it took. Products are not alike: a shop's
 * best sellers have thousands of movements a month, its long tail a few (in a month of a 200k-product shop, the
 * first 5,000 products held the writer 0.5 s, the last 1,000 under 4 ms), so the chunk follows the time each took,
 * towards the budget: shrunk in proportion when over it, at most doubled when under.
 */
export function nextChunk(chunk: number, ms: number, budgetMs = CHUNK_BUDGET_MS): number {
  const fit = ms > 0 ? Math.floor((chunk * budgetMs) / ms) : MAX_CHUNK;
  return Math.max(1, Math.min(MAX_CHUNK, 2 * chunk, fit));
}

/**
 * Builds chunk after chunk until every ended month is built or `go()` says stop; `db()` is read per chunk. One run at
 * a time is the caller's to keep (the AppHost holds the running one).
 */
export async function buildMonthsInBatches(db: () => Db, go: () => boolean): Promise<void> {
  let chunk = FIRST_CHUNK;
  while (go()) {
    const t0 = performance.now();
    if (!buildMonthStep(db(), shopToday(db()), chunk)) return;
    chunk = nextChunk(chunk, performance.now() - t0);
    await new Promise((r) => setTimeout(r, PAUSE_MS));
  }
}
