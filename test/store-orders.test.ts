// Web-store orders handed over in Lavka against a real Medusa (issue #13): shipped or collected at the counter, an
// order becomes exactly one sale (paid online, the rest at the till), its reservation goes, the store shows it
// fulfilled; a second hand-over is refused and changes nothing; the shopper is the shop's customer with that phone;
// the last unit goes to exactly one of the counter and the storefront.
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { medusaConnector } from '../core/sync/medusa';
import { StoreSync } from '../core/sync/service';
import { getOnHand } from '../db/queries/stock';
import { storeOrder } from '../db/queries/store';
import { as, testCore, unwrap, uuid } from './helpers';
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
/** A product in Lavka with stock and the same item (by SKU) in the store, both sides in step. */
async function onBothSides(stock: number, price = 12_900) {
  const owner = await as(core, 'owner');
  const sku = `HAND-${process.pid}-${++n}-${randomInt(1e6)}`;
  const product = unwrap(await owner('catalog.upsert', { sku, name: `Headphones ${n}`, unit: 'pcs', price, taxRateBp: 0, barcodes: [] }));
  if (stock)
    unwrap(
      await owner('doc.post', {
        type: 'receipt',
        uuid: uuid(),
        locationId: 1,
        lines: [{ productId: product.id, qty: stock * 1000, unitCost: 5_000 }],
      }),
    );
  const created = await store.admin.createProduct(`Headphones ${n}`, [{ sku, price: 1 }]);
  sync.rematch();
  await sync.runNow();
  return { id: product.id, sku, variantId: created.variants[0]!.id, price };
}

const onHand = (id: number) => getOnHand(core.db, id, 1).qty / 1000;
const reservations = (orderId: string) =>
  core.db.raw.prepare('SELECT status, qty FROM reservations WHERE order_id = ? ORDER BY id').all(orderId) as {
    status: string;
    qty: number;
  }[];
const salesOf = (id: number) =>
  (
    core.db.raw
      .prepare(
        "SELECT COUNT(*) AS n FROM document_lines l JOIN documents d ON d.id = l.document_id WHERE d.type = 'sale' AND l.product_id = ?",
      )
      .get(id) as {
      n: number;
    }
  ).n;
const paymentsOf = (docId: number) =>
  core.db.raw.prepare('SELECT method, amount FROM payments WHERE document_id = ? ORDER BY id').all(docId) as {
    method: string;
    amount: number;
  }[];
const available = async (sku: string) => (await store.admin.stockLevel(sku))?.available;

/** A storefront order Lavka has pulled and reserved. */
async function reservedOrder(item: { variantId: string }, quantity: number, phone?: string) {
  const placed = await store.shopper.placeOrder([{ variantId: item.variantId, quantity }], 'shopper@example.com', phone);
  await sync.runNow();
  expect(storeOrder(core.db, placed.id)?.status).toBe('reserved');
  return placed;
}

