/**
 * Stock as of a day (stockByLocationAsOf, db/queries/reports/stock.ts) and sales by day (salesByDay, the report.sales
 * read): right figures, whichever anchor the stock is read from (a month end, on-hand, or the movements from the
 * start), and each one searches its indexes (EXPLAIN QUERY PLAN), never a scan of documents, movements or month ends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMonthEnds } from '../bench/history';
import type { Caller } from '../core/api/dispatch';
import type { ApiInput } from '../core/contract/api';
import type { Db } from '../db/connection';
import { monthEnd, stockSource, type StockFilter } from '../db/queries/month-balances';
import { addDays } from '../db/queries/reports/shares';
import { insertLocation } from '../db/queries/people';
import { salesByDay, type Row } from '../db/queries/reports/sales';
import { stockByLocationAsOf } from '../db/queries/reports/stock';
import { as, openShift, testCore, unwrap, uuid } from './helpers';

const dayIn = (timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
/** The month `n` months before the day's (YYYY-MM). */
const monthsBefore = (day: string, n: number) => {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 - n, 1)).toISOString().slice(0, 7);
};

let core: ReturnType<typeof testCore>;
let owner: Caller;
let back: number;
/** Products of their own: no demo stock, so their history is only what this file posts. */
let P: number;
let Q: number;
const ZONE = 'Europe/Moscow';
let today: string;
/** A month two months back: Q came in, was written off and moved to the back room in it; it has its month end. */
let M: string;
afterAll(() => core?.cleanup());

async function sell(productId: number, qty: number): Promise<{ id: number; total: number }> {
  const cart = unwrap(await owner('cart.current', {}));
  unwrap(await owner('cart.add', { cartId: cart.id, productId, qty }));
  return unwrap(await owner('cart.pay', { cartId: cart.id, uuid: uuid(), payments: [{ method: 'cash', amount: 10 ** 8 }] }));
}
type StockDoc = 'receipt' | 'writeoff' | 'transfer';
const stock = (locationId: number, businessDate: string | undefined, type: StockDoc, lines: object[], extra: object = {}) =>
  owner('doc.post', { type, uuid: uuid(), locationId, lines, businessDate, ...extra } as ApiInput<'doc.post'>).then(unwrap);
async function transfer(productId: number, qty: number, businessDate: string) {
  const sent = await stock(1, businessDate, 'transfer', [{ productId, qty }], { toLocationId: back });
  unwrap(await owner('transfer.receive', { transferId: sent.id, uuid: uuid(), businessDate }));
}

beforeAll(async () => {
  core = testCore();
  back = insertLocation(core.db, 'Back room', 'warehouse');
  openShift(core);
  owner = await as(core, 'owner');
  unwrap(await owner('settings.set', { timeZone: ZONE }));
  today = dayIn(ZONE);
  P = unwrap(await owner('catalog.upsert', { sku: 'T-ASOF', name: 'Dated goods', unit: 'kg', price: 2500, taxRateBp: 2000 })).id;
  Q = unwrap(await owner('catalog.upsert', { sku: 'T-MONTH', name: 'Goods of past months', unit: 'kg', price: 1900, taxRateBp: 2000 })).id;
  // Product P's history at the shop floor and the back room, back-dated by the owner.
  await stock(1, addDays(today, -5), 'receipt', [{ productId: P, qty: 3000, unitCost: 1000 }]);
  await stock(1, addDays(today, -3), 'receipt', [{ productId: P, qty: 2000, unitCost: 1600 }]);
  await stock(1, addDays(today, -2), 'writeoff', [{ productId: P, qty: 1000 }]);
  await transfer(P, 500, addDays(today, -1));
  // Product Q's, in month M and the month after: the shop's first movements, so month ends are built from M on.
  M = monthsBefore(today, 2);
  await stock(1, `${M}-05`, 'receipt', [{ productId: Q, qty: 4000, unitCost: 1000 }]);
  await stock(1, `${M}-20`, 'writeoff', [{ productId: Q, qty: 1000 }]);
  await transfer(Q, 500, `${M}-25`);
  await stock(1, `${monthsBefore(today, 1)}-10`, 'receipt', [{ productId: Q, qty: 2000, unitCost: 1300 }]);
  // As the app's writer leaves it: every ended month's balances built (and checked against the movements).
  buildMonthEnds(core.db, addDays(today, -1));
});

