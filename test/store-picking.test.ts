// Picking web-store orders by scanning against a real Medusa (issue #13, "Online orders in Lavka"): a reserved order is
// started, its goods scanned into the basket (the counter's barcode lookup; a code not on the order or one too many
// is refused and changes nothing), marked ready once every line is picked and collected at the counter as one sale.
// Picking moves no stock and leaves what the store may sell alone; each step is audited; a step its status does not
// allow is refused and changes nothing. An open order cancelled in Lavka releases its reservation and is cancelled in
// the store; one the shelf no longer covers is flagged in the list before anyone picks it.
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../core/contract/gtin';
import { StoreSync } from '../core/sync/service';
import { getOnHand, ledgerViolations } from '../db/queries/stock';
import { storeOrder } from '../db/queries/store';
import { as, DEMO, testCore, unwrap, uuid } from './helpers';
import type { TestStore } from './store/index';
import { closeStoreAndShop, storeAndShop } from './store/shop';

let store: TestStore;
let core: ReturnType<typeof testCore>;
let sync: StoreSync;

beforeAll(async () => {
  ({ store, core, sync } = await storeAndShop());
}, 20 * 60_000);

afterAll(() => closeStoreAndShop({ store, core, sync }), 120_000);

let n = 0;
/** A product with a barcode and stock in Lavka, and the same item (by SKU) in the store. */
async function onBothSides(stock: number, inStore = true) {
  const owner = await as(core, 'owner');
  const sku = `PICK-${process.pid}-${++n}-${randomInt(1e6)}`;
  const barcode = withCheckDigit(`469${String(randomInt(1e9)).padStart(9, '0')}`);
  const product = unwrap(
    await owner('catalog.upsert', { sku, name: `Kettle ${n}`, unit: 'pcs', price: 4_900, taxRateBp: 0, barcodes: [barcode] }),
  );
  unwrap(
    await owner('doc.post', {
      type: 'receipt',
      uuid: uuid(),
      locationId: 1,
      lines: [{ productId: product.id, qty: stock * 1000, unitCost: 2_000 }],
    }),
  );
  if (!inStore) return { id: product.id, sku, barcode, variantId: '' };
  const created = await store.admin.createProduct(`Kettle ${n}`, [{ sku, price: 1 }]);
  sync.rematch();
  await sync.runNow();
  return { id: product.id, sku, barcode, variantId: created.variants[0]!.id };
}

async function reservedOrder(items: { variantId: string; quantity: number }[]) {
  const placed = await store.shopper.placeOrder(items.map((i) => ({ variantId: i.variantId, quantity: i.quantity })));
  await sync.runNow();
  expect(storeOrder(core.db, placed.id)?.status).toBe('reserved');
  return placed;
}

const reservations = (orderId: string) =>
  core.db.raw.prepare('SELECT status, qty FROM reservations WHERE order_id = ? ORDER BY id').all(orderId) as {
    status: string;
    qty: number;
  }[];
/** Everything the ledger holds of these products: picking must not change any of it. */
const ledgerOf = (ids: number[]) => ({
  movements: core.db.raw.prepare(`SELECT COUNT(*) AS n FROM stock_movements WHERE product_id IN (${ids.join(',')})`).get(),
  documents: core.db.raw.prepare('SELECT COUNT(*) AS n FROM documents').get(),
  onHand: ids.map((id) => getOnHand(core.db, id, 1)),
});
const audits = (orderId: string) =>
  core.db.raw
    .prepare("SELECT action, user_id AS userId, at FROM audit_log WHERE entity = 'store_order' AND entity_id = ? ORDER BY id")
    .all(orderId) as {
    action: string;
    userId: number;
    at: string;
  }[];
const available = async (sku: string) => (await store.admin.stockLevel(sku))?.available;
const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