describe('an order shipped from the back office', () => {
  it('posts one sale paid online, consumes its reservation, and the store shows it delivered', async () => {
    const headphones = await onBothSides(5);
    const placed = await reservedOrder(headphones, 2);
    const owner = await as(core, 'owner');
    const cashBefore = unwrap(await owner('shift.x', {})).expectedCash;

    const sale = unwrap(await owner('store.fulfil', { orderId: placed.id, uuid: uuid() }));
    expect(sale).toMatchObject({ total: 2 * headphones.price, online: 2 * headphones.price, change: 0, replayed: false });
    expect(paymentsOf(sale.id)).toEqual([{ method: 'online', amount: 2 * headphones.price }]);
    expect(storeOrder(core.db, placed.id)).toMatchObject({ status: 'fulfilled', saleId: sale.id });
    expect(reservations(placed.id)).toEqual([{ status: 'consumed', qty: 2000 }]);
    expect(onHand(headphones.id)).toBe(3);

    // The Z report counts the sale and its online money apart: nothing entered the drawer or the card terminal.
    const x = unwrap(await owner('shift.x', {}));
    expect(x.expectedCash).toBe(cashBefore);
    expect(x.byMethod.online.sales).toBeGreaterThanOrEqual(2 * headphones.price);

    await sync.runNow();
    expect(sync.status()).toMatchObject({ state: 'idle', queueDepth: 0, deadLetters: 0 });
    const inStore = await store.admin.order(placed.id);
    expect(inStore.fulfillmentStatus).toBe('delivered');
    expect(await available(headphones.sku)).toBe(3);
  });

  it('a second hand-over is refused with already_fulfilled and changes nothing; the same request again is the first answer', async () => {
    const headphones = await onBothSides(4);
    const placed = await reservedOrder(headphones, 1);
    const owner = await as(core, 'owner');
    const cashier = await as(core, 'cashier');
    const key = uuid();
    const first = unwrap(await owner('store.fulfil', { orderId: placed.id, uuid: key }));
    expect(unwrap(await owner('store.fulfil', { orderId: placed.id, uuid: key }))).toMatchObject({ id: first.id, replayed: true });

    const again = await owner('store.fulfil', { orderId: placed.id, uuid: uuid() });
    expect(again).toMatchObject({ ok: false, error: { code: 'already_fulfilled' } });
    const atCounter = await cashier('store.collect', { orderId: placed.id, uuid: uuid(), payments: [{ method: 'cash', amount: 100_000 }] });
    expect(atCounter).toMatchObject({ ok: false, error: { code: 'already_fulfilled' } });
    expect(salesOf(headphones.id)).toBe(1);
    expect(onHand(headphones.id)).toBe(3);
    expect(reservations(placed.id)).toEqual([{ status: 'consumed', qty: 1000 }]);

    await sync.runNow();
    await sync.runNow();
    expect((await store.admin.order(placed.id)).fulfillmentStatus).toBe('delivered');
    expect(await available(headphones.sku)).toBe(3);
  });
});

describe('click & collect at the counter', () => {
  it('the cashier finds the order by its number, takes what is due, and exactly one sale is posted', async () => {
    const headphones = await onBothSides(3);
    const placed = await reservedOrder(headphones, 2);
    // The shopper chose to pay at pickup: the store took nothing.
    core.db.raw.prepare('UPDATE store_orders SET paid = 0 WHERE order_id = ?').run(placed.id);
    const cashier = await as(core, 'cashier');

    const order = unwrap(await cashier('store.order', { number: `#${placed.displayId}` }));
    expect(order).toMatchObject({ orderId: placed.id, status: 'reserved', goods: 2 * headphones.price, due: 2 * headphones.price });
    expect(order.lines).toEqual([expect.objectContaining({ productId: headphones.id, qty: 2000, price: headphones.price })]);

    const sale = unwrap(
      await cashier('store.collect', { orderId: placed.id, uuid: uuid(), payments: [{ method: 'cash', amount: 30_000 }] }),
    );
    expect(sale).toMatchObject({ total: 25_800, online: 0, change: 30_000 - 25_800 });
    expect(paymentsOf(sale.id)).toEqual([{ method: 'cash', amount: 25_800 }]);
    expect(reservations(placed.id)).toEqual([{ status: 'consumed', qty: 2000 }]);

    const twice = await cashier('store.collect', { orderId: placed.id, uuid: uuid(), payments: [{ method: 'cash', amount: 30_000 }] });
    expect(twice).toMatchObject({ ok: false, error: { code: 'already_fulfilled' } });
    expect(salesOf(headphones.id)).toBe(1);
    expect(onHand(headphones.id)).toBe(1);

    await sync.runNow();
    expect((await store.admin.order(placed.id)).fulfillmentStatus).toBe('delivered');
    expect(await available(headphones.sku)).toBe(1);
  });

  it('an order paid online is handed over with nothing to pay; too little for the rest is refused and nothing moves', async () => {
    const headphones = await onBothSides(2);
    const placed = await reservedOrder(headphones, 1);
    const cashier = await as(core, 'cashier');
    expect(unwrap(await cashier('store.order', { orderId: placed.id })).due).toBe(0);
    const sale = unwrap(await cashier('store.collect', { orderId: placed.id, uuid: uuid() }));
    expect(paymentsOf(sale.id)).toEqual([{ method: 'online', amount: headphones.price }]);

    const unpaid = await reservedOrder(headphones, 1);
    core.db.raw.prepare('UPDATE store_orders SET paid = 0 WHERE order_id = ?').run(unpaid.id);
    const short = await cashier('store.collect', { orderId: unpaid.id, uuid: uuid(), payments: [{ method: 'cash', amount: 100 }] });
    expect(short).toMatchObject({ ok: false, error: { code: 'payment_mismatch' } });
    expect(storeOrder(core.db, unpaid.id)?.status).toBe('reserved');
    expect(reservations(unpaid.id)).toEqual([{ status: 'active', qty: 1000 }]);
    expect(onHand(headphones.id)).toBe(1);
  });
});

