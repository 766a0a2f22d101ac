// The store's order hook (issue #13): a storefront order wakes Lavka through the store's subscriber, so it is reserved
// at once rather than at the next poll (here the poll is an hour away). The hook only wakes the pull: it needs the
// shared secret, and what its body says is never taken for an order.
import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStoreOrders, storeOrder } from '../db/queries/store';
import type { Core } from '../core/app';
import { AppHost } from '../core/host';
import { saveStoreHookSecret } from '../core/sync/config';
import type { StoreSync } from '../core/sync/service';
import { createHttpServer } from '../server/http';
import { as, MIGRATIONS, tempDir, unwrap, uuid } from './helpers';
import { startStore, type TestStore } from './store/index';
import { linkShop } from './store/shop';

const SECRET = `hook-${randomInt(1e9)}-${randomInt(1e9)}`;

let dir: ReturnType<typeof tempDir>;
let host: AppHost;
let core: Core;
let sync: StoreSync;
let server: Server;
let hookUrl: string;
let store: TestStore;

beforeAll(async () => {
  dir = tempDir();
  host = new AppHost({ dataDir: dir.dir, migrationsDir: MIGRATIONS, version: 't', mode: 'local', demo: true }, { devices: false });
  await host.integrityChecked;
  core = host.core!;
  sync = core.svc.sync!;
  const rendererDir = path.join(dir.dir, 'renderer');
  mkdirSync(rendererDir);
  server = createHttpServer(host, { rendererDir, lan: false });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/store/hook`;
  store = await startStore({ hook: { url: hookUrl, secret: SECRET } });
  // The poll is an hour away: an order that comes in within the test came because the hook woke the sync.
  linkShop(core.db, store, { intervalSeconds: 3600 });
  saveStoreHookSecret(core.db, SECRET);
  // Started afresh now that it is configured: its first cycle runs at once and the next is an hour away.
  await sync.stop();
  sync.start();
}, 20 * 60_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await store?.close();
  host?.close();
  dir?.cleanup();
}, 120_000);

async function teaOnBothSides(stock: number) {
  const owner = await as(core, 'owner');
  const sku = `HOOK-${process.pid}-${randomInt(1e6)}`;
  const product = unwrap(await owner('catalog.upsert', { sku, name: 'Earl Grey', unit: 'pcs', price: 25_000, taxRateBp: 0, barcodes: [] }));
  unwrap(
    await owner('doc.post', {
      type: 'receipt',
      uuid: uuid(),
      locationId: 1,
      lines: [{ productId: product.id, qty: stock * 1000, unitCost: 9_000 }],
    }),
  );
  const created = await store.admin.createProduct('Earl Grey', [{ sku, price: 25_000 }]);
  sync.rematch();
  // The started service may be in a cycle that began before this product existed: runNow gets a cycle after it.
  await sync.runNow();
  expect((await store.admin.stockLevel(sku))?.stocked).toBe(stock);
  return { id: product.id, sku, variantId: created.variants[0]!.id };
}

const hook = (headers: Record<string, string>, body: unknown = { event: 'order.placed', id: 'order_x' }, method = 'POST') =>
  fetch(hookUrl, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: method === 'POST' ? JSON.stringify(body) : undefined,
  });

async function until<T>(what: string, probe: () => T | undefined | null, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`);
    await sleep(100);
  }
}

describe('the store wakes Lavka when an order is placed', () => {
  it('a storefront order is reserved without waiting for the poll, and the store shows the drop', async () => {
    const tea = await teaOnBothSides(6);
    const order = await store.shopper.placeOrder([{ variantId: tea.variantId, quantity: 2 }]);
    const row = await until('the order in Lavka', () => storeOrder(core.db, order.id));
    expect(row.status).toBe('reserved');
    const held = core.db.raw.prepare("SELECT SUM(qty) AS q FROM reservations WHERE order_id = ? AND status = 'active'").get(order.id);
    expect(held).toEqual({ q: 2000 });
    await until('the store to show 4', () => sync.status().queueDepth === 0 || null);
    expect((await store.admin.stockLevel(tea.sku))?.available).toBe(4);
  });

  it('a call without the secret, or with a wrong one, is refused and wakes nothing', async () => {
    expect((await hook({})).status).toBe(401);
    expect((await hook({ 'x-lavka-store-secret': `${SECRET}x` })).status).toBe(401);
    expect((await hook({ 'x-lavka-store-secret': SECRET }, undefined, 'GET')).status).toBe(405);
  });

  it('the body is never taken for an order: a forged one imports nothing, the pull reads only what the store holds', async () => {
    const before = countStoreOrders(core.db);
    const forged = { event: 'order.placed', id: 'order_forged', order: { id: 'order_forged', items: [{ sku: 'X', quantity: 1 }] } };
    const res = await hook({ 'x-lavka-store-secret': SECRET }, forged);
    expect(res.status).toBe(202);
    await sleep(500);
    await sync.runNow().catch(() => undefined);
    expect(storeOrder(core.db, 'order_forged')).toBeUndefined();
    expect(countStoreOrders(core.db)).toBe(before);
  });
});
