/**
 * Delivers what the store must learn. Postings and price changes write `store.stock` / `store.price` outbox rows
 * naming their products in the same transaction; here a batch of rows is coalesced per product and the store is sent
 * each product's state as it is now (the latest available quantity wins, however many sales made the rows). The rows
 * are finished only after the store accepted the batch, so a crash or an outage in between sends it again: pushing a
 * level twice is harmless, losing one is not.
 */
import type { Db } from '../../db/connection';
import { getProducts } from '../../db/queries/products';
import { logStore, storeHeld, storeLinks } from '../../db/queries/store';
import { consumer, type OutboxConsumer, type PendingRow } from '../outbox';
import { availableToSell } from './available';
import type { StoreConfig } from './config';
import { StoreError, type StoreConnector } from './connector';
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

function productIds(rows: PendingRow[], topic: string): number[] {
  const ids = new Set<number>();
  for (const r of rows) if (r.topic === topic) for (const id of (JSON.parse(r.payload) as { productIds: number[] }).productIds) ids.add(id);
  return [...ids];
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
): Promise<PushResult> {
  const outbox = storeConsumer(db);
  const rows = outbox.pending(PUSH_ROWS);
  const head = rows[0];
  if (!head) return { rows: 0, stock: 0, prices: 0 };
  const stockLinks = storeLinks(db, productIds(rows, STOCK_TOPIC)).filter((l) => l.stockItemId);
  const held = stockLinks.length ? storeHeld(db) : new Map<number, number>();
  const levels = stockLinks.map((l) => ({
    stockItemId: l.stockItemId!,
    available: availableToSell(db, l.productId, config.locationId, config.safetyStock),
    // Whole units: an order's line is a whole number of the store's units.
    held: Math.floor((held.get(l.productId) ?? 0) / 1000),
  }));
  const priceLinks = config.priceOwner === 'lavka' ? storeLinks(db, productIds(rows, PRICE_TOPIC)) : [];
  const products = getProducts(
    db,
    priceLinks.map((l) => l.productId),
  );
  const prices = priceLinks.flatMap((l) => {
    const p = products.get(l.productId);
    return p ? [{ itemId: l.itemId, price: p.price }] : [];
  });
  const at = new Date().toISOString();
  try {
    for (let i = 0; i < levels.length; i += PUSH_BATCH) await store.pushStock(levels.slice(i, i + PUSH_BATCH));
    await store.pushPrices(prices);
  } catch (error) {
    const e = error instanceof StoreError ? error : new StoreError('unavailable', String((error as Error)?.message ?? error));
    if (e.kind === 'rejected') {
      for (const r of rows) outbox.deadLetter(r.id, e.message);
      logStore(db, at, 'out', 'push', false, `${rows.length} changes set aside: ${e.message}`);
    } else {
      outbox.failed(head.id, e.message, retryAt(head.attempts + 1));
      logStore(db, at, 'out', 'push', false, e.message);
    }
    throw e;
  }
  outbox.deliveredAll(rows.map((r) => r.id));
  logStore(db, at, 'out', 'push', true, `${levels.length} stock levels, ${prices.length} prices (${rows.length} changes)`);
  return { rows: rows.length, stock: levels.length, prices: prices.length };
}
