/**
 * The shop's expenses: rent, wages, utilities and the rest, paid from the bank or from the drawer, each an expense
 * document posted through the ledger's engine and corrected by reversal. A separate shop with the demo's three
 * months of history checks a generated month's P&L against the raw rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { reportColumns } from '../core/contract/report-columns';
import { ledgerViolations } from '../db/queries/stock';
import { readXlsx } from './export-kit';
import { as, loose, openShift, testCore, unwrap, uuid, exportedFile } from './helpers';

const ZONE = 'Europe/Moscow';
const shopDay = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
const T = shopDay(new Date());
const day = (n: number) => new Date(Date.parse(`${T}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

let core: ReturnType<typeof testCore>;
let owner: Caller;
let bookkeeper: Caller;
let cashier: Caller;
let manager: Caller;
afterAll(() => core?.cleanup());

beforeAll(async () => {
  core = testCore();
  openShift(core);
  owner = await as(core, 'owner');
  bookkeeper = await as(core, 'bookkeeper');
  cashier = await as(core, 'cashier');
  manager = await as(core, 'manager');
  unwrap(await owner('settings.set', { timeZone: ZONE }));
  // The morning's change fund: the drawer holds 300.00.
  unwrap(await owner('shift.cash', { uuid: uuid(), kind: 'in', amount: 30_000, reason: 'change fund' }));
});

const count = (sql: string) => (core.db.raw.prepare(sql).get() as { n: number }).n;
/** Everything an expense could change: documents, payments, their categories, the audit and the drawer. */
const state = () => ({
  docs: count(`SELECT COUNT(*) AS n FROM documents`),
  payments: count(`SELECT COUNT(*) AS n FROM payments`),
  categories: count(`SELECT COUNT(*) AS n FROM expense_documents`),
  audit: count(`SELECT COUNT(*) AS n FROM audit_log WHERE action <> 'auth.denied'`),
});
const pnlLines = async (from: string, to = from) =>
  Object.fromEntries(unwrap(await bookkeeper('report.pnl', { from, to })).rows.map((r) => [r.line, r.amount as number]));
const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