/** Stock as of the end of a day summed from the movements alone, with nothing between: what there is, per place. */
function movementSums(date: string, f: StockFilter = {}) {
  return (
    core.db.raw
      .prepare(
        `SELECT product_id AS productId, location_id AS locationId, SUM(qty_delta) AS qty, SUM(value_delta) AS value
         FROM stock_movements WHERE business_date <= ? GROUP BY product_id, location_id HAVING qty <> 0 OR value <> 0
         ORDER BY product_id, location_id`,
      )
      .all(date) as { productId: number; locationId: number; qty: number; value: number }[]
  ).filter((r) => (f.productId ?? r.productId) === r.productId && (f.locationId ?? r.locationId) === r.locationId);
}

describe('stock as of a day', () => {
  it('per product and location: the movements dated up to the day', () => {
    const at = (date: string, f: StockFilter = {}) => stockByLocationAsOf(core.db, { date, ...f }).filter((r) => r.productId === P);
    expect(at(addDays(today, -6))).toEqual([]);
    expect(at(addDays(today, -5))).toEqual([{ productId: P, locationId: 1, qty: 3000, value: 3000 }]);
    expect(at(addDays(today, -3), { productId: P, locationId: 1 })).toEqual([{ productId: P, locationId: 1, qty: 5000, value: 6200 }]);
    // A write-off leaves at the moving average (6200 / 5000 per unit): 1240 for one.
    expect(at(addDays(today, -2), { productId: P })).toEqual([{ productId: P, locationId: 1, qty: 4000, value: 4960 }]);
    expect(at(addDays(today, -1), { locationId: back })).toEqual([{ productId: P, locationId: back, qty: 500, value: 620 }]);
  });

  it('as of the latest day it is the on-hand table, less the places where nothing is left', async () => {
    // The back room's last of P written off today: on-hand keeps its row at zero, the stock as of today has none.
    await stock(back, undefined, 'writeoff', [{ productId: P, qty: 500 }]);
    await sell(P, 1000);
    const onHand = core.db.raw
      .prepare('SELECT product_id AS productId, location_id AS locationId, qty, value FROM on_hand ORDER BY product_id, location_id')
      .all() as { productId: number; locationId: number; qty: number; value: number }[];
    expect(onHand).toContainEqual({ productId: P, locationId: back, qty: 0, value: 0 });
    const latest = core.db.raw.prepare('SELECT max(business_date) FROM stock_movements').pluck().get() as string;
    const now = stockByLocationAsOf(core.db, { date: latest });
    expect(now).toEqual(onHand.filter((r) => r.qty !== 0 || r.value !== 0));
    expect(stockByLocationAsOf(core.db, { date: latest, productId: P })).toEqual([{ productId: P, locationId: 1, qty: 2500, value: 3100 }]);
    expect(stockByLocationAsOf(core.db, { date: addDays(latest, -1) })).not.toEqual(now);
  });

  it('through a month end: the month balances and the movements on either side of it equal the movements alone', () => {
    const anchors = new Set<string>();
    for (let day = addDays(`${M}-01`, -1); day <= addDays(today, 1); day = addDays(day, 1)) {
      anchors.add(stockSource(core.db, day).anchor);
      expect(stockByLocationAsOf(core.db, { date: day }), day).toEqual(movementSums(day));
      expect(stockByLocationAsOf(core.db, { date: day, locationId: back }), `${day} back room`).toEqual(
        movementSums(day, { locationId: back }),
      );
      expect(stockByLocationAsOf(core.db, { date: day, productId: Q }), `${day} Q`).toEqual(movementSums(day, { productId: Q }));
    }
    // Every kind of anchor was read from: month M's end (and the month after's), on-hand, and the movements from the start.
    expect(anchors).toContain(M);
    expect(anchors).toContain(monthsBefore(today, 1));
    expect(anchors).toContain('on_hand');
    expect(anchors).toContain('start');
    // Q in figures, from M's end both ways: before it (the balance less the days after) and after it (plus the days since).
    expect(stockSource(core.db, `${M}-24`).anchor).toBe(M);
    expect(stockByLocationAsOf(core.db, { date: `${M}-24`, productId: Q })).toEqual([
      { productId: Q, locationId: 1, qty: 3000, value: 3000 },
    ]);
    expect(stockSource(core.db, addDays(monthEnd(M), 2)).anchor).toBe(M);
    expect(stockByLocationAsOf(core.db, { date: addDays(monthEnd(M), 2), productId: Q })).toEqual([
      { productId: Q, locationId: 1, qty: 2500, value: 2500 },
      { productId: Q, locationId: back, qty: 500, value: 500 },
    ]);
  });
});

