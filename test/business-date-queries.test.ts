/**
 * Reports by business date and stock as of a date (db/queries/by-date.ts): right figures, and each one searches an
 * index on business_date (EXPLAIN QUERY PLAN), never a scan of documents or movements.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import type { ApiInput } from '../core/contract/api';
import type { Db } from '../db/connection';
import { onHandAsOf, salesByDate, type SalesDay } from '../db/queries/by-date';
import { insertLocation } from '../db/queries/people';
import { as, openShift, testCore, unwrap, uuid } from './helpers';

const dayIn = (timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const daysFrom = (day: string, n: number) => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

let core: ReturnType<typeof testCore>;
let owner: Caller;
let back: number;
/** A product of its own: no demo stock, so its history is only what this file posts. */
let P: number;
const ZONE = 'Europe/Moscow';
let today: string;
afterAll(() => core?.cleanup());

async function sell(productId: number, qty: number): Promise<{ id: number; total: number }> {
  const cart = unwrap(await owner('cart.current', {}));
  unwrap(await owner('cart.add', { cartId: cart.id, productId, qty }));
  return unwrap(await owner('cart.pay', { cartId: cart.id, uuid: uuid(), payments: [{ method: 'cash', amount: 10 ** 8 }] }));
}
const stock = (locationId: number, businessDate: string, type: 'receipt' | 'writeoff' | 'transfer', lines: object[], extra: object = {}) =>
  owner('doc.post', { type, uuid: uuid(), locationId, lines, businessDate, ...extra } as ApiInput<'doc.post'>).then(unwrap);

beforeAll(async () => {
  core = testCore();
  back = insertLocation(core.db, 'Back room', 'warehouse');
  openShift(core);
  owner = await as(core, 'owner');
  unwrap(await owner('settings.set', { timeZone: ZONE }));
  today = dayIn(ZONE);
  P = unwrap(await owner('catalog.upsert', { sku: 'T-ASOF', name: 'Dated goods', unit: 'kg', price: 2500, taxRateBp: 2000 })).id;
  // Product P's history at the shop floor and the back room, back-dated by the owner.
  await stock(1, daysFrom(today, -5), 'receipt', [{ productId: P, qty: 3000, unitCost: 1000 }]);
  await stock(1, daysFrom(today, -3), 'receipt', [{ productId: P, qty: 2000, unitCost: 1600 }]);
  await stock(1, daysFrom(today, -2), 'writeoff', [{ productId: P, qty: 1000 }]);
  const sent = await stock(1, daysFrom(today, -1), 'transfer', [{ productId: P, qty: 500 }], { toLocationId: back });
  unwrap(await owner('transfer.receive', { transferId: sent.id, uuid: uuid(), businessDate: daysFrom(today, -1) }));
});

describe('stock as of a date', () => {
  it('sums the movements dated up to the day, per product and location', () => {
    const at = (date: string, f: { productId?: number; locationId?: number } = {}) =>
      onHandAsOf(core.db, date, f).filter((r) => r.productId === P);
    expect(at(daysFrom(today, -6))).toEqual([]);
    expect(at(daysFrom(today, -5))).toEqual([{ productId: P, locationId: 1, qty: 3000, value: 3000 }]);
    expect(at(daysFrom(today, -3), { productId: P, locationId: 1 })).toEqual([{ productId: P, locationId: 1, qty: 5000, value: 6200 }]);
    // A write-off leaves at the moving average (6200 / 5000 per unit): 1240 for one.
    expect(at(daysFrom(today, -2), { productId: P })).toEqual([{ productId: P, locationId: 1, qty: 4000, value: 4960 }]);
    expect(at(daysFrom(today, -1), { locationId: back })).toEqual([{ productId: P, locationId: back, qty: 500, value: 620 }]);
  });

  it('as of the latest day it is the on-hand table, row for row', async () => {
    await sell(P, 1000);
    const now = core.db.raw
      .prepare('SELECT product_id AS productId, location_id AS locationId, qty, value FROM on_hand ORDER BY product_id, location_id')
      .all();
    const latest = (core.db.raw.prepare('SELECT max(business_date) AS d FROM stock_movements').get() as { d: string }).d;
    expect(onHandAsOf(core.db, latest)).toEqual(now);
    expect(onHandAsOf(core.db, daysFrom(latest, -1))).not.toEqual(now);
  });
});