describe("the shopper is the shop's customer", () => {
  it('matched by phone however the store wrote it, the sale in their history; a name alone matches nobody', async () => {
    const headphones = await onBothSides(3);
    const manager = await as(core, 'manager');
    const phone = `+7916${String(randomInt(1e7)).padStart(7, '0')}`;
    const regular = unwrap(await manager('customer.upsert', { phone, name: 'Anna Petrova' }));
    const written = `${phone.slice(0, 2)} (${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8, 10)}-${phone.slice(10)}`;
    const placed = await reservedOrder(headphones, 1, written);
    expect(storeOrder(core.db, placed.id)?.customerId).toBe(regular.id);

    const sale = unwrap(await manager('store.fulfil', { orderId: placed.id, uuid: uuid() }));
    expect(core.db.raw.prepare('SELECT customer_id AS c FROM documents WHERE id = ?').get(sale.id)).toEqual({ c: regular.id });

    // Same name as the regular (the shopper's address says Anna Petrova), another phone: not her.
    const stranger = await reservedOrder(headphones, 1, '+79000000001');
    expect(storeOrder(core.db, stranger.id)?.customerId).toBeNull();
  });
});

describe('the last unit', () => {
  it('sold at the counter first: the storefront order that raced it is parked, and the store shows 0', async () => {
    const headphones = await onBothSides(1);
    const cashier = await as(core, 'cashier');
    unwrap(
      await cashier('sale.post', {
        uuid: uuid(),
        lines: [{ productId: headphones.id, qty: 1000 }],
        payments: [{ method: 'cash', amount: headphones.price }],
      }),
    );
    const placed = await store.shopper.placeOrder([{ variantId: headphones.variantId, quantity: 1 }]);
    await sync.runNow();
    expect(storeOrder(core.db, placed.id)).toMatchObject({ status: 'parked' });
    expect(reservations(placed.id)).toEqual([]);
    expect(onHand(headphones.id)).toBe(0);
    expect(await available(headphones.sku)).toBe(0);
  });

  it('ordered in the store first: the counter sale is refused (reserved_stock), and the store shows 0', async () => {
    const headphones = await onBothSides(1);
    const placed = await reservedOrder(headphones, 1);
    const cashier = await as(core, 'cashier');
    const sold = await cashier('sale.post', {
      uuid: uuid(),
      lines: [{ productId: headphones.id, qty: 1000 }],
      payments: [{ method: 'cash', amount: headphones.price }],
    });
    expect(sold).toMatchObject({ ok: false, error: { code: 'reserved_stock' } });
    expect(onHand(headphones.id)).toBe(1);
    expect(await available(headphones.sku)).toBe(0);
    unwrap(await cashier('store.collect', { orderId: placed.id, uuid: uuid() }));
    await sync.runNow();
    expect(onHand(headphones.id)).toBe(0);
    expect(await available(headphones.sku)).toBe(0);
  });

  it('at the same moment: exactly one of them gets it, and the store shows 0', async () => {
    const headphones = await onBothSides(1);
    const cashier = await as(core, 'cashier');
    const online = store.shopper.placeOrder([{ variantId: headphones.variantId, quantity: 1 }]).then(async (o) => {
      await sync.runNow();
      return o;
    });
    const counter = cashier('sale.post', {
      uuid: uuid(),
      lines: [{ productId: headphones.id, qty: 1000 }],
      payments: [{ method: 'cash', amount: headphones.price }],
    });
    const [placed, sold] = await Promise.all([online, counter]);
    const reserved = storeOrder(core.db, placed.id)?.status === 'reserved';
    expect([sold.ok, reserved].filter(Boolean)).toHaveLength(1);
    await sync.runNow();
    expect(await available(headphones.sku)).toBe(0);
    expect(onHand(headphones.id)).toBe(reserved ? 1 : 0);
  });
});