/** The figures of a day of the sales report this file checks: receipts, sales, returns, and what came in cash. */
const figures = (r: Row | undefined) => ({
  receipts: (r?.receipts ?? 0) as number,
  sales: ((r?.grossSales ?? 0) as number) - ((r?.discounts ?? 0) as number),
  returns: (r?.returns ?? 0) as number,
  netRevenue: (r?.netRevenue ?? 0) as number,
  cash: (r?.cash ?? 0) as number,
});
const byDay = (rows: Row[]) => new Map(rows.map((r) => [r.day as string, figures(r)]));
const minus = (a: ReturnType<typeof figures>, b = figures(undefined)) =>
  Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v - b[k as keyof typeof b]]));

describe('sales by day', () => {
  it('per business day: sales and returns, a cancellation taken back on the day it was made', async () => {
    // The shop's zone decides the day: UTC+14 and UTC-11 are always on different dates.
    const east = dayIn('Pacific/Kiritimati');
    const west = dayIn('Pacific/Pago_Pago');
    // Other tests here sell today (in Moscow, maybe the same day as one of these): count what this one adds.
    const before = byDay(salesByDay(core.db, { from: '2000-01-01', to: '2999-12-31' }));
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
    const after = byDay(salesByDay(core.db, { from: east < west ? east : west, to: east < west ? west : east }));
    // Sold in the east: two receipts; b's cancellation does not change its day.
    const eastSales = a.total + b.total;
    expect(minus(after.get(east)!, before.get(east))).toEqual({
      receipts: 2,
      sales: eastSales,
      returns: 0,
      netRevenue: eastSales,
      cash: eastSales,
    });
    // In the west: c sold, b taken back (a receipt less), part of a returned, all in cash.
    const westNet = c.total - b.total - ret.total;
    expect(minus(after.get(west)!, before.get(west))).toEqual({
      receipts: 0,
      sales: c.total - b.total,
      returns: ret.total,
      netRevenue: westNet,
      cash: westNet,
    });
    expect(salesByDay(core.db, { from: '2000-01-01', to: '2000-12-31' })).toEqual([]);
  });
});

/** The plan of each statement a query function runs with .all (EXPLAIN needs its parameters too). */
function plans(run: (db: Db) => unknown): string[][] {
  const seen: { sql: string; params: unknown }[] = [];
  const raw = new Proxy(core.db.raw, {
    get(target, key) {
      if (key !== 'prepare') return Reflect.get(target, key, target) as unknown;
      return (sql: string) => {
        const stmt = target.prepare(sql);
        return new Proxy(stmt, {
          get(s, k) {
            if (k === 'all') return (params: object) => (seen.push({ sql, params }), s.all(params));
            const v = Reflect.get(s, k, s) as unknown;
            return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(s) : v;
          },
        });
      };
    },
  });
  run({ ...core.db, raw });
  expect(seen.length).toBeGreaterThan(0);
  return seen.map(({ sql, params }) =>
    (core.db.raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params as object) as { detail: string }[]).map((r) => r.detail),
  );
}