describe('recording expenses', () => {
  it('pays the rent from the bank: an expense document with one bank payment, no stock, audited, in the P&L and the cash flow', async () => {
    const before = await pnlLines(day(-3));
    const r = unwrap(
      await owner('expense.post', {
        uuid: uuid(),
        category: 'rent',
        amount: 4_500_000,
        method: 'bank',
        note: 'March',
        businessDate: day(-3),
      }),
    );
    expect(r.number).toMatch(/^E-\d{6}$/);
    const doc = core.db.raw.prepare(`SELECT type, total, business_date AS day, shift_id AS shiftId FROM documents WHERE id = ?`).get(r.id);
    expect(doc).toEqual({ type: 'expense', total: 4_500_000, day: day(-3), shiftId: null });
    expect(core.db.raw.prepare(`SELECT method, amount FROM payments WHERE document_id = ?`).all(r.id)).toEqual([
      { method: 'bank', amount: 4_500_000 },
    ]);
    expect(count(`SELECT COUNT(*) AS n FROM stock_movements WHERE document_id = ${r.id}`)).toBe(0);
    expect(count(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'doc.post' AND entity = 'document' AND entity_id = ${r.id}`)).toBe(1);

    const after = await pnlLines(day(-3));
    expect(after.expenseRent).toBe(before.expenseRent! - 4_500_000);
    expect(after.expenses).toBe(before.expenses! - 4_500_000);
    expect(after.net).toBe(before.net! - 4_500_000);
    const flow = unwrap(await bookkeeper('report.cashflow', { from: day(-3), to: day(-3) })).rows[0]!;
    expect(flow).toMatchObject({ expenseBank: -4_500_000, expenseCash: 0, expenseRent: -4_500_000, netBank: -4_500_000, net: -4_500_000 });
    const list = unwrap(await bookkeeper('expense.list', { from: day(-3), to: day(-3) }));
    expect(list.rows).toMatchObject([{ id: r.id, category: 'rent', method: 'bank', amount: 4_500_000, note: 'March', status: 'posted' }]);
  });

  it('pays wages from the drawer: a cash out in the shift’s Z report, and its cancellation puts the cash back', async () => {
    const x0 = unwrap(await owner('shift.x', {}));
    const r = unwrap(await owner('expense.post', { uuid: uuid(), category: 'wages', amount: 12_000, method: 'cash' }));
    const x1 = unwrap(await owner('shift.x', {}));
    expect(x1.cashOut).toBe(x0.cashOut + 12_000);
    expect(x1.expectedCash).toBe(x0.expectedCash - 12_000);
    const flow = unwrap(await bookkeeper('report.cashflow', { from: T, to: T })).rows[0]!;
    expect(flow).toMatchObject({ expenseCash: -12_000, expenseWages: -12_000 });

    unwrap(await owner('doc.cancel', { id: r.id, uuid: uuid(), reason: 'entered twice' }));
    const x2 = unwrap(await owner('shift.x', {}));
    expect(x2.expectedCash).toBe(x0.expectedCash);
    const z = unwrap(await owner('shift.close', { countedCash: x2.expectedCash }));
    expect(z.difference).toBe(0);
    openShift(core);
    unwrap(await owner('shift.cash', { uuid: uuid(), kind: 'in', amount: 30_000, reason: 'change fund' }));
  });

  it('refuses cash the drawer does not hold, and cash with no shift open', async () => {
    const before = state();
    const more = await loose(owner)('expense.post', { uuid: uuid(), category: 'utilities', amount: 30_001, method: 'cash' });
    expect(code(more)).toBe('invalid_state');
    unwrap(await owner('shift.close', { countedCash: 30_000 }));
    const closed = await loose(owner)('expense.post', { uuid: uuid(), category: 'utilities', amount: 100, method: 'cash' });
    expect(code(closed)).toBe('invalid_state');
    expect({ ...state(), audit: before.audit }).toEqual(before);
    openShift(core);
    unwrap(await owner('shift.cash', { uuid: uuid(), kind: 'in', amount: 30_000, reason: 'change fund' }));
  });

  it('a cancelled expense leaves the P&L of its month as it was, and its reversal counts in its own month', async () => {
    const past = day(-40);
    const r = unwrap(
      await owner('expense.post', { uuid: uuid(), category: 'utilities', amount: 700_000, method: 'bank', businessDate: past }),
    );
    const pastBefore = await pnlLines(past);
    const todayBefore = await pnlLines(T);
    unwrap(await owner('doc.cancel', { id: r.id, uuid: uuid(), reason: 'the landlord pays it' }));
    expect(await pnlLines(past)).toEqual(pastBefore);
    const todayAfter = await pnlLines(T);
    expect(todayAfter.expenseUtilities).toBe(todayBefore.expenseUtilities! + 700_000);
    expect(todayAfter.net).toBe(todayBefore.net! + 700_000);
    const list = unwrap(await bookkeeper('expense.list', { from: past, to: T }));
    expect(list.rows.find((x) => x.id === r.id)).toMatchObject({ status: 'cancelled', amount: 700_000 });
    expect(list.rows.find((x) => x.reversalOf === r.id)).toMatchObject({ businessDate: T, category: 'utilities', amount: -700_000 });
  });

  it('the bookkeeper corrects her own entries: an expense by expense.cancel, a supplier payment by supplier.cancelPayment; each only its kind', async () => {
    const expense = unwrap(await bookkeeper('expense.post', { uuid: uuid(), category: 'utilities', amount: 5_000, method: 'bank' }));
    const supplierId = unwrap(await owner('supplier.upsert', { name: `Paid twice ${uuid().slice(0, 8)}` })).id;
    const payment = unwrap(await bookkeeper('supplier.pay', { uuid: uuid(), supplierId, amount: 7_000, method: 'bank' }));
    // The general right stays the owner's and the manager's; the cashier has neither narrow one.
    expect(code(await loose(bookkeeper)('doc.cancel', { id: expense.id, uuid: uuid(), reason: 'x' }))).toBe('forbidden');
    expect(code(await loose(cashier)('expense.cancel', { id: expense.id, uuid: uuid(), reason: 'x' }))).toBe('forbidden');
    // Each narrow method cancels its own kind only, and a refusal changes nothing.
    const before = state();
    const crossed = await loose(bookkeeper)('expense.cancel', { id: payment.id, uuid: uuid(), reason: 'x' });
    expect(crossed).toMatchObject({
      ok: false,
      error: { code: 'validation', message: expect.stringMatching(/is of kind supplier_payment, not expense/) },
    });
    expect(code(await loose(bookkeeper)('supplier.cancelPayment', { id: expense.id, uuid: uuid(), reason: 'x' }))).toBe('validation');
    expect({ ...state(), audit: before.audit }).toEqual(before);

    const owedBefore = unwrap(await bookkeeper('report.settlements', { from: T, to: T, supplierId })).rows[0]!.closing as number;
    unwrap(await bookkeeper('expense.cancel', { id: expense.id, uuid: uuid(), reason: 'entered twice' }));
    unwrap(await bookkeeper('supplier.cancelPayment', { id: payment.id, uuid: uuid(), reason: 'paid twice' }));
    const list = unwrap(await bookkeeper('expense.list', { from: T, to: T }));
    expect(list.rows.find((x) => x.id === expense.id)).toMatchObject({ status: 'cancelled' });
    const owedAfter = unwrap(await bookkeeper('report.settlements', { from: T, to: T, supplierId })).rows[0]!.closing as number;
    expect(owedAfter).toBe(owedBefore + 7_000);
    expect(ledgerViolations(core.db)).toEqual([]);
  });

  it('an expense into a locked month is refused and nothing changes', async () => {
    unwrap(await owner('period.lock', { through: day(-20) }));
    try {
      const before = state();
      const r = await loose(owner)('expense.post', { uuid: uuid(), category: 'rent', amount: 100, method: 'bank', businessDate: day(-25) });
      expect(code(r)).toBe('period_locked');
      expect(state()).toEqual(before);
    } finally {
      unwrap(await owner('period.unlock', { through: null, reason: 'test done' }));
    }
  });

  it('a cashier cannot post an expense, nor a manager (expenses are the books’: owner and bookkeeper)', async () => {
    const before = state();
    const input = { uuid: uuid(), category: 'rent', amount: 100, method: 'bank' } as const;
    expect(code(await loose(cashier)('expense.post', input))).toBe('forbidden');
    expect(code(await loose(manager)('expense.post', { ...input, uuid: uuid() }))).toBe('forbidden');
    expect(code(await loose(cashier)('expense.list', { from: T, to: T }))).toBe('forbidden');
    expect({ ...state(), audit: before.audit }).toEqual(before);
  });

  it('bad input gets a clear error and changes nothing', async () => {
    const before = state();
    const post = (over: Record<string, unknown>) =>
      loose(owner)('expense.post', { uuid: uuid(), category: 'rent', amount: 100, method: 'bank', ...over });
    expect(code(await post({ amount: -100 }))).toBe('validation');
    expect(code(await post({ amount: 0 }))).toBe('validation');
    expect(code(await post({ amount: 1.5 }))).toBe('validation');
    const other = await post({ category: 'other' });
    expect(code(other)).toBe('validation');
    expect(other.ok || other.error.message).toMatch(/note/);
    expect(code(await post({ category: 'other', note: '   ' }))).toBe('validation');
    expect(code(await post({ category: 'coffee' }))).toBe('validation');
    expect(code(await post({ method: 'card' }))).toBe('validation');
    expect(code(await post({ businessDate: day(1) }))).toBe('validation');
    // Cash from the drawer leaves it today.
    expect(code(await post({ method: 'cash', businessDate: day(-1) }))).toBe('validation');
    expect(code(await loose(bookkeeper)('expense.list', { from: T, to: day(-1) }))).toBe('validation');
    expect(state()).toEqual(before);
    // 'other' with its note is fine.
    unwrap(await owner('expense.post', { uuid: uuid(), category: 'other', amount: 2500, method: 'bank', note: 'Window cleaning' }));
    expect(ledgerViolations(core.db)).toEqual([]);
  });

  it('the same request twice posts once', async () => {
    const input = { uuid: uuid(), category: 'utilities', amount: 900, method: 'bank' } as const;
    const a = unwrap(await bookkeeper('expense.post', input));
    const b = unwrap(await bookkeeper('expense.post', input));
    expect(b).toEqual({ ...a, replayed: true });
    expect(code(await loose(bookkeeper)('expense.post', { ...input, amount: 901 }))).toBe('idempotency_conflict');
  });

  it('exports the P&L and the cash flow to Excel with the expenses, re-read by an independent reader', async () => {
    unwrap(await owner('expense.post', { uuid: uuid(), category: 'wages', amount: 250_000, method: 'bank', businessDate: day(-2) }));
    const period = { from: day(-2), to: day(-2) };
    const save = (f: { downloadId: string }) => readXlsx(exportedFile(core, f)).sheets[1]!.rows;
    const pnl = unwrap(await bookkeeper('report.pnl', period));
    const texts = { expenseWages: 'Expenses: wages', expenses: 'Expenses', net: 'Net result' };
    const rows = save(
      unwrap(
        await bookkeeper('report.export', {
          report: 'report.pnl',
          params: period,
          title: 'P&L',
          headers: { line: 'Line', amount: 'Amount' },
          texts,
        }),
      ),
    );
    const amount = (line: string) => rows.find((r) => r[0]!.v === line)![1]!.v;
    expect(amount('Expenses: wages')).toBe((pnl.rows.find((r) => r.line === 'expenseWages')!.amount as number) / 100);
    expect(amount('Expenses: wages')).toBeLessThanOrEqual(-2500);
    expect(amount('Net result')).toBe((pnl.rows.find((r) => r.line === 'net')!.amount as number) / 100);

    const flow = unwrap(await bookkeeper('report.cashflow', period));
    const f = unwrap(
      await bookkeeper('report.export', {
        report: 'report.cashflow',
        params: period,
        title: 'Cash flow',
        headers: { expenseWages: 'Wages' },
      }),
    );
    const sheet = save(f);
    const at = reportColumns('report.cashflow').findIndex((c) => c.key === 'expenseWages');
    expect(sheet[0]![at]!.v).toBe('Wages');
    expect(sheet[1]![at]).toMatchObject({ v: (flow.rows[0]!.expenseWages as number) / 100 });
    expect(sheet.at(-1)![at]!.v).toMatch(/^=SUBTOTAL\(9,/);
    expect(sheet.at(-1)![at]!.cached).toBeCloseTo((flow.totals.expenseWages as number) / 100, 6);
    expect(f.totals.net).toBe(flow.totals.net);
  });
});
