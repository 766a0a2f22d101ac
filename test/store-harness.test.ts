// The web store harness itself (issue #13): a real Medusa over a throwaway PostgreSQL, a shopper ordering through
// the store API, the owner's view through the admin API, outages by restart and faults by proxy. No Lavka code yet:
// this proves the ground the sync tests will stand on. It fails, never skips, when the store cannot start.
import { randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from './store/fault-proxy';
import { startStore, StoreHttpError, type TestStore } from './store/index';

let store: TestStore;
let proxy: FaultProxy;
// Where the store's subscriber posts its events: the stand-in for Lavka's listener.
let listener: Server;
const events: { name: string; data: { id: string } }[] = [];

beforeAll(async () => {
  listener = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      events.push(JSON.parse(body));
      res.end();
    });
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as { port: number };
  // The first run on a machine installs Medusa and builds the database snapshot: minutes, once.
  store = await startStore({ eventsUrl: `http://127.0.0.1:${port}/events` });
  proxy = await startFaultProxy({ port: store.port });
}, 20 * 60_000);

afterAll(async () => {
  await proxy?.close();
  await store?.close();
  await new Promise((resolve) => listener?.close(resolve));
}, 120_000);

/** Events are sent after the API call returns: wait for one, failing after a while. */
async function eventFor(name: string, id: string) {
  for (let i = 0; i < 120; i++) {
    const found = events.find((e) => e.name === name && e.data.id === id);
    if (found) return found;
    await sleep(250);
  }
  throw new Error(`no ${name} event for ${id}; got ${JSON.stringify(events.map((e) => e.name))}`);
}

afterEach(() => proxy.mode({ kind: 'pass' }));

let n = 0;
/** A product of its own for each test, so tests need nothing from each other. */
async function product(price = 15_990) {
  const sku = `TEA-${process.pid}-${++n}-${randomInt(1e6)}`;
  const barcode = `46${String(randomInt(1e11)).padStart(11, '0')}`;
  const created = await store.admin.createProduct('Green tea 250 g', [{ sku, barcode, price }]);
  return { sku, barcode, variantId: created.variants[0]!.id };
}

describe('the web store harness', () => {
  it("a shopper's order reaches the store's admin list", { timeout: 180_000 }, async () => {
    const tea = await product(15_990);
    await store.admin.setStock(tea.sku, 10);
    const before = new Date(Date.now() - 1000).toISOString();

    const placed = await store.shopper.placeOrder([{ variantId: tea.variantId, quantity: 3 }], 'anna@example.com');

    const { orders } = await store.admin.ordersChangedSince(before, { limit: 100 });
    const listed = orders.find((o) => o.id === placed.id);
    expect(listed).toMatchObject({ email: 'anna@example.com', fulfillmentStatus: 'not_fulfilled', total: placed.total });
    expect(listed!.items).toEqual([expect.objectContaining({ sku: tea.sku, barcode: tea.barcode, quantity: 3, unitPrice: 15_990 })]);
    // 3 × 159.90 ₽ plus the 300 ₽ courier.
    expect(placed.total).toBe(3 * 15_990 + 30_000);
    expect(await store.admin.stockLevel(tea.sku)).toEqual({ stocked: 10, reserved: 3, available: 7 });

    // Fulfilling changes the order, so it is listed again after a cursor taken once it was placed.
    const afterPlacing = listed!.updatedAt;
    await store.admin.fulfil(placed.id);
    const changed = await store.admin.ordersChangedSince(afterPlacing, { limit: 100 });
    expect(changed.orders.find((o) => o.id === placed.id)?.fulfillmentStatus).toBe('fulfilled');
    expect(await store.admin.stockLevel(tea.sku)).toEqual({ stocked: 7, reserved: 0, available: 7 });
  });

  it('the store tells its listener about a placed order and a changed stock level', { timeout: 120_000 }, async () => {
    const tea = await product();
    await store.admin.setStock(tea.sku, 2);
    const placed = await store.shopper.placeOrder([{ variantId: tea.variantId, quantity: 1 }]);
    await expect(eventFor('order.placed', placed.id)).resolves.toBeTruthy();
    const level = await store.admin.request('GET', `/admin/inventory-items?sku=${tea.sku}&fields=id,*location_levels`);
    await expect(eventFor('inventory-level.created', level.inventory_items[0].location_levels[0].id)).resolves.toBeTruthy();
  });

  it("the store's stock level is what we set", { timeout: 120_000 }, async () => {
    const tea = await product();
    expect(await store.admin.stockLevel(tea.sku)).toBeNull();
    await store.admin.setStock(tea.sku, 5);
    expect(await store.admin.stockLevel(tea.sku)).toEqual({ stocked: 5, reserved: 0, available: 5 });
    await store.admin.setStock(tea.sku, 12);
    expect(await store.admin.stockLevel(tea.sku)).toEqual({ stocked: 12, reserved: 0, available: 12 });
  });

  it('while the store is down calls fail; after its restart the orders placed before are still there', { timeout: 300_000 }, async () => {
    const tea = await product();
    await store.admin.setStock(tea.sku, 4);
    const placed = await store.shopper.placeOrder([{ variantId: tea.variantId, quantity: 1 }]);

    await store.stop();
    await expect(store.admin.order(placed.id)).rejects.toThrow(/fetch failed/);
    await store.start();

    expect((await store.admin.order(placed.id)).items[0]).toMatchObject({ sku: tea.sku, quantity: 1 });
    await store.restart();
    const again = await store.shopper.placeOrder([{ variantId: tea.variantId, quantity: 2 }]);
    expect(again.displayId).toBeGreaterThan(placed.displayId);
    expect(await store.admin.stockLevel(tea.sku)).toEqual({ stocked: 4, reserved: 3, available: 1 });
  });

  it('through the fault proxy a cut response is an error, not a hang', { timeout: 120_000 }, async () => {
    const viaProxy = store.adminAt(proxy.url);
    const since = new Date(0).toISOString();
    await expect(viaProxy.ordersChangedSince(since, { limit: 1 })).resolves.toHaveProperty('count');

    proxy.mode({ kind: 'cut' });
    const error = await viaProxy.ordersChangedSince(since, { limit: 1 }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    // A hang would end in the client's own timeout instead.
    expect(error!.name).not.toMatch(/TimeoutError|AbortError/);

    proxy.mode({ kind: 'pass' });
    await expect(viaProxy.ordersChangedSince(since, { limit: 1 })).resolves.toHaveProperty('count');
  });

  it('the fault proxy answers 500, drops, delays and hangs on demand', { timeout: 120_000 }, async () => {
    const viaProxy = store.adminAt(proxy.url);
    const since = new Date(0).toISOString();

    proxy.mode({ kind: 'status500' });
    const failed = await viaProxy.ordersChangedSince(since, { limit: 1 }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(StoreHttpError);
    expect((failed as StoreHttpError).status).toBe(500);

    proxy.mode({ kind: 'drop' });
    await expect(viaProxy.ordersChangedSince(since, { limit: 1 })).rejects.toThrow(/fetch failed/);

    proxy.mode({ kind: 'delay', ms: 300 });
    await expect(viaProxy.ordersChangedSince(since, { limit: 1 })).resolves.toHaveProperty('count');

    proxy.mode({ kind: 'hang' });
    const hung = await fetch(`${proxy.url}/health`, { signal: AbortSignal.timeout(1500) }).catch((e: unknown) => e as Error);
    expect((hung as Error).name).toBe('TimeoutError');
  });
});