describe('picking an online order by scanning', () => {
  it('start, scan every line, ready, collect: wrong codes and over-picks are refused, and picking moves no stock', async () => {
    const kettle = await onBothSides(5);
    const mug = await onBothSides(3);
    const other = await onBothSides(4, false);
    const placed = await reservedOrder([
      { variantId: kettle.variantId, quantity: 2 },
      { variantId: mug.variantId, quantity: 1 },
    ]);
    const cashier = await as(core, 'cashier');
    const orderId = placed.id;
    const ledger = ledgerOf([kettle.id, mug.id, other.id]);

    // Not started: nothing can be picked, nothing is ready, and the refusals change nothing.
    expect(code(await cashier('store.pick', { orderId, code: kettle.barcode }))).toBe('invalid_state');
    expect(code(await cashier('store.ready', { orderId }))).toBe('invalid_state');
    expect(storeOrder(core.db, orderId)?.status).toBe('reserved');

    const started = unwrap(await cashier('store.startPicking', { orderId }));
    expect(started).toMatchObject({ status: 'picking', short: false });
    const lines = (o: typeof started) => o.lines.map((l) => [l.productId, l.qty, l.picked]).sort((a, b) => a[0]! - b[0]!);
    expect(lines(started)).toEqual([
      [kettle.id, 2000, 0],
      [mug.id, 1000, 0],
    ]);
    expect(code(await cashier('store.startPicking', { orderId }))).toBe('invalid_state');
    // Half picked, it cannot leave the shop.
    expect(code(await cashier('store.collect', { orderId, uuid: uuid() }))).toBe('invalid_state');

    const first = unwrap(await cashier('store.pick', { orderId, code: kettle.barcode }));
    expect(first).toMatchObject({ productId: kettle.id, qty: 1000, picked: 1000, ordered: 2000, complete: false });

    // A product not on the order, a code no product has: refused, nothing picked.
    const wrong = await cashier('store.pick', { orderId, code: other.barcode });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'not_in_order', message: expect.stringContaining(`#${placed.displayId}`) } });
    expect(code(await cashier('store.pick', { orderId, code: '4690000000000' }))).toMatch(/unknown_barcode|invalid_barcode/);
    expect(code(await cashier('store.ready', { orderId }))).toBe('invalid_state');

    unwrap(await cashier('store.pick', { orderId, code: kettle.barcode }));
    const over = await cashier('store.pick', { orderId, code: kettle.barcode });
    expect(over).toMatchObject({ ok: false, error: { code: 'over_pick' } });
    const last = unwrap(await cashier('store.pick', { orderId, code: mug.sku }));
    expect(last).toMatchObject({ productId: mug.id, picked: 1000, ordered: 1000, complete: true });
    expect(lines(last.order)).toEqual([
      [kettle.id, 2000, 2000],
      [mug.id, 1000, 1000],
    ]);

    // The basket is a working state: no movement, no document, on hand as before, the reservation still holds it,
    // and the store may sell what it could before.
    expect(ledgerOf([kettle.id, mug.id, other.id])).toEqual(ledger);
    expect(ledgerViolations(core.db)).toEqual([]);
    expect(reservations(orderId).sort((a, b) => b.qty - a.qty)).toEqual([
      { status: 'active', qty: 2000 },
      { status: 'active', qty: 1000 },
    ]);
    await sync.runNow();
    expect(await available(kettle.sku)).toBe(3);

    expect(unwrap(await cashier('store.ready', { orderId })).status).toBe('ready');
    expect(code(await cashier('store.ready', { orderId }))).toBe('invalid_state');
    expect(code(await cashier('store.pick', { orderId, code: mug.barcode }))).toBe('invalid_state');
    expect(code(await cashier('store.startPicking', { orderId }))).toBe('invalid_state');
    expect(unwrap(await cashier('store.orders', { status: 'ready' })).map((o) => o.orderId)).toContain(orderId);

    const sale = unwrap(await cashier('store.collect', { orderId, uuid: uuid() }));
    expect(storeOrder(core.db, orderId)).toMatchObject({ status: 'fulfilled', saleId: sale.id });
    expect(reservations(orderId).map((r) => r.status)).toEqual(['consumed', 'consumed']);
    expect(getOnHand(core.db, kettle.id, 1).qty).toBe(3000);
    expect(code(await cashier('store.startPicking', { orderId }))).toBe('already_fulfilled');
    const manager = await as(core, 'manager');
    expect(code(await manager('store.cancel', { orderId }))).toBe('already_fulfilled');

    // Who did each step, and when.
    const steps = audits(orderId);
    expect(steps.map((s) => s.action)).toEqual([
      'store.pickStart',
      'store.pick',
      'store.pick',
      'store.pick',
      'store.ready',
      'store.fulfil',
    ]);
    expect(steps.every((s) => s.userId === DEMO.cashier.id && !Number.isNaN(Date.parse(s.at)))).toBe(true);

    await sync.runNow();
    expect((await store.admin.order(orderId)).fulfillmentStatus).toBe('delivered');
  });
});