describe('query plans', () => {
  /** No step reads a whole table of these (by its name or the query's alias for it). */
  const scansNone = (steps: string[], tables: string[]) =>
    expect(
      steps.filter((s) => tables.some((t) => s === `SCAN ${t}` || s.startsWith(`SCAN ${t} `))),
      steps.join(' | '),
    ).toEqual([]);
  /** A step searches `table` (or its alias) through `index`, bounded by every one of `columns`. */
  const searches = (steps: string[], table: string, index: string, columns: string[]) =>
    expect(
      steps.some((s) => s.startsWith(`SEARCH ${table} USING `) && s.includes(`${index} (`) && columns.every((c) => s.includes(`${c}`))),
      `${table} by ${index} (${columns.join(', ')}): ${steps.join(' | ')}`,
    ).toBe(true);
  const stockPlan = (date: string, f: StockFilter = {}) => {
    const all = plans((db) => stockByLocationAsOf(db, { date, ...f }));
    expect(all).toHaveLength(1);
    return all[0]!;
  };

  it('sales by day search documents by (type, business_date) in every statement', () => {
    for (const steps of plans((db) => salesByDay(db, { from: '2025-01-01', to: '2025-01-31' }))) {
      scansNone(steps, ['documents', 'd', 'document_lines', 'l', 'payments', 'pay']);
      const alias = steps.some((s) => s.startsWith('SEARCH d ')) ? 'd' : 'documents';
      searches(steps, alias, 'documents_type_business_date_idx', ['type=?', 'business_date>?']);
    }
  });

  it('stock as of a day before any movement searches the movements by business date, or by product when one is asked', () => {
    const day = '2000-01-31';
    expect(stockSource(core.db, day).anchor).toBe('start');
    for (const f of [{}, { locationId: 1 }]) {
      const steps = stockPlan(day, f);
      scansNone(steps, ['stock_movements']);
      searches(steps, 'stock_movements', 'movements_business_date_idx', ['business_date<?']);
    }
    scansNone(stockPlan(day, { productId: P }), ['stock_movements']);
    searches(stockPlan(day, { productId: P }), 'stock_movements', 'movements_product_location_date_idx', ['product_id=?']);
    searches(stockPlan(day, { productId: P, locationId: 1 }), 'stock_movements', 'movements_product_location_date_idx', [
      'product_id=?',
      'location_id=?',
      'business_date<?',
    ]);
  });

  it('stock as of a day after a month end searches the month balances by month, and the movements since by business date', () => {
    const day = addDays(monthEnd(M), 2);
    expect(stockSource(core.db, day).anchor).toBe(M);
    const steps = stockPlan(day);
    scansNone(steps, ['stock_movements', 'stock_month_balances']);
    searches(steps, 'stock_month_balances', 'PRIMARY KEY', ['month=?']);
    searches(steps, 'stock_movements', 'movements_business_date_idx', ['business_date>?', 'business_date<?']);
    const one = stockPlan(day, { productId: Q, locationId: 1 });
    scansNone(one, ['stock_movements', 'stock_month_balances']);
    searches(one, 'stock_month_balances', 'PRIMARY KEY', ['month=?', 'product_id=?', 'location_id=?']);
    searches(one, 'stock_movements', 'movements_product_location_date_idx', ['product_id=?', 'location_id=?', 'business_date>?']);
  });

  it('stock as of the latest day reads on-hand alone: all of it for every product, by its key for one', () => {
    const day = addDays(today, 1);
    expect(stockSource(core.db, day).anchor).toBe('on_hand');
    const steps = stockPlan(day);
    expect(steps.filter((s) => s.includes('stock_movements') || s.includes('stock_month_balances'))).toEqual([]);
    expect(steps.some((s) => s.startsWith('SCAN on_hand'))).toBe(true);
    const one = stockPlan(day, { productId: P });
    scansNone(one, ['on_hand']);
    searches(one, 'on_hand', 'sqlite_autoindex_on_hand_1', ['product_id=?']);
  });

  it('stock as of any day, from whichever anchor, never scans the movements or the month balances', () => {
    for (let day = addDays(`${M}-01`, -1); day <= addDays(today, 1); day = addDays(day, 1)) {
      scansNone(stockPlan(day), ['stock_movements', 'stock_month_balances']);
      scansNone(stockPlan(day, { productId: Q }), ['stock_movements', 'stock_month_balances', 'on_hand']);
    }
  });
});
