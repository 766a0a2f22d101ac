// The push's set-based reads (core/sync/push.ts) against the per-product lookups they replaced, on a small known shop
// with a store that answers at once: the same levels, each product once, every row finished, nothing it passed over.
import { afterEach, describe, expect, it } from 'vitest';
import { availableToSell } from '../core/sync/available';
import { saveStoreApiKey, saveStoreConfig, storeConfig, type StoreConfig } from '../core/sync/config';
import type { StockLevelPush, StoreConnector } from '../core/sync/connector';
import { pushBatch, storeConsumer } from '../core/sync/push';
import { enqueue } from '../db/queries/outbox';
import {
  closeReservations,
  insertStoreOrder,
  PRICE_TOPIC,
  reserve,
  STOCK_TOPIC,
  storeHeld,
  storeLinks,
  storeStockLevels,
  unreserved,
} from '../db/queries/store';
import { as, testCore, unwrap, uuid } from './helpers';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const AT = '2026-01-01T00:00:00.000Z';

/**
 * Six products: five linked (one without a stock item), one not. Stock at two locations; active reservations at both,
 * a released one; one product never on the shelf at location 1.
 */
async function knownShop() {
  const core = testCore();
  cleanups.push(core.cleanup);
  const db = core.db;
  const owner = await as(core, 'owner');
  const ids: number[] = [];
  for (let i = 0; i < 6; i++)
    ids.push(
      unwrap(
        await owner('catalog.upsert', {
          sku: `LVL-${i}`,
          name: `Level ${i}`,
          unit: i === 1 ? 'kg' : 'pcs',
          price: 1000,
          taxRateBp: 0,
          barcodes: [],
        }),
      ).id,
    );
  const [a, b, c, noItem, unlinked, bare] = ids as [number, number, number, number, number, number];
  const backRoom = unwrap(await owner('location.create', { name: 'Back room' })).id;
  const receive = (locationId: number, lines: [number, number][]) =>
    owner('doc.post', {
      type: 'receipt',
      uuid: uuid(),
      locationId,
      lines: lines.map(([productId, qty]) => ({ productId, qty, unitCost: 100 })),
    }).then(unwrap);
  await receive(1, [
    [a, 10_000],
    [b, 3_500],
    [c, 7_000],
    [noItem, 4_000],
    [unlinked, 2_000],
  ]);
  await receive(backRoom, [
    [a, 5_000],
    [bare, 9_000],
  ]);
  const link = db.raw.prepare(
    "INSERT INTO store_links (product_id, item_id, stock_item_id, matched_by, linked_at) VALUES (?, ?, ?, 'sku', ?)",
  );
  for (const id of [a, b, c, bare]) link.run(id, `item-${id}`, `stock-${id}`, AT);
  link.run(noItem, `item-${noItem}`, null, AT);
  const order = (orderId: string, lines: [number, number, number][]) => {
    insertStoreOrder(
      db,
      {
        orderId,
        displayId: orderId,
        status: 'reserved',
        reason: null,
        email: null,
        phone: null,
        total: 0,
        storeUpdatedAt: AT,
        importedAt: AT,
        saleId: null,
        customerId: null,
        paid: 0,
      },
      lines.map(([productId, , qty], i) => ({
        storeLineId: `${orderId}-${i}`,
        productId,
        sku: null,
        barcode: null,
        qty,
        price: 0,
        picked: 0,
      })),
    );
    for (const [productId, locationId, qty] of lines) reserve(db, orderId, productId, locationId, qty, AT);
  };
  order('o1', [
    [a, 1, 2_000],
    [b, 1, 1_500],
  ]);
  order('o2', [
    [a, 1, 1_000],
    [a, backRoom, 4_000],
  ]);
  order('o3', [[c, 1, 6_000]]);
  closeReservations(db, 'o3', 'released', AT);
  order('o4', [[bare, backRoom, 1_000]]);
  return { core, db, a, b, c, noItem, unlinked, bare, backRoom };
}

