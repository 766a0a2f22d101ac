/**
 * The derived totals (db/schema/derived.ts) against the ledger on a generated history (the bench's writer): month-end stock
 * balances and the per-product daily and monthly sales sums equal what the movements and lines say after back-dated postings,
 * reversals across a month end and a month built while documents are posted; valuation as of any day and the sales
 * reports by product and category read from them equal the same figures worked out here from the raw rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHistory } from '../bench/history-days';
import type { Caller } from '../core/api/dispatch';
import { OUTBOX_RETENTION_MS } from '../core/outbox';
import { shopToday } from '../core/posting/dates';
import type { Db } from '../db/connection';
import { derivedViolations } from '../db/queries/derived-check';
import { buildMonthStep, listedMonths, monthEnd, stockSource } from '../db/queries/month-balances';
import { profitBy, profitByPage } from '../db/queries/reports/sales';
import { addDays, mulDivRound } from '../db/queries/reports/shares';
import { valuationAsOf } from '../db/queries/reports/stock';
import { as, openShift, testCore, unwrap, uuid } from './helpers';

let core: ReturnType<typeof testCore>;
let owner: Caller;
let today: string;
afterAll(() => core?.cleanup());
/** Small chunks, so the demo's few hundred products take several transactions a month. */
const buildAll = (db: Db) => {
  while (buildMonthStep(db, today, 40));
};

beforeAll(async () => {
  core = testCore();
  // The bench's history writer: 100 days of receipts, sales, returns and shifts up to yesterday, ~10k movements.
  const timeZone = unwrap(await (await as(core, 'owner'))('settings.get', {})).timeZone;
  writeHistory(core.db.raw, { sales: 3000, days: 100, timeZone, now: new Date(), retentionMs: OUTBOX_RETENTION_MS, log: () => {} });
  openShift(core);
  owner = await as(core, 'owner');
  today = shopToday(core.db);
  // Tests run in a random order: each starts with every ended month built.
  buildAll(core.db);
});

/** Valuation by category worked out from the movements alone, as valuationAsOf did before the month ends. */
function recomputed(db: Db, date: string, locationId?: number) {
  const rows = db.raw
    .prepare(
      `SELECT p.id, COALESCE(p.category_id, 0) AS categoryId, c.name AS category, p.price, SUM(m.qty_delta) AS qty, SUM(m.value_delta) AS value
       FROM stock_movements m JOIN products p ON p.id = m.product_id LEFT JOIN categories c ON c.id = p.category_id
       WHERE m.business_date <= ? ${locationId !== undefined ? `AND m.location_id = ${locationId}` : ''} GROUP BY p.id`,
    )
    .all(date) as { categoryId: number; category: string | null; price: number; qty: number; value: number }[];
  const by = new Map<number, { categoryId: number; category: string | null; products: number; value: number; retail: number }>();
  for (const s of rows) {
    if (s.qty === 0 && s.value === 0) continue;
    const r = by.get(s.categoryId) ?? { categoryId: s.categoryId, category: s.category, products: 0, value: 0, retail: 0 };
    by.set(s.categoryId, r);
    r.products += 1;
    r.value += s.value;
    r.retail += mulDivRound(s.qty, s.price, 1000);
  }
  return [...by.values()].sort((a, b) => b.value - a.value || a.categoryId - b.categoryId);
}

/** Every day of the history, every month end and the days around them: valuation equals the recomputation. */
function expectValuationExact(db: Db) {
  const first = db.raw.prepare('SELECT MIN(business_date) FROM stock_movements').pluck().get() as string;
  const anchors = new Set<string>();
  for (let d = addDays(first, -1); d <= addDays(today, 1); d = addDays(d, 1)) {
    anchors.add(stockSource(db, d).anchor);
    expect(valuationAsOf(db, { date: d }), d).toEqual(recomputed(db, d));
  }
  for (const m of listedMonths(db))
    expect(valuationAsOf(db, { date: monthEnd(m.month), locationId: 1 })).toEqual(recomputed(db, monthEnd(m.month), 1));
  return anchors;
}