describe('the online orders list', () => {
  it('finds orders by status, by number and by customer; the detail shows what the order holds on the shelf', async () => {
    const headphones = await onBothSides(4);
    const manager = await as(core, 'manager');
    const phone = `+7917${String(randomInt(1e7)).padStart(7, '0')}`;
    unwrap(await manager('customer.upsert', { phone, name: 'Boris Lavrov' }));
    const boris = await store.shopper.placeOrder([{ variantId: headphones.variantId, quantity: 1 }], 'boris@example.com', phone);
    const other = await reservedOrder(headphones, 2);
    await sync.runNow();
    const ids = (rows: { orderId: string }[]) => rows.map((r) => r.orderId);

    const byNumber = unwrap(await manager('store.orders', { search: `#${boris.displayId}` }));
    expect(ids(byNumber)).toContain(boris.id);
    expect(ids(byNumber)).not.toContain(other.id);
    expect(ids(unwrap(await manager('store.orders', { search: 'boris@exa' })))).toEqual([boris.id]);
    const byName = unwrap(await manager('store.orders', { search: 'lavrov' }));
    expect(byName).toEqual([expect.objectContaining({ orderId: boris.id, customerName: 'Boris Lavrov', lines: 1 })]);
    // A LIKE wildcard typed by hand is a character, not "anything".
    expect(unwrap(await manager('store.orders', { search: '%' }))).toEqual([]);

    const cashier = await as(core, 'cashier');
    unwrap(await cashier('store.collect', { orderId: boris.id, uuid: uuid() }));
    const reserved = ids(unwrap(await manager('store.orders', { status: 'reserved' })));
    expect(reserved).toContain(other.id);
    expect(reserved).not.toContain(boris.id);
    expect(ids(unwrap(await manager('store.orders', { status: 'fulfilled', search: String(boris.displayId) })))).toContain(boris.id);

    const held = unwrap(await cashier('store.order', { orderId: other.id }));
    expect(held.reservations).toEqual([expect.objectContaining({ productId: headphones.id, qty: 2000, status: 'active', closedAt: null })]);
    expect(held.lines).toEqual([expect.objectContaining({ productId: headphones.id, unit: 'pcs' })]);
    const handed = unwrap(await cashier('store.order', { orderId: boris.id }));
    expect(handed).toMatchObject({ status: 'fulfilled', customerName: 'Boris Lavrov' });
    expect(handed.reservations).toEqual([expect.objectContaining({ qty: 1000, status: 'consumed' })]);
  });
});

describe('an order the store drops', () => {
  it('is cancelled in Lavka at the next cycle, its reservation released; other open orders and the store’s count stay right', async () => {
    const item = await onBothSides(5);
    const kept = await reservedOrder(item, 1);
    const dropped = await reservedOrder(item, 2);
    expect(await available(item.sku)).toBe(2);
    // The question asks for exactly the orders named: an id the store never had is not answered with another order.
    const connector = medusaConnector({
      url: store.url,
      apiKey: store.setup.secretKey,
      stockLocationId: store.setup.locationId,
      currency: 'rub',
    });
    expect([...(await connector.ordersHeld(['order_01NEVER000000000000000000', kept.id]))]).toEqual([kept.id]);
    // What the store does when a checkout's later step fails after the order was written: the order goes with it.
    await store.sql(`UPDATE "order" SET deleted_at = now() WHERE id = '${dropped.id}'`);
    await sync.runNow();
    expect(storeOrder(core.db, dropped.id)).toMatchObject({ status: 'cancelled', reason: 'the store no longer has this order' });
    expect(reservations(dropped.id).map((r) => r.status)).toEqual(['released']);
    expect(storeOrder(core.db, kept.id)?.status).toBe('reserved');
    expect(reservations(kept.id).map((r) => r.status)).toEqual(['active']);
    // The shelf is free again: the store may sell all but the kept order's unit.
    await sync.runNow();
    expect(await available(item.sku)).toBe(4);
    expect(onHand(item.id)).toBe(5);
  });
});