describe('sales by date', () => {
  it('per business day: sales and returns, net of cancellations on the day they were cancelled', async () => {
    // The shop's zone decides the day: UTC+14 and UTC-11 are always on different dates.
    const east = dayIn('Pacific/Kiritimati');
    const west = dayIn('Pacific/Pago_Pago');
    // Other tests here sell today (in Moscow, maybe the same day as one of these): count what this one adds.
    const before = byDay(salesByDate(core.db, '2000-01-01', '2999-12-31'));
    unwrap(await owner('settings.set', { timeZone: 'Pacific/Kiritimati' }));
    const a = await sell(1, 2000);
    const b = await sell(3, 1000);
    unwrap(await owner('settings.set', { timeZone: 'Pacific/Pago_Pago' }));
    const c = await sell(1, 1000);
    const sale = unwrap(await owner('doc.get', { id: a.id }));
    const ret = unwrap(
      await owner('return.post', { kind: 'receipt', uuid: uuid(), saleId: a.id, lines: [{ saleLineId: sale.lines[0]!.id, qty: 1000 }] }),
    );
    unwrap(await owner('doc.cancel', { id: b.id, uuid: uuid(), reason: 'mistake' }));
    unwrap(await owner('settings.set', { timeZone: ZONE }));
    const after = byDay(salesByDate(core.db, east < west ? east : west, east < west ? west : east));
    expect(minus(after[east]!, before[east])).toEqual({ salesCount: 1, salesTotal: a.total + b.total, returnsCount: 0, returnsTotal: 0 });
    expect(minus(after[west]!, before[west])).toEqual({
      salesCount: 1,
      salesTotal: c.total - b.total,
      returnsCount: 1,
      returnsTotal: ret.total,
    });
    expect(salesByDate(core.db, '2000-01-01', '2000-12-31')).toEqual([]);
  });
});

const byDay = (days: SalesDay[]) => Object.fromEntries(days.map(({ businessDate, ...d }) => [businessDate, d]));
const minus = (
  a: Omit<SalesDay, 'businessDate'>,
  b: Omit<SalesDay, 'businessDate'> = { salesCount: 0, salesTotal: 0, returnsCount: 0, returnsTotal: 0 },
) => ({
  salesCount: a.salesCount - b.salesCount,
  salesTotal: a.salesTotal - b.salesTotal,
  returnsCount: a.returnsCount - b.returnsCount,
  returnsTotal: a.returnsTotal - b.returnsTotal,
});

/** The statements a query function runs, with their parameters (EXPLAIN needs both). */
function captured(db: Db, run: (db: Db) => unknown): { sql: string; params: unknown }[] {
  const seen: { sql: string; params: unknown }[] = [];
  const raw = new Proxy(db.raw, {
    get(target, key) {
      if (key !== 'prepare') return Reflect.get(target, key, target) as unknown;
      return (sql: string) => {
        const stmt = target.prepare(sql);
        return { all: (params: unknown) => (seen.push({ sql, params }), stmt.all(params as object)) };
      };
    },
  });
  run({ ...db, raw });
  expect(seen.length).toBeGreaterThan(0);
  return seen;
}

function plan(run: (db: Db) => unknown): string[] {
  return captured(core.db, run).flatMap(({ sql, params }) =>
    (core.db.raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params as object) as { detail: string }[]).map((r) => r.detail),
  );
}

describe('query plans', () => {
  const searches = (steps: string[], table: string, index: string) => {
    expect(
      steps.filter((s) => s.startsWith('SCAN')),
      steps.join(' | '),
    ).toEqual([]);
    expect(
      steps.some((s) => s.startsWith(`SEARCH ${table} USING `) && s.includes(`INDEX ${index} (`) && s.includes('business_date')),
      steps.join(' | '),
    ).toBe(true);
  };

  it('sales of a day range search documents by (type, business_date)', () => {
    searches(
      plan((db) => salesByDate(db, '2025-01-01', '2025-01-31')),
      'documents',
      'documents_type_business_date_idx',
    );
  });

  it('stock as of a date searches movements by business date, for every product or one location', () => {
    searches(
      plan((db) => onHandAsOf(db, '2025-01-31')),
      'stock_movements',
      'movements_business_date_idx',
    );
    searches(
      plan((db) => onHandAsOf(db, '2025-01-31', { locationId: 1 })),
      'stock_movements',
      'movements_business_date_idx',
    );
  });

  it('stock of one product as of a date searches by (product, location, business_date)', () => {
    expect(plan((db) => onHandAsOf(db, '2025-01-31', { productId: P })).filter((s) => s.startsWith('SCAN'))).toEqual([]);
    searches(
      plan((db) => onHandAsOf(db, '2025-01-31', { productId: P, locationId: 1 })),
      'stock_movements',
      'movements_product_location_date_idx',
    );
  });
});
