/**
 * Delivers what the store must learn. Postings and price changes write `store.stock` / `store.price` outbox rows
 * naming their products in the same transaction; here a batch of rows is coalesced per product and the store is sent
 * each product's state as it is now (the latest available quantity wins, however many sales made the rows). The rows
 * are finished only after the store accepted the batch, so a crash or an outage in between sends it again: pushing a
 * level twice is harmless, losing one is not.
 */
import { getProducts } from '../../db/queries/products';
import { inDraftTransaction, type Db } from '../../db/connection';
import { logStore, storeHeld, storeLinks, storeStockLevels } from '../../db/queries/store';
import { consumer, type OutboxConsumer } from '../outbox';
import { availableOf } from './available';
import type { StoreConfig } from './config';
import { StoreError, type StoreConnector } from './connector';
import { LevelWatch } from './level-watch';
import { PRICE_TOPIC, STOCK_TOPIC } from './topics';

export const storeConsumer = (db: Db): OutboxConsumer => consumer(db, 'store', [STOCK_TOPIC, PRICE_TOPIC]);

/** Products per store call (one round trip for their levels). */
export const PUSH_BATCH = 500;
/**
 * Outbox rows read and coalesced at once. A day offline queues a change per sale; read 500 at a time, 10k changes over
 * 1k products made 20 store calls of 500 levels each, nearly every product sent ten times (the bench's catch-up ran at
 * ~10× its floor). Read together, they come to one level per product, sent in calls of PUSH_BATCH.
 */
export const PUSH_ROWS = 10_000;

export interface PushResult {
  rows: number;
  stock: number;
  prices: number;
}

/** The products the batch's rows of `topic` name, each once: coalesced by SQLite over the rows up to `upTo`. */
const productIds = (outbox: OutboxConsumer, topic: string, upTo: number): number[] =>
  outbox.pendingValues(topic, '$.productIds', upTo) as number[];

/**
 * Sends the products' stock levels in calls of PUSH_BATCH and tells the watch what the store answered. Each level takes
 * the store to hold what the open orders Lavka imported come to (or the watch's lower figure); whole units, as an
 * order's line is a whole number of the store's units.
 */
async function sendLevels(db: Db, store: StoreConnector, config: StoreConfig, productIds: number[], watch: LevelWatch): Promise<number> {
  // Links, on hand and reservations of every product in one statement (a catch-up's thousand products took ~3,000 lookups).
  const stock = storeStockLevels(db, productIds, config.locationId);
  if (!stock.length) return 0;
  const held = storeHeld(db);
  const levels = stock.map((l) => {
    const counted = Math.floor((held.get(l.productId) ?? 0) / 1000);
    return {
      productId: l.productId,
      counted,
      push: {
        stockItemId: l.stockItemId,
        available: availableOf(l.unreserved, config.safetyStock),
        held: watch.assumed(l.productId, counted),
      },
    };
  });
  for (let i = 0; i < levels.length; i += PUSH_BATCH) {
    const chunk = levels.slice(i, i + PUSH_BATCH);
    const reserved = await store.pushStock(chunk.map((l) => l.push));
    for (const l of chunk) {
      const r = reserved.get(l.push.stockItemId);
      if (r !== undefined) watch.answered(l.productId, l.counted, r);
    }
  }
  return levels.length;
}

/**
 * One batch; 0 rows: nothing was due. When to try again is the service's (its breaker), not the row's. A store failure is thrown after it is recorded on the batch's first row
 * (attempts, reason, when to try again), except a rejection of the request itself, which can never succeed as it is:
 * those rows go to the dead letters with the reason, and the next change or reconciliation sends the levels again.
 */
export async function pushBatch(
  db: Db,
  store: StoreConnector,
  config: StoreConfig,
  retryAt: (attempts: number) => Date,
  watch: LevelWatch = new LevelWatch(),
): Promise<PushResult> {
  const outbox = storeConsumer(db);
  // The batch's ids only; what its rows name is read in SQL (reading and parsing 10k payloads in JS was the biggest part
  // of Lavka's own time in a catch-up). The head is read whole for its retry state.
  const ids = outbox.pendingIds(PUSH_ROWS);
  const [head] = ids.length ? outbox.pending(1) : [];
  if (!head) return { rows: 0, stock: 0, prices: 0 };
  const last = ids[ids.length - 1]!;
  const priceLinks = config.priceOwner === 'lavka' ? storeLinks(db, productIds(outbox, PRICE_TOPIC, last)) : [];
  const products = getProducts(
    db,
    priceLinks.map((l) => l.productId),
  );
  const prices = priceLinks.flatMap((l) => {
    const p = products.get(l.productId);
    return p ? [{ itemId: l.itemId, price: p.price }] : [];
  });
  const at = new Date().toISOString();
  let stock = 0;
  try {
    stock = await sendLevels(db, store, config, productIds(outbox, STOCK_TOPIC, last), watch);
    await store.pushPrices(prices);
  } catch (error) {
    const e = toStoreError(error);
    if (e.kind === 'rejected') {
      for (const id of ids) outbox.deadLetter(id, e.message);
      logStore(db, at, 'out', 'push', false, `${ids.length} changes set aside: ${e.message}`);
    } else {
      outbox.failed(head.id, e.message, retryAt(head.attempts + 1));
      logStore(db, at, 'out', 'push', false, e.message);
    }
    throw e;
  }
  // One commit for the rows and the log line, not synced to disk: a power cut can only bring back rows the store already
  // has, whose levels are then sent again (harmless, see above); a synced commit held the thread for an fsync each batch.
  inDraftTransaction(db, () => {
    outbox.deliveredAll(ids);
    logStore(db, at, 'out', 'push', true, `${stock} stock levels, ${prices.length} prices (${ids.length} changes)`);
  });
  return { rows: ids.length, stock, prices: prices.length };
}

/**
 * The watched levels answered in an earlier cycle, sent again (core/sync/level-watch.ts): one call for the few there
 * are, once per cycle. A level no longer linked is let go; a failure is thrown for the service's backoff, the levels
 * stay watched.
 */
export async function recheckLevels(db: Db, store: StoreConnector, config: StoreConfig, watch: LevelWatch): Promise<number> {
  const due = watch.due();
  if (!due.length) return 0;
  const linked = new Set(
    storeLinks(db, due)
      .filter((l) => l.stockItemId)
      .map((l) => l.productId),
  );
  for (const id of due) if (!linked.has(id)) watch.forget(id);
  const at = new Date().toISOString();
  try {
    const n = await sendLevels(db, store, config, [...linked], watch);
    logStore(db, at, 'out', 'push', true, `${n} stock levels checked again (the store's reservations had moved)`);
    return n;
  } catch (error) {
    const e = toStoreError(error);
    // A request the store refuses as it is would be refused every cycle: those levels wait for their next change.
    if (e.kind === 'rejected') for (const id of linked) watch.forget(id);
    logStore(db, at, 'out', 'push', false, e.message);
    throw e;
  }
}

const toStoreError = (error: unknown): StoreError =>
  error instanceof StoreError ? error : new StoreError('unavailable', String((error as Error)?.message ?? error));
