/**
 * The bookkeeper's reports on a small known history, every figure worked out by hand:
 * milk (100.00, VAT 20 %) received 10 @ 60.00 ten days ago and 10 @ 70.00 three days ago, one short at a count
 * yesterday; bread (50.00) received 20 @ 30.00 ten days ago, two written off two days ago; rye (20.00) received
 * 5 @ 10.00 ten days ago and never sold. Today: Olga buys 3 milk (cash), then 2 milk + 4 bread with 10 % off
 * (card); the cashier sells Ivan 1 bread (cash); 2 bread sold and cancelled; Olga returns 1 milk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { reportColumns, type ReportRow } from '../core/contract/report-columns';
import type { Db } from '../db/connection';
import { abcClasses, rfSegment, xyzClass } from '../db/queries/reports/analysis';
import { valuationAsOf } from '../db/queries/reports/stock';
import { readXlsx } from './export-kit';
import { as, openShift, testCore, unwrap, uuid, exportedFile } from './helpers';

const ZONE = 'Europe/Moscow';
const T = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const day = (n: number) => new Date(Date.parse(`${T}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const PERIOD = { from: day(-10), to: T };

let core: ReturnType<typeof testCore>;
let owner: Caller;
let bookkeeper: Caller;
const id = { milk: 0, bread: 0, rye: 0, dairy: 0, bakery: 0 };
afterAll(() => core?.cleanup());

async function sell(
  call: Caller,
  lines: [number, number][],
  method: 'cash' | 'card',
  o: { phone?: string; percentBp?: number } = {},
): Promise<{ id: number; total: number }> {
  const cart = unwrap(await call('cart.current', {}));
  for (const [productId, qty] of lines) unwrap(await call('cart.add', { cartId: cart.id, productId, qty }));
  if (o.percentBp) unwrap(await call('cart.discount', { cartId: cart.id, percentBp: o.percentBp }));
  if (o.phone) unwrap(await call('cart.customer', { cartId: cart.id, phone: o.phone }));
  const total = unwrap(await call('cart.current', {})).total;
  return unwrap(await call('cart.pay', { cartId: cart.id, uuid: uuid(), payments: [{ method, amount: total }] }));
}
const stock = (type: 'receipt' | 'writeoff' | 'count', businessDate: string, lines: object[]) =>
  owner('doc.post', { type, uuid: uuid(), locationId: 1, businessDate, lines } as never).then(unwrap);

beforeAll(async () => {
  core = testCore();
  openShift(core);
  owner = await as(core, 'owner');
  bookkeeper = await as(core, 'bookkeeper');
  unwrap(await owner('settings.set', { timeZone: ZONE }));
  id.dairy = unwrap(await owner('category.upsert', { name: 'Test dairy' })).id;
  id.bakery = unwrap(await owner('category.upsert', { name: 'Test bakery' })).id;
  const product = async (sku: string, name: string, price: number, categoryId: number) =>
    unwrap(await owner('catalog.upsert', { sku, name, unit: 'pcs', price, taxRateBp: 2000, categoryId })).id;
  id.milk = await product('R-MILK', 'Milk 1 l', 10000, id.dairy);
  id.bread = await product('R-BREAD', 'White bread', 5000, id.bakery);
  id.rye = await product('R-RYE', 'Rye crisps', 2000, id.bakery);
  await stock('receipt', day(-10), [
    { productId: id.milk, qty: 10_000, unitCost: 6000 },
    { productId: id.bread, qty: 20_000, unitCost: 3000 },
    { productId: id.rye, qty: 5_000, unitCost: 1000 },
  ]);
  await stock('receipt', day(-3), [{ productId: id.milk, qty: 10_000, unitCost: 7000 }]);
  await stock('writeoff', day(-2), [{ productId: id.bread, qty: 2_000 }]);
  await stock('count', day(-1), [{ productId: id.milk, qty: 19_000 }]);
  unwrap(await owner('customer.upsert', { phone: '+79990000011', name: 'Olga' }));
  unwrap(await owner('customer.upsert', { phone: '+79990000012', name: 'Ivan' }));
  const s1 = await sell(owner, [[id.milk, 3000]], 'cash', { phone: '+79990000011' });
  await sell(
    owner,
    [
      [id.milk, 2000],
      [id.bread, 4000],
    ],
    'card',
    { phone: '+79990000011', percentBp: 1000 },
  );
  await sell(await as(core, 'cashier'), [[id.bread, 1000]], 'cash', { phone: '+79990000012' });
  const s4 = await sell(owner, [[id.bread, 2000]], 'cash');
  unwrap(await owner('doc.cancel', { id: s4.id, uuid: uuid(), reason: 'rang up twice' }));
  const line = unwrap(await owner('doc.get', { id: s1.id })).lines[0]!;
  unwrap(await owner('return.post', { kind: 'receipt', uuid: uuid(), saleId: s1.id, lines: [{ saleLineId: line.id, qty: 1000 }] }));
});

const mine = (rows: ReportRow[], key: string, ids: number[]) => rows.filter((r) => ids.includes(r[key] as number));

describe('sales by day', () => {
  it('counts today’s receipts net of the cancelled one, with discounts, returns, tax, cost and payments', async () => {
    const r = unwrap(await bookkeeper('report.sales', PERIOD));
    const today = {
      day: T,
      receipts: 3,
      grossSales: 75000,
      discounts: 4000,
      returns: 10000,
      netRevenue: 61000,
      tax: 10166,
      cost: 41000,
      margin: 20000,
      marginPct: 3279,
      cash: 25000,
      card: 36000,
      online: 0,
    };
    // The demo's opening stock is dated today but sells nothing: the only day with sales is today.
    expect(r.rows).toEqual([today]);
    expect(r.totals).toEqual({ ...today, day: undefined, marginPct: 3279 });
  });

  it('refuses a period that ends before it starts', async () => {
    const r = await bookkeeper('report.sales', { from: T, to: day(-1) });
    expect(r.ok || r.error.code).toBe('validation');
  });
});

describe('profit and loss', () => {
  it('is net revenue − cost of goods − write-offs − count shortages − expenses', async () => {
    const r = unwrap(await bookkeeper('report.pnl', PERIOD));
    expect(Object.fromEntries(r.rows.map((x) => [x.line, x.amount]))).toEqual({
      grossSales: 75000,
      discounts: -4000,
      returns: -10000,
      netRevenue: 61000,
      taxIncluded: 10166,
      cost: -41000,
      grossMargin: 20000,
      writeoffs: -6000,
      shortages: -6500,
      surpluses: 0,
      // No expense in this shop: each category's line and their total are zero, and net is unchanged by them.
      expenseRent: 0,
      expenseWages: 0,
      expenseUtilities: 0,
      expenseOther: 0,
      expenses: 0,
      net: 7500,
    });
  });

  it('its revenue is the sales report’s net revenue, over any period', async () => {
    for (const p of [PERIOD, { from: T, to: T }, { from: day(-10), to: day(-1) }]) {
      const pnl = unwrap(await bookkeeper('report.pnl', p)).rows.find((x) => x.line === 'netRevenue')!.amount;
      expect(pnl).toBe(unwrap(await bookkeeper('report.sales', p)).totals.netRevenue ?? 0);
    }
  });
});

describe('profitability', () => {
  it('by product: quantity, revenue after discount, cost from the movements, margin', async () => {
    const r = unwrap(await bookkeeper('report.profit', { ...PERIOD, by: 'product' }));
    expect(mine(r.rows, 'id', [id.milk, id.bread])).toEqual([
      {
        id: id.milk,
        name: 'Milk 1 l',
        sku: 'R-MILK',
        unit: 'pcs',
        qty: 4000,
        netRevenue: 38000,
        discounts: 2000,
        cost: 26000,
        margin: 12000,
        marginPct: 3158,
      },
      {
        id: id.bread,
        name: 'White bread',
        sku: 'R-BREAD',
        unit: 'pcs',
        qty: 5000,
        netRevenue: 23000,
        discounts: 2000,
        cost: 15000,
        margin: 8000,
        marginPct: 3478,
      },
    ]);
    expect(r.totals).toEqual({ netRevenue: 61000, discounts: 4000, cost: 41000, margin: 20000, marginPct: 3279 });
  });

  it('by employee and by customer', async () => {
    const staff = unwrap(await bookkeeper('report.profit', { ...PERIOD, by: 'employee' })).rows;
    expect(staff.map((r) => [r.id, r.netRevenue, r.cost, r.margin])).toEqual([
      [1, 56000, 38000, 18000],
      [2, 5000, 3000, 2000],
    ]);
    const customers = unwrap(await bookkeeper('report.profit', { ...PERIOD, by: 'customer' })).rows;
    expect(customers.map((r) => [r.name, r.netRevenue, r.cost])).toEqual([
      ['Olga', 56000, 38000],
      ['Ivan', 5000, 3000],
      [null, 0, 0],
    ]);
  });
});

describe('stock valuation as of a date', () => {
  const byCategory = (rows: ReportRow[]) =>
    Object.fromEntries(mine(rows, 'categoryId', [id.dairy, id.bakery]).map((r) => [r.categoryId, r]));

  it('ignores receipts dated after it, at cost and at retail per category', async () => {
    const before = byCategory(unwrap(await bookkeeper('report.valuation', { date: day(-5) })).rows);
    expect(before[id.dairy]).toEqual({ categoryId: id.dairy, category: 'Test dairy', products: 1, value: 60000, retail: 100000 });
    expect(before[id.bakery]).toEqual({ categoryId: id.bakery, category: 'Test bakery', products: 2, value: 65000, retail: 110000 });
    const after = byCategory(unwrap(await bookkeeper('report.valuation', { date: day(-3) })).rows);
    expect(after[id.dairy]!.value).toBe(130000);
    // Today, after the count, the sales and the return: 15 milk at 65.00.
    expect(byCategory(unwrap(await bookkeeper('report.valuation', { date: T })).rows)[id.dairy]!.value).toBe(97500);
  });

  it('an unknown location is refused', async () => {
    const r = await bookkeeper('report.valuation', { date: T, locationId: 999 });
    expect(r.ok || r.error.code).toBe('unknown_location');
  });

  it('reads the movements through the business-date index', () => {
    const steps = plan(core.db, (db) => valuationAsOf(db, { date: day(-5) }));
    expect(
      steps.some((s) => /^(SEARCH|SCAN) stock_movements USING COVERING INDEX movements_business_date_idx \(business_date[<>]\?\)/.test(s)),
      steps.join(' | '),
    ).toBe(true);
    expect(steps.filter((s) => /^SCAN stock_movements(?! USING COVERING INDEX movements_business_date_idx)/.test(s))).toEqual([]);
  });
});

describe('ABC/XYZ', () => {
  it('ABC classes by cumulative share, shares adding up to exactly 100 %', () => {
    expect(abcClasses([50, 30, 12, 5, 3]).map((x) => x.cls)).toEqual(['A', 'A', 'B', 'B', 'C']);
    expect(abcClasses([3, 50, 0, 12]).map((x) => [x.cls, x.shareBp])).toEqual([
      ['C', 462],
      ['A', 7692],
      ['C', 0],
      ['A', 1846],
    ]);
    expect(abcClasses([1, 1, 1]).reduce((s, x) => s + x.shareBp, 0)).toBe(10_000);
  });

  it('XYZ by the variation of weekly demand', () => {
    expect(xyzClass([10, 10, 10, 10])).toEqual({ cvBp: 0, cls: 'X' });
    expect(xyzClass([8, 12, 8, 12])).toEqual({ cvBp: 2000, cls: 'Y' });
    expect(xyzClass([0, 20, 0, 20])).toEqual({ cvBp: 10000, cls: 'Z' });
    expect(xyzClass([0, 0])).toEqual({ cvBp: null, cls: 'Z' });
  });

  it('classes the shop’s products: both sold only in the second week', async () => {
    const rows = mine(unwrap(await bookkeeper('report.abcxyz', { from: day(-13), to: T })).rows, 'productId', [id.milk, id.bread]);
    expect(rows.map((r) => [r.sku, r.revenueShare, r.revenueCumulative, r.abcRevenue, r.cv, r.abcXyz])).toEqual([
      ['R-MILK', 6230, 6230, 'A', 10000, 'AZ'],
      ['R-BREAD', 3770, 10000, 'A', 10000, 'AZ'],
    ]);
  });
});

describe('turnover and dead stock', () => {
  it('days of stock from the period’s sales, and stock with no sale for 30 days as dead money', async () => {
    const rows = unwrap(await bookkeeper('report.turnover', { ...PERIOD, deadDays: 30 })).rows;
    const by = Object.fromEntries(mine(rows, 'productId', [id.milk, id.bread, id.rye]).map((r) => [r.sku, r]));
    expect(by['R-MILK']).toMatchObject({
      onHand: 15000,
      value: 97500,
      sold: 4000,
      daysOfStock: 41,
      lastSale: T,
      idleDays: 0,
      deadValue: 0,
    });
    expect(by['R-BREAD']).toMatchObject({ onHand: 13000, value: 39000, sold: 5000, daysOfStock: 29, lastSale: T, deadValue: 0 });
    expect(by['R-RYE']).toMatchObject({ onHand: 5000, value: 5000, sold: 0, daysOfStock: null, lastSale: null, dead: 1, deadValue: 5000 });
  });
});

describe('customer segments', () => {
  it('by recency and frequency', async () => {
    const rows = unwrap(await bookkeeper('report.rfm', PERIOD)).rows;
    expect(rows.map((r) => [r.name, r.receipts, r.netRevenue, r.recencyDays, r.segment])).toEqual([
      ['Olga', 2, 56000, 0, 'loyal'],
      ['Ivan', 1, 5000, 0, 'new'],
    ]);
    expect([rfSegment(3, 3), rfSegment(2, 1), rfSegment(1, 2), rfSegment(1, 1)]).toEqual(['champions', 'aboutToSleep', 'atRisk', 'lost']);
  });
});

describe('excel exports', () => {
  const save = (f: { downloadId: string }) => readXlsx(exportedFile(core, f));
  const HEADERS = { day: 'Day', receipts: 'Receipts', netRevenue: 'Net revenue', margin: 'Margin', marginPct: 'Margin %', cash: 'Cash' };

  it('the sales report: numbers as numbers, dates as dates, totals equal to the report’s', async () => {
    const report = unwrap(await bookkeeper('report.sales', PERIOD));
    const f = unwrap(
      await bookkeeper('report.export', { report: 'report.sales', params: PERIOD, title: 'Sales by day', headers: HEADERS }),
    );
    expect(f.fileName).toBe(`sales-${PERIOD.from}_${PERIOD.to}.xlsx`);
    const columns = reportColumns('report.sales');
    const summed = columns.filter((c) => c.total === 'sum').map((c) => c.key);
    expect(f.totals).toEqual(Object.fromEntries(summed.map((k) => [k, report.totals[k]])));
    const data = save(f).sheets[1]!;
    expect(data.rows[0]!.slice(0, 3).map((c) => c.v)).toEqual(['Day', 'Receipts', 'grossSales']);
    const row = data.rows[1]!;
    const at = (key: string) => columns.findIndex((c) => c.key === key);
    expect(row[at('day')]).toMatchObject({ date: true });
    expect(row[at('netRevenue')]).toMatchObject({ v: 610, t: 'int' });
    expect(row[at('receipts')]!.v).toBe(3);
    expect(row[at('marginPct')]!.v).toBeCloseTo(0.3279, 6);
    const totals = data.rows.at(-1)!;
    expect(totals[at('netRevenue')]!.v).toBe(`=SUBTOTAL(9,F2:F2)`);
    expect(totals[at('netRevenue')]!.cached).toBeCloseTo((report.totals.netRevenue! as number) / 100, 6);
    expect(totals[at('margin')]!.cached).toBeCloseTo((report.totals.margin! as number) / 100, 6);
  });

  it('the P&L: each line in the user’s words with its amount', async () => {
    const texts = { grossSales: 'Выручка до скидок', net: 'Чистая прибыль' };
    const f = unwrap(
      await bookkeeper('report.export', {
        report: 'report.pnl',
        params: PERIOD,
        title: 'P&L',
        headers: { line: 'Статья', amount: 'Сумма' },
        texts,
      }),
    );
    const rows = save(f).sheets[1]!.rows;
    expect(rows[0]!.map((c) => c.v)).toEqual(['Статья', 'Сумма']);
    expect(rows[1]!.map((c) => c.v)).toEqual(['Выручка до скидок', 750]);
    expect(rows.find((r) => r[0]!.v === 'Чистая прибыль')![1]!.v).toBe(75);
  });

  it('a period that ends before it starts is refused before any file is made', async () => {
    const r = await bookkeeper('report.export', { report: 'report.rfm', params: { from: T, to: day(-1) }, title: 'x', headers: {} });
    expect(r.ok || r.error.code).toBe('validation');
  });
});

describe('who may', () => {
  it('the cashier may not see reports', async () => {
    const r = await (await as(core, 'cashier'))('report.pnl', PERIOD);
    expect(r.ok || r.error.code).toBe('forbidden');
  });
});

/** The query plan of every statement a read runs. */
function plan(db: Db, run: (db: Db) => unknown): string[] {
  const seen: { sql: string; params: unknown }[] = [];
  const raw = new Proxy(db.raw, {
    get(target, key) {
      if (key !== 'prepare') return Reflect.get(target, key, target) as unknown;
      return (sql: string) => {
        const stmt = target.prepare(sql);
        const args = (params: unknown) => (params === undefined ? [] : [params as object]);
        const wrapped = {
          all: (params?: unknown) => (seen.push({ sql, params }), stmt.all(...args(params))),
          get: (params?: unknown) => (seen.push({ sql, params }), stmt.get(...args(params))),
          pluck: () => (stmt.pluck(), wrapped),
        };
        return wrapped;
      };
    },
  });
  run({ ...db, raw });
  return seen.flatMap(({ sql, params }) =>
    (db.raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(params === undefined ? [] : [params as object])) as { detail: string }[]).map(
      (r) => r.detail,
    ),
  );
}