/** profitBy by product and category over the lines, as it read them before the daily sums. */
function fromLines(db: Db, p: { from: string; to: string }, by: 'product' | 'category') {
  const key = by === 'product' ? 'l.product_id' : 'COALESCE(p.category_id, 0)';
  const rows = db.raw
    .prepare(
      `SELECT ${key} AS id, ${by === 'product' ? 'p.name AS name, p.sku AS sku, p.unit AS unit' : 'c.name AS name'},
              ${by === 'product' ? "SUM(CASE WHEN d.type = 'sale' THEN l.qty ELSE -l.qty END) AS qty," : ''}
              SUM(CASE WHEN d.type = 'sale' THEN l.amount ELSE -l.amount END) AS netRevenue,
              SUM(CASE WHEN d.type = 'sale' THEN l.discount ELSE 0 END) AS discounts,
              SUM(CASE WHEN d.type = 'sale' THEN l.cost_amount ELSE -l.cost_amount END) AS cost,
              SUM(CASE WHEN d.type = 'sale' THEN l.amount - l.cost_amount ELSE l.cost_amount - l.amount END) AS margin
       FROM documents d JOIN document_lines l ON l.document_id = d.id JOIN products p ON p.id = l.product_id
       LEFT JOIN categories c ON c.id = p.category_id
       WHERE d.type IN ('sale', 'return') AND d.business_date BETWEEN @from AND @to GROUP BY ${key} ORDER BY netRevenue DESC, id`,
    )
    .all(p) as Record<string, number | string | null>[];
  for (const r of rows) r.marginPct = (r.netRevenue as number) > 0 ? mulDivRound(r.margin as number, 10_000, r.netRevenue as number) : null;
  return rows;
}

describe('the integrity check of the derived sums', () => {
  it('finds a day or month of a product whose sums differ from its lines', () => {
    for (const [table, key] of [
      ['sales_product_days', 'business_date'],
      ['sales_product_months', 'month'],
    ] as const) {
      // Changed in a transaction that is rolled back: the shared shop stays exact for the other tests.
      let seen: { row: { productId: number; at: string }; violations: unknown[] } | undefined;
      expect(() =>
        core.db.raw.transaction(() => {
          const row = core.db.raw.prepare(`SELECT product_id AS productId, ${key} AS at FROM ${table} LIMIT 1`).get() as {
            productId: number;
            at: string;
          };
          core.db.raw.prepare(`UPDATE ${table} SET cost = cost + 7 WHERE product_id = ? AND ${key} = ?`).run(row.productId, row.at);
          seen = { row, violations: derivedViolations(core.db) };
          throw new Error('roll back');
        })(),
      ).toThrow('roll back');
      expect(seen!.violations).toEqual([
        {
          table,
          at: seen!.row.at,
          productId: seen!.row.productId,
          locationId: null,
          diff: { qty: 0, netRevenue: 0, discount: 0, cost: -7 },
        },
      ]);
    }
    expect(derivedViolations(core.db)).toEqual([]);
  });
});

describe('month-end stock balances', () => {
  it('are built for every ended month, equal the movements, and valuation from them equals the recomputation every day', () => {
    const months = listedMonths(core.db);
    expect(months.length).toBeGreaterThanOrEqual(2);
    expect(months.every((m) => m.complete === 1 && monthEnd(m.month) < today)).toBe(true);
    expect(derivedViolations(core.db)).toEqual([]);
    const anchors = expectValuationExact(core.db);
    // Both kinds of anchor were used: some month end, and on-hand for the last days.
    expect([...anchors].some((a) => /^\d{4}-\d{2}$/.test(a))).toBe(true);
    expect(anchors.has('on_hand')).toBe(true);
  });

  it('a back-dated receipt into a month with balance rows corrects them in its own transaction', async () => {
    const month = listedMonths(core.db)[0]!.month;
    const day = `${month}-15`;
    const row = () =>
      core.db.raw
        .prepare('SELECT qty, value FROM stock_month_balances WHERE month = ? AND product_id = 2 AND location_id = 1')
        .get(month) as { qty: number; value: number } | undefined;
    const before = row() ?? { qty: 0, value: 0 };
    unwrap(
      await owner('doc.post', {
        type: 'receipt',
        uuid: uuid(),
        locationId: 1,
        businessDate: day,
        lines: [{ productId: 2, qty: 7000, unitCost: 1234 }],
      }),
    );
    expect(row()).toEqual({ qty: before.qty + 7000, value: before.value + 8638 });
    expect(derivedViolations(core.db)).toEqual([]);
    expectValuationExact(core.db);
  });

  it('a reversal across a month end: the month keeps the original, today takes it back', async () => {
    const month = listedMonths(core.db)[0]!.month;
    const r = unwrap(
      await owner('doc.post', {
        type: 'writeoff',
        uuid: uuid(),
        locationId: 1,
        businessDate: `${month}-20`,
        lines: [{ productId: 3, qty: 1000, reason: 'damaged' }],
      } as never),
    );
    const end = monthEnd(month);
    const atEnd = valuationAsOf(core.db, { date: end });
    unwrap(await owner('doc.cancel', { id: r.id, uuid: uuid(), reason: 'written off by mistake' }));
    // The reversal is dated today: the month end still shows the write-off, today does not.
    expect(valuationAsOf(core.db, { date: end })).toEqual(atEnd);
    expect(derivedViolations(core.db)).toEqual([]);
    expectValuationExact(core.db);
  });

  it('a month built while documents are posted into it ends exact', async () => {
    const last = listedMonths(core.db).at(-1)!.month;
    // The derived rows of the last month go, as if it had just ended; its build then starts over, in chunks.
    core.db.raw.prepare('DELETE FROM stock_month_balances WHERE month = ?').run(last);
    core.db.raw.prepare('DELETE FROM stock_months WHERE month = ?').run(last);
    expect(buildMonthStep(core.db, today, 40)).toBe(true);
    const partial = listedMonths(core.db).at(-1)!;
    expect(partial).toMatchObject({ month: last, complete: 0 });
    const high = core.db.raw.prepare('SELECT MAX(id) FROM products').pluck().get() as number;
    expect(high).toBeGreaterThan(partial.builtThrough);
    // One product already built, one not yet: both back-dated into the month being built.
    unwrap(
      await owner('doc.post', {
        type: 'receipt',
        uuid: uuid(),
        locationId: 1,
        businessDate: `${last}-10`,
        lines: [
          { productId: 1, qty: 2000, unitCost: 500 },
          { productId: high, qty: 3000, unitCost: 700 },
        ],
      }),
    );
    expect(derivedViolations(core.db)).toEqual([]);
    buildAll(core.db);
    expect(listedMonths(core.db).at(-1)).toMatchObject({ month: last, complete: 1 });
    expect(derivedViolations(core.db)).toEqual([]);
    expectValuationExact(core.db);
  });
});