describe('the push reads a batch in one go', () => {
  it('stock levels of many products at once equal the per-product link and unreserved lookups', async () => {
    const { db, a, b, c, noItem, unlinked, bare, backRoom } = await knownShop();
    const order = [unlinked, c, a, noItem, bare, b];
    for (const location of [1, backRoom]) {
      const perProduct = order.flatMap((id) =>
        storeLinks(db, [id])
          .filter((l) => l.stockItemId)
          .map((l) => ({ productId: id, stockItemId: l.stockItemId, unreserved: unreserved(db, id, location) })),
      );
      expect(storeStockLevels(db, order, location)).toEqual(perProduct);
    }
    // The figures themselves: on hand less active reservations at the location, nothing for a product not there.
    expect(storeStockLevels(db, order, 1)).toEqual([
      { productId: c, stockItemId: `stock-${c}`, unreserved: 7_000 },
      { productId: a, stockItemId: `stock-${a}`, unreserved: 7_000 },
      { productId: bare, stockItemId: `stock-${bare}`, unreserved: 0 },
      { productId: b, stockItemId: `stock-${b}`, unreserved: 2_000 },
    ]);
    expect(storeStockLevels(db, [], 1)).toEqual([]);
  });

  it('a batch sends each product its per-product level once and finishes every row; a row set aside names nothing', async () => {
    const { db, a, b, c, noItem, unlinked, bare } = await knownShop();
    const config: StoreConfig = {
      enabled: true,
      kind: 'medusa',
      url: 'http://127.0.0.1:1',
      stockLocationId: 'loc',
      currency: 'rub',
      locationId: 1,
      intervalSeconds: 3600,
      priceOwner: 'lavka',
      safetyStock: 1_000,
    };
    saveStoreConfig(db, config);
    saveStoreApiKey(db, 'key');
    const outbox = storeConsumer(db);
    outbox.deliveredAll(outbox.pendingIds(1_000)); // whatever the setup queued
    const sent: StockLevelPush[][] = [];
    const prices: { itemId: string; price: number }[][] = [];
    const store = {
      kind: 'fake',
      pushStock: (p: StockLevelPush[]) => {
        sent.push(p);
        return Promise.resolve(new Map(p.map((x) => [x.stockItemId, x.held])));
      },
      pushPrices: (p: { itemId: string; price: number }[]) => {
        prices.push(p);
        return Promise.resolve();
      },
    } as unknown as StoreConnector;

    enqueue(db, STOCK_TOPIC, { productIds: [a, b] });
    enqueue(db, PRICE_TOPIC, { productIds: [c] });
    enqueue(db, STOCK_TOPIC, { productIds: [bare] });
    enqueue(db, STOCK_TOPIC, { productIds: [b, noItem, unlinked, a] });
    enqueue(db, STOCK_TOPIC, { productIds: [c] }); // set aside below: c's level is not sent
    const setAside = outbox.pendingIds(10).at(-1)!;
    outbox.deadLetter(setAside, 'test');
    const rows = outbox.pendingIds(10);
    expect(rows).toHaveLength(4);
    expect(outbox.pending(10).map((r) => r.id)).toEqual(rows);

    const result = await pushBatch(db, store, storeConfig(db)!, () => new Date());
    expect(result).toEqual({ rows: 4, stock: 3, prices: 1 });
    const held = storeHeld(db);
    expect([a, b, bare].map((id) => held.get(id))).toEqual([7_000, 1_500, 1_000]); // every open order's lines, any location
    const levels = sent.flat().sort((x, y) => x.stockItemId.localeCompare(y.stockItemId));
    expect(levels).toEqual(
      [a, b, bare]
        .map((id) => ({
          stockItemId: `stock-${id}`,
          available: availableToSell(db, id, 1, 1_000),
          held: Math.floor((held.get(id) ?? 0) / 1000),
        }))
        .sort((x, y) => x.stockItemId.localeCompare(y.stockItemId)),
    );
    expect(levels.map((l) => l.available).sort()).toEqual([0, 1, 6]); // bare 0, b 2.0−1.0 → 1, a 7.0−1.0 → 6
    expect(prices).toEqual([[{ itemId: `item-${c}`, price: 1000 }]]);
    expect(outbox.depth()).toBe(0);
    expect(outbox.deadLetters().map((d) => d.id)).toEqual([setAside]);
    expect((await pushBatch(db, store, storeConfig(db)!, () => new Date())).rows).toBe(0);
  });
});