describe('cancelling an open order', () => {
  it('in Lavka while it is picked: the reservation goes back on sale and the store cancels it; the cashier may not', async () => {
    const kettle = await onBothSides(4);
    const placed = await reservedOrder([{ variantId: kettle.variantId, quantity: 2 }]);
    const orderId = placed.id;
    const cashier = await as(core, 'cashier');
    unwrap(await cashier('store.startPicking', { orderId }));
    unwrap(await cashier('store.pick', { orderId, code: kettle.barcode }));
    await sync.runNow();
    expect(await available(kettle.sku)).toBe(2);

    expect(code(await cashier('store.cancel', { orderId }))).toBe('forbidden');
    const manager = await as(core, 'manager');
    const cancelled = unwrap(await manager('store.cancel', { orderId, reason: 'customer called' }));
    expect(cancelled).toMatchObject({ status: 'cancelled', reason: 'cancelled in Lavka: customer called' });
    expect(reservations(orderId)).toEqual([{ status: 'released', qty: 2000 }]);
    expect(code(await manager('store.cancel', { orderId }))).toBe('invalid_state');
    expect(code(await cashier('store.startPicking', { orderId }))).toBe('invalid_state');
    expect(code(await cashier('store.collect', { orderId, uuid: uuid() }))).toBe('invalid_state');
    expect(audits(orderId).at(-1)).toMatchObject({ action: 'store.cancel', userId: DEMO.manager.id });

    await sync.runNow();
    expect(sync.status()).toMatchObject({ queueDepth: 0, deadLetters: 0 });
    expect((await store.admin.order(orderId)).status).toBe('canceled');
    expect(await available(kettle.sku)).toBe(4);
  });

  it('in the store while it is ready: Lavka cancels it too and releases the reservation', async () => {
    const kettle = await onBothSides(2);
    const placed = await reservedOrder([{ variantId: kettle.variantId, quantity: 1 }]);
    const cashier = await as(core, 'cashier');
    unwrap(await cashier('store.startPicking', { orderId: placed.id }));
    unwrap(await cashier('store.pick', { orderId: placed.id, code: kettle.barcode }));
    unwrap(await cashier('store.ready', { orderId: placed.id }));
    await store.admin.request('POST', `/admin/orders/${placed.id}/cancel`, {});
    await sync.runNow();
    expect(storeOrder(core.db, placed.id)).toMatchObject({ status: 'cancelled', reason: 'cancelled in the store' });
    expect(reservations(placed.id)).toEqual([{ status: 'released', qty: 1000 }]);
  });
});

describe('an order the shelf no longer covers', () => {
  it('is flagged in the list and on its lines the moment stock it reserved is written off', async () => {
    const kettle = await onBothSides(2);
    const placed = await reservedOrder([{ variantId: kettle.variantId, quantity: 2 }]);
    const manager = await as(core, 'manager');
    const row = async () =>
      unwrap(await manager('store.orders', { search: String(placed.displayId) })).find((o) => o.orderId === placed.id)!;
    expect((await row()).short).toBe(false);

    // A broken kettle: write-offs are not refused by reservations (the goods are gone either way).
    unwrap(await manager('doc.post', { type: 'writeoff', uuid: uuid(), locationId: 1, lines: [{ productId: kettle.id, qty: 1000 }] }));
    expect((await row()).short).toBe(true);
    const detail = unwrap(await manager('store.order', { orderId: placed.id }));
    expect(detail.short).toBe(true);
    expect(detail.lines).toEqual([expect.objectContaining({ productId: kettle.id, short: true })]);

    // Restocked: the flag goes.
    unwrap(
      await manager('doc.post', {
        type: 'receipt',
        uuid: uuid(),
        locationId: 1,
        lines: [{ productId: kettle.id, qty: 1000, unitCost: 2_000 }],
      }),
    );
    expect((await row()).short).toBe(false);
  });
});