describe('sales per product and day', () => {
  it('equal the lines after sales, a return and a cancellation; the reports by product and category read them exactly', async () => {
    const cart = unwrap(await owner('cart.current', {}));
    unwrap(await owner('cart.add', { cartId: cart.id, productId: 1, qty: 2000 }));
    unwrap(await owner('cart.add', { cartId: cart.id, productId: 2, qty: 1000 }));
    unwrap(await owner('cart.discount', { cartId: cart.id, percentBp: 500 }));
    const total = unwrap(await owner('cart.current', {})).total;
    const sale = unwrap(await owner('cart.pay', { cartId: cart.id, uuid: uuid(), payments: [{ method: 'cash', amount: total }] }));
    const line = unwrap(await owner('doc.get', { id: sale.id })).lines[0]!;
    unwrap(await owner('return.post', { kind: 'receipt', uuid: uuid(), saleId: sale.id, lines: [{ saleLineId: line.id, qty: 1000 }] }));
    const old = core.db.raw
      .prepare(`SELECT id FROM documents WHERE type = 'sale' AND reversal_of IS NULL AND status = 'posted' AND business_date < ? LIMIT 1`)
      .pluck()
      .get(today) as number;
    unwrap(await owner('doc.cancel', { id: old, uuid: uuid(), reason: 'a test of a reversal' }));
    expect(derivedViolations(core.db)).toEqual([]);
    for (const p of [
      { from: addDays(today, -89), to: today },
      { from: addDays(today, -30), to: addDays(today, -1) },
      { from: today, to: today },
      { from: addDays(today, -400), to: addDays(today, -300) },
      // Whole months and their ragged ends (salesSpans): from a 1st, to a month's end, one whole month, a year's turn.
      { from: `${addDays(today, -62).slice(0, 7)}-01`, to: today },
      { from: addDays(today, -75), to: monthEnd(addDays(today, -40).slice(0, 7)) },
      { from: `${addDays(today, -40).slice(0, 7)}-01`, to: monthEnd(addDays(today, -40).slice(0, 7)) },
      { from: `${addDays(today, -70).slice(0, 7)}-02`, to: addDays(`${addDays(today, -40).slice(0, 7)}-01`, -2) },
      { from: '2025-12-15', to: '2026-01-31' },
    ])
      for (const by of ['product', 'category'] as const) {
        const all = fromLines(core.db, p, by);
        expect(profitBy(core.db, { ...p, by }), `${by} ${p.from}..${p.to}`).toEqual(all);
        // The screen's page: the first rows, the count and the sums of them all.
        const page = profitByPage(core.db, { ...p, by, limit: 5 });
        expect(page.rows).toEqual(all.slice(0, 5));
        expect(page.count).toBe(all.length);
        for (const k of ['netRevenue', 'discounts', 'cost', 'margin'])
          expect(page.sums[k], k).toBe(all.reduce((a, r) => a + (r[k] as number), 0));
      }
  });
});
