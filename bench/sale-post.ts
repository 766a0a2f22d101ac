import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { createCore, DB_FILE, type Core } from '../core/app';
import type { Caller } from '../core/api/dispatch';
import { openShift } from '../core/counter/shifts';
import { lineAmount } from '../core/money';
import { ledgerViolationCount } from './ledger-check';
import { MIGRATIONS, nowMs, pickDistinct, rng, tempDir } from './util';

export type Sync = 'FULL' | 'NORMAL';

export interface SaleInput {
  uuid: string;
  lines: { productId: number; qty: number }[];
  payments: { method: 'cash' | 'card'; amount: number }[];
}

export interface Shop {
  core: Core;
  cashier: Caller;
  products: { id: number; price: number }[];
  cleanup: () => void;
}

const STOCKED = 100;
const RESTOCK_QTY = 1_000_000_000; // thousandths: 1M pcs each, never runs out

/** A signed-in caller on an in-process core. */
export async function login(core: Core, userId: number, pin: string): Promise<Caller> {
  const r = await core.call({ session: null }, 'auth.login', { userId, pin });
  if (!r.ok) throw new Error(`login ${userId} failed: ${r.error.message}`);
  return core.caller({ session: core.sessions.get((r.value as { token: string }).token) });
}

/**
 * The demo shop on a real file (the app's pragmas), or a copy of `from` (the aged shop of history.ts, which is the demo
 * shop with its history); 100 products restocked through the API by the owner.
 */
export async function openShop(sync: Sync = 'FULL', from?: string): Promise<Shop> {
  const t = tempDir('lavka-bench-sale-');
  let core: Core | null = null;
  try {
    if (from) copyFileSync(from, path.join(t.dir, DB_FILE));
    core = createCore({ dataDir: t.dir, migrationsDir: MIGRATIONS, version: '0.0.0-bench', mode: 'local', demo: !from, quickCheck: false });
    if (sync !== 'FULL') core.db.raw.pragma(`synchronous = ${sync}`);
    const products = core.db.raw
      .prepare(`SELECT id, price FROM products WHERE unit = 'pcs' AND active = 1 ORDER BY id LIMIT ${STOCKED}`)
      .all() as { id: number; price: number }[];
    const owner = await login(core, 1, '1111');
    const r = await owner('doc.post', {
      type: 'receipt',
      uuid: randomUUID(),
      locationId: 1,
      lines: products.map((p) => ({ productId: p.id, qty: RESTOCK_QTY, unitCost: Math.round(p.price * 0.7) })),
    });
    if (!r.ok) throw new Error(`restock failed: ${r.error.message}`);
    openShift(core.db, 1, 1, 0); // sales need an open cash shift
    const cashier = await login(core, 2, '2222');
    const c = core;
    return {
      core: c,
      cashier,
      products,
      cleanup: () => {
        c.close();
        t.cleanup();
      },
    };
  } catch (err) {
    core?.close();
    t.cleanup();
    throw err;
  }
}

/** n five-line baskets of 1-3 pcs of distinct stocked products; every other one paid by card (exact), else cash with change. */
export function saleInputs(products: { id: number; price: number }[], n: number, seed: number): SaleInput[] {
  const rand = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const lines = pickDistinct(rand, products.length, 5).map((k) => ({
      productId: products[k]!.id,
      qty: 1000 * (1 + Math.floor(rand() * 3)),
    }));
    const total = lines.reduce((s, l) => s + lineAmount(products.find((p) => p.id === l.productId)!.price, l.qty), 0);
    const payments =
      i % 2 ? [{ method: 'card' as const, amount: total }] : [{ method: 'cash' as const, amount: Math.ceil(total / 100_000) * 100_000 }];
    return { uuid: randomUUID(), lines, payments };
  });
}

/** Posts one by one, as a till does; returns each call's latency in ms. */
export async function postSales(shop: Shop, inputs: SaleInput[]): Promise<number[]> {
  const lat = new Array<number>(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    const t0 = nowMs();
    const r = await shop.cashier('sale.post', inputs[i]!);
    lat[i] = nowMs() - t0;
    if (!r.ok) throw new Error(`sale.post failed: ${r.error.code}: ${r.error.message}`);
  }
  return lat;
}

/** The ledger must still hold after the run: on-hand equals the movement sums, every sale counted. */
export function checkShop(shop: Shop, expectedSales: number, salesBefore = 0): void {
  const bad = ledgerViolationCount(shop.core.db);
  if (bad) throw new Error(`ledger violated after the bench: ${bad} products' on-hand differ from their movements`);
  const n = (shop.core.db.raw.prepare(`SELECT count(*) AS n FROM documents WHERE type = 'sale'`).get() as { n: number }).n - salesBefore;
  if (n !== expectedSales) throw new Error(`expected ${expectedSales} sales, found ${n}`);
}
