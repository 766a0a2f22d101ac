/**
 * The money side on a small known history. Dairy Farm delivered 10 milk @ 60.00 ten days ago and was paid 500.00
 * by bank five days ago; it delivered 5 more @ 70.00 three days ago and took 2 back two days ago (at the average
 * cost: 950.00 × 2 ÷ 15 = 126.67). Bread Bakery delivered 20 loaves @ 30.00 ten days ago, was paid 200.00 in cash
 * yesterday, and 100.00 by bank today, cancelled at once. A receipt with no supplier owes nobody. Today at the
 * counter: one milk for cash (100.00), two loaves by card (2 × 50.00), the milk returned for cash, 50.00 put into
 * the drawer and 30.00 taken out, and 15.00 of wages paid from the drawer. The rent (400.00) went from the bank
 * three days ago.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { reportColumns, type ReportRow } from '../core/contract/report-columns';
import { readCsv, readXlsx } from './export-kit';
import { as, loose, openShift, testCore, unwrap, uuid, exportedFile } from './helpers';

const ZONE = 'Europe/Moscow';
const shopDay = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
const T = shopDay(new Date());
const day = (n: number) => new Date(Date.parse(`${T}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const PERIOD = { from: day(-4), to: T };

let core: ReturnType<typeof testCore>;
let owner: Caller;
let bookkeeper: Caller;
const id = { milk: 0, bread: 0, dairy: 0, bakery: 0 };
afterAll(() => core?.cleanup());

const receive = (businessDate: string, productId: number, qty: number, unitCost: number, supplierId?: number) =>
  owner('doc.post', { type: 'receipt', uuid: uuid(), locationId: 1, businessDate, supplierId, lines: [{ productId, qty, unitCost }] }).then(
    unwrap,
  );
const pay = (supplierId: number, amount: number, method: 'cash' | 'bank', businessDate?: string) =>
  owner('supplier.pay', { uuid: uuid(), supplierId, amount, method, businessDate }).then(unwrap);
async function sell(productId: number, qty: number, method: 'cash' | 'card') {
  const cart = unwrap(await owner('cart.current', {}));
  unwrap(await owner('cart.add', { cartId: cart.id, productId, qty }));
  const total = unwrap(await owner('cart.current', {})).total;
  return unwrap(await owner('cart.pay', { cartId: cart.id, uuid: uuid(), payments: [{ method, amount: total }] }));
}

beforeAll(async () => {
  core = testCore();
  openShift(core);
  owner = await as(core, 'owner');
  bookkeeper = await as(core, 'bookkeeper');
  unwrap(await owner('settings.set', { timeZone: ZONE }));
  const product = async (sku: string, name: string, price: number) =>
    unwrap(await owner('catalog.upsert', { sku, name, unit: 'pcs', price, taxRateBp: 2000 })).id;
  id.milk = await product('M-MILK', 'Farm milk', 10000);
  id.bread = await product('M-BREAD', 'Farm bread', 5000);
  id.dairy = unwrap(await owner('supplier.upsert', { name: 'Dairy Farm', taxId: '7701000001' })).id;
  id.bakery = unwrap(await owner('supplier.upsert', { name: 'Bread Bakery' })).id;
  await receive(day(-10), id.milk, 10_000, 6000, id.dairy);
  await receive(day(-10), id.bread, 20_000, 3000, id.bakery);
  await pay(id.dairy, 50_000, 'bank', day(-5));
  await receive(day(-4), id.bread, 5_000, 2000);
  await receive(day(-3), id.milk, 5_000, 7000, id.dairy);
  unwrap(
    await owner('doc.post', {
      type: 'supplier_return',
      uuid: uuid(),
      locationId: 1,
      businessDate: day(-2),
      supplierId: id.dairy,
      lines: [{ productId: id.milk, qty: 2000 }],
    }),
  );
  await pay(id.bakery, 20_000, 'cash', day(-1));
  const wrong = await pay(id.bakery, 10_000, 'bank');
  unwrap(await owner('doc.cancel', { id: wrong.id, uuid: uuid(), reason: 'paid twice' }));
  const milk = await sell(id.milk, 1000, 'cash');
  await sell(id.bread, 2000, 'card');
  const line = unwrap(await owner('doc.get', { id: milk.id })).lines[0]!;
  unwrap(await owner('return.post', { kind: 'receipt', uuid: uuid(), saleId: milk.id, lines: [{ saleLineId: line.id, qty: 1000 }] }));
  unwrap(await owner('shift.cash', { uuid: uuid(), kind: 'in', amount: 5000, reason: 'change fund' }));
  unwrap(await owner('shift.cash', { uuid: uuid(), kind: 'out', amount: 3000, reason: 'petty cash' }));
  unwrap(await owner('expense.post', { uuid: uuid(), category: 'rent', amount: 40_000, method: 'bank', businessDate: day(-3) }));
  unwrap(await owner('expense.post', { uuid: uuid(), category: 'wages', amount: 1_500, method: 'cash' }));
});

const bySupplier = (rows: ReportRow[]) => Object.fromEntries(rows.map((r) => [r.name as string, r]));

describe('supplier settlements', () => {
  it('owes each supplier receipts less returns less payments, before the period and in it', async () => {
    const r = unwrap(await bookkeeper('report.settlements', PERIOD));
    const s = bySupplier(r.rows);
    expect(Object.keys(s).sort()).toEqual(['Bread Bakery', 'Dairy Farm']);
    expect(s['Dairy Farm']).toMatchObject({
      taxId: '7701000001',
      opening: 10_000,
      received: 35_000,
      returned: 12_667,
      paid: 0,
      closing: 32_333,
    });
    // The cancelled payment and its reversal are both today: they take nothing off.
    expect(s['Bread Bakery']).toMatchObject({ opening: 60_000, received: 0, returned: 0, paid: 20_000, closing: 40_000 });
    expect(r.totals).toMatchObject({ opening: 70_000, received: 35_000, returned: 12_667, paid: 20_000, closing: 72_333 });
  });

  it('equals the balances worked out from the raw receipts, returns and payments', async () => {
    const raw = core.db.raw
      .prepare(
        `SELECT d.type, d.business_date AS day, COALESCE(sd.supplier_id, so.supplier_id) AS supplierId,
                (SELECT COALESCE(SUM(cost_amount), 0) FROM document_lines WHERE document_id = d.id) AS goods,
                (SELECT COALESCE(SUM(amount), 0) FROM payments WHERE document_id = d.id) AS paid
         FROM documents d LEFT JOIN supplier_documents sd ON sd.document_id = d.id
         LEFT JOIN supplier_documents so ON so.document_id = d.reversal_of`,
      )
      .all() as { type: string; day: string; supplierId: number | null; goods: number; paid: number }[];
    const owed = (supplierId: number, through: string) =>
      raw
        .filter((d) => d.supplierId === supplierId && d.day <= through)
        .reduce(
          (s, d) =>
            s + (d.type === 'receipt' ? d.goods : d.type === 'supplier_return' ? -d.goods : d.type === 'supplier_payment' ? -d.paid : 0),
          0,
        );
    const rows = bySupplier(unwrap(await bookkeeper('report.settlements', PERIOD)).rows);
    for (const [name, sid] of [
      ['Dairy Farm', id.dairy],
      ['Bread Bakery', id.bakery],
    ] as const) {
      expect(rows[name]!.opening).toBe(owed(sid, day(-5)));
      expect(rows[name]!.closing).toBe(owed(sid, T));
    }
  });

  it('narrows to one supplier, and refuses one that does not exist', async () => {
    const one = unwrap(await bookkeeper('report.settlements', { ...PERIOD, supplierId: id.bakery }));
    expect(one.rows.map((r) => r.name)).toEqual(['Bread Bakery']);
    const r = await loose(bookkeeper)('report.settlements', { ...PERIOD, supplierId: 999_999 });
    expect(r.ok ? null : r.error.code).toBe('not_found');
  });

  it('exports as a workbook whose closing total is the report’s', async () => {
    const f = unwrap(
      await bookkeeper('report.export', {
        report: 'report.settlements',
        params: PERIOD,
        title: 'Supplier settlements',
        headers: { name: 'Supplier', closing: 'Owed at the end' },
      }),
    );
    expect(f.fileName).toBe(`settlements-${PERIOD.from}_${PERIOD.to}.xlsx`);
    expect(f.totals.closing).toBe(72_333);
    const data = readXlsx(exportedFile(core, f)).sheets[1]!;
    const at = reportColumns('report.settlements').findIndex((c) => c.key === 'closing');
    expect(data.rows[0]![at]!.v).toBe('Owed at the end');
    expect(
      data.rows
        .slice(1, -1)
        .map((r) => r[0]!.v)
        .sort(),
    ).toEqual(['Bread Bakery', 'Dairy Farm']);
    expect(data.rows.at(-1)![at]!.v).toMatch(/^=SUBTOTAL\(9,/);
    expect(data.rows.at(-1)![at]!.cached).toBeCloseTo(723.33, 6);
  });
});

describe('cash flow', () => {
  it('today by tender: sales in, the return out, the drawer’s moves and wages, the cancelled payment netting out', async () => {
    const r = unwrap(await bookkeeper('report.cashflow', PERIOD));
    expect(r.rows.find((x) => x.day === T)).toEqual({
      day: T,
      salesCash: 10_000,
      salesCard: 10_000,
      returnsCash: -10_000,
      returnsCard: 0,
      cashIn: 5_000,
      cashOut: -3_000,
      supplierCash: 0,
      supplierBank: 0,
      expenseCash: -1_500,
      expenseBank: 0,
      expenseRent: 0,
      expenseWages: -1_500,
      expenseUtilities: 0,
      expenseOther: 0,
      netCash: 500,
      netCard: 10_000,
      netBank: 0,
      net: 10_500,
    });
    expect(r.rows.find((x) => x.day === day(-3))).toMatchObject({
      expenseBank: -40_000,
      expenseRent: -40_000,
      netBank: -40_000,
      net: -40_000,
    });
    expect(r.rows.find((x) => x.day === day(-1))).toMatchObject({ supplierCash: -20_000, netCash: -20_000, net: -20_000 });
    // The bank payment five days ago is before the period.
    expect(r.rows.some((x) => x.day === day(-5))).toBe(false);
  });

  it('equals every day worked out from the raw payments and cash moves', async () => {
    const expected = new Map<string, Record<string, number>>();
    const add = (d: string, k: string, v: number) => {
      if (d < PERIOD.from || d > PERIOD.to) return;
      const row = expected.get(d) ?? {};
      row[k] = (row[k] ?? 0) + v;
      expected.set(d, row);
    };
    const pays = core.db.raw
      .prepare('SELECT d.type, d.business_date AS day, p.method, p.amount FROM payments p JOIN documents d ON d.id = p.document_id')
      .all() as { type: string; day: string; method: string; amount: number }[];
    for (const p of pays) {
      const sign = p.type === 'sale' ? 1 : -1;
      add(p.day, p.method === 'cash' ? 'cash' : p.method === 'card' ? 'card' : 'bank', sign * p.amount);
    }
    const moves = core.db.raw.prepare('SELECT kind, amount, at FROM cash_moves').all() as { kind: string; amount: number; at: string }[];
    for (const m of moves) add(shopDay(new Date(m.at)), 'cash', m.kind === 'in' ? m.amount : -m.amount);
    const rows = unwrap(await bookkeeper('report.cashflow', PERIOD)).rows;
    expect(rows.map((r) => r.day)).toEqual([...expected.keys()].sort());
    for (const r of rows) {
      const e = expected.get(r.day as string)!;
      expect([r.netCash, r.netCard, r.netBank, r.net]).toEqual([
        e.cash ?? 0,
        e.card ?? 0,
        e.bank ?? 0,
        (e.cash ?? 0) + (e.card ?? 0) + (e.bank ?? 0),
      ]);
    }
  });

  it('exports as CSV with the same figures', async () => {
    const f = unwrap(
      await bookkeeper('report.export', {
        report: 'report.cashflow',
        params: PERIOD,
        format: 'csv',
        title: 'Cash flow',
        headers: { day: 'Day', net: 'Net' },
      }),
    );
    expect(f.fileName).toBe(`cashflow-${PERIOD.from}_${PERIOD.to}.csv`);
    const report = unwrap(await bookkeeper('report.cashflow', PERIOD));
    expect(f.totals.net).toBe(report.totals.net);
    const file = exportedFile(core, f);
    const text = readFileSync(file, 'utf8');
    const csv = readCsv(file, text.split('\n')[0]!.includes(';') ? ';' : ',');
    expect(csv.bom).toBe(true);
    const net = csv.rows[0]!.indexOf('Net');
    const today = csv.rows.find((r) => r.includes(T) || r.some((c) => c.startsWith(T)))!;
    expect(Number(today[net]!.replace(',', '.'))).toBeCloseTo(105, 6);
  });

  it('is the bookkeeper’s and the owner’s, not the cashier’s', async () => {
    const cashier = loose(await as(core, 'cashier'));
    const r = await cashier('report.cashflow', PERIOD);
    expect(r.ok ? null : r.error.code).toBe('forbidden');
    const back = await loose(bookkeeper)('report.cashflow', { from: T, to: day(-1) });
    expect(back.ok ? null : back.error.code).toBe('validation');
  });
});

describe('paying a supplier', () => {
  it('is one audited document with one payment, moving no stock', async () => {
    const p = await pay(id.dairy, 1_000, 'bank');
    const doc = unwrap(await owner('doc.get', { id: p.id }));
    expect(doc).toMatchObject({
      type: 'supplier_payment',
      total: 1_000,
      businessDate: T,
      lines: [],
      payments: [{ method: 'bank', amount: 1_000 }],
    });
    expect(p.number).toMatch(/^SP-/);
    const moved = core.db.raw.prepare('SELECT COUNT(*) AS n FROM stock_movements WHERE document_id = ?').get(p.id) as { n: number };
    expect(moved.n).toBe(0);
    const audit = core.db.raw.prepare(`SELECT action FROM audit_log WHERE entity = 'document' AND entity_id = ?`).all(String(p.id));
    expect(audit).toEqual([{ action: 'doc.post' }]);
    unwrap(await owner('doc.cancel', { id: p.id, uuid: uuid(), reason: 'test' }));
  });

  it('is refused to a cashier, for an unknown supplier, for nothing, and into a locked period, writing nothing', async () => {
    const before = core.db.raw.prepare('SELECT COUNT(*) AS n FROM documents').get();
    const cashier = loose(await as(core, 'cashier'));
    const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? null : r.error!.code);
    expect(code(await cashier('supplier.pay', { uuid: uuid(), supplierId: id.dairy, amount: 100, method: 'cash' }))).toBe('forbidden');
    expect(code(await loose(owner)('supplier.pay', { uuid: uuid(), supplierId: 999_999, amount: 100, method: 'cash' }))).toBe('not_found');
    expect(code(await loose(owner)('supplier.pay', { uuid: uuid(), supplierId: id.dairy, amount: 0, method: 'cash' }))).toBe('validation');
    unwrap(await bookkeeper('period.lock', { through: day(-6) }));
    try {
      const locked = await loose(owner)('supplier.pay', {
        uuid: uuid(),
        supplierId: id.dairy,
        amount: 100,
        method: 'bank',
        businessDate: day(-7),
      });
      expect(code(locked)).toBe('period_locked');
    } finally {
      unwrap(await bookkeeper('period.unlock', { through: null, reason: 'test over' }));
    }
    expect(core.db.raw.prepare('SELECT COUNT(*) AS n FROM documents').get()).toEqual(before);
  });
});
