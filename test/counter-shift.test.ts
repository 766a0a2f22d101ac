import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { backupsDone, listBackups } from '../core/backup';
import { as, testCore, unwrap, uuid } from './helpers';

let core: ReturnType<typeof testCore>;
let cashier: Caller;
let owner: Caller;

// Each test gets its own shop: shift numbers, Z totals and the outbox are counted from an empty day.
beforeEach(async () => {
  core = testCore();
  cashier = await as(core, 'cashier');
  owner = await as(core, 'owner');
});
afterEach(async () => {
  await backupsDone(core.db);
  core.cleanup();
});

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('cash shift', () => {
  it('no sale without an open shift', async () => {
    expect(await cashier('shift.current', {})).toEqual({ ok: true, value: null });
    const r = await cashier('sale.post', {
      uuid: uuid(),
      lines: [{ productId: 1, qty: 1000 }],
      payments: [{ method: 'cash', amount: 100_000 }],
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(!r.ok && r.error.message).toMatch(/no shift is open/);
    const cart = unwrap(await cashier('cart.current', {}));
    unwrap(await cashier('cart.add', { cartId: cart.id, productId: 1 }));
    expect(await cashier('cart.pay', { cartId: cart.id, uuid: uuid(), payments: [{ method: 'cash', amount: 100_000 }] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    expect(await cashier('shift.x', {})).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    unwrap(await cashier('cart.clear', { cartId: cart.id, approval: { userId: 4, pin: '4444' } }));
  });

  it('open → sales (cart and sale.post) → return → cash in/out → close: Z totals are the sums, difference is counted − expected', async () => {
    const shift = unwrap(await cashier('shift.open', { float: 50_000 }));
    expect(shift).toMatchObject({ number: 1, float: 50_000, closedAt: null, openedByName: 'Ivan (cashier)' });
    expect(await owner('shift.open', { float: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });

    const totals = { sales: [] as number[], returns: [] as number[], cashIn: 0, cashOut: 0, cash: 0, card: 0, refundCash: 0 };
    // A cart paid in cash with change.
    let cart = unwrap(await cashier('cart.current', {}));
    cart = unwrap(await cashier('cart.add', { cartId: cart.id, productId: 1, qty: 2000 }));
    cart = unwrap(await cashier('cart.add', { cartId: cart.id, productId: 2 }));
    const paid1 = unwrap(
      await cashier('cart.pay', { cartId: cart.id, uuid: uuid(), payments: [{ method: 'cash', amount: cart.total + 1234 }] }),
    );
    expect(paid1.change).toBe(1234);
    totals.sales.push(paid1.total);
    totals.cash += paid1.total;
    // A split cart.
    cart = unwrap(await cashier('cart.current', {}));
    cart = unwrap(await cashier('cart.add', { cartId: cart.id, productId: 3, qty: 3000 }));
    const paid2 = unwrap(
      await cashier('cart.pay', {
        cartId: cart.id,
        uuid: uuid(),
        payments: [
          { method: 'card', amount: 1000 },
          { method: 'cash', amount: cart.total },
        ],
      }),
    );
    expect(paid2.change).toBe(1000);
    totals.sales.push(paid2.total);
    totals.card += 1000;
    totals.cash += paid2.total - 1000;
    // Plain sale.post, by card.
    const price4 = unwrap(await cashier('catalog.get', { id: 4 })).price;
    const s3 = unwrap(
      await cashier('sale.post', { uuid: uuid(), lines: [{ productId: 4, qty: 1000 }], payments: [{ method: 'card', amount: price4 }] }),
    );
    totals.sales.push(s3.total);
    totals.card += s3.total;
    // A return by receipt, cash refund.
    const doc = unwrap(await owner('doc.get', { id: paid1.id }));
    const ret = unwrap(
      await cashier('return.post', {
        kind: 'receipt',
        uuid: uuid(),
        saleId: paid1.id,
        lines: [{ saleLineId: doc.lines[0]!.id, qty: 1000 }],
      }),
    );
    totals.returns.push(ret.total);
    totals.refundCash += ret.total;
    // Cash in and out, the first one twice (idempotent).
    const cin = { uuid: uuid(), kind: 'in' as const, amount: 20_000, reason: 'change fund' };
    unwrap(await cashier('shift.cash', cin));
    unwrap(await cashier('shift.cash', cin));
    expect(await cashier('shift.cash', { ...cin, amount: 1 })).toMatchObject({ ok: false, error: { code: 'idempotency_conflict' } });
    unwrap(await cashier('shift.cash', { uuid: uuid(), kind: 'out', amount: 30_000, reason: 'collection' }));
    expect(await cashier('shift.cash', { uuid: uuid(), kind: 'out', amount: 100_000_000, reason: 'too much' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    totals.cashIn = 20_000;
    totals.cashOut = 30_000;

    const expectedCash = 50_000 + totals.cash - totals.refundCash + totals.cashIn - totals.cashOut;
    const x = unwrap(await cashier('shift.x', {}));
    expect(x).toMatchObject({ kind: 'X', expectedCash, countedCash: null, difference: null });

    const z = unwrap(await cashier('shift.close', { countedCash: expectedCash - 500 }));
    expect(z.kind).toBe('Z');
    expect(z.sales).toEqual({ count: 3, total: sum(totals.sales) });
    expect(z.returns).toEqual({ count: 1, total: sum(totals.returns) });
    expect(z.byMethod).toEqual({
      cash: { sales: totals.cash, refunds: totals.refundCash },
      card: { sales: totals.card, refunds: 0 },
      online: { sales: 0, refunds: 0 },
    });
    expect(z.cashIn).toBe(20_000);
    expect(z.cashOut).toBe(30_000);
    expect(z.expectedCash).toBe(expectedCash);
    expect(z.countedCash).toBe(expectedCash - 500);
    expect(z.difference).toBe(-500);
    expect(z.shift.closedAt).not.toBeNull();

    // The same totals straight from the ledger rows of this shift.
    const db = core.db.raw;
    const fromLedger = db
      .prepare(`SELECT type, SUM(total) AS t FROM documents WHERE shift_id = ? GROUP BY type ORDER BY type`)
      .all(shift.id);
    expect(fromLedger).toEqual([
      { type: 'return', t: z.returns.total },
      { type: 'sale', t: z.sales.total },
    ]);
    const taxNet = db
      .prepare(
        `SELECT SUM(CASE d.type WHEN 'sale' THEN l.tax_amount ELSE -l.tax_amount END) AS t FROM document_lines l JOIN documents d ON d.id = l.document_id WHERE d.shift_id = ?`,
      )
      .get(shift.id) as { t: number };
    expect(sum(z.taxes.map((t) => t.tax))).toBe(taxNet.t);
    expect(sum(z.taxes.map((t) => t.amount))).toBe(z.sales.total - z.returns.total);

    // Kept: the stored Z is returned later, cannot be changed, and was queued for printing with the close.
    expect(unwrap(await owner('shift.report', { id: shift.id }))).toEqual(z);
    expect(() => db.prepare(`UPDATE shifts SET counted_cash = 0 WHERE id = ?`).run(shift.id)).toThrow(/shift_closed/);
    const jobs = db.prepare(`SELECT payload FROM outbox WHERE topic = 'report.print'`).all() as { payload: string }[];
    expect(jobs.map((j) => JSON.parse(j.payload))).toEqual([{ shiftId: shift.id, kind: 'Z' }]);
    const receipts = db.prepare(`SELECT payload FROM outbox WHERE topic = 'receipt.print'`).all() as { payload: string }[];
    expect(receipts.map((j) => JSON.parse(j.payload).docId)).toEqual([paid1.id, paid2.id, ret.id]);
    const audit = db.prepare(`SELECT action FROM audit_log WHERE action LIKE 'shift.%' ORDER BY id`).all() as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['shift.open', 'shift.cash', 'shift.cash', 'shift.close']);

    // A shift backup is taken after the close.
    await backupsDone(core.db);
    const backups = listBackups(core.backupDir).filter((b) => b.reason === 'shift');
    expect(backups).toHaveLength(1);
    expect(existsSync(backups[0]!.file)).toBe(true);

    // Closed: no more sales until the next shift, which gets the next number.
    expect(
      await cashier('sale.post', { uuid: uuid(), lines: [{ productId: 1, qty: 1000 }], payments: [{ method: 'cash', amount: 100_000 }] }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(unwrap(await cashier('shift.open', { float: 0 })).number).toBe(2);
    expect(unwrap(await owner('shift.list', {})).map((s) => s.number)).toEqual([2, 1]);
  });

  it('a sale cancelled in its own shift nets to nothing in the X report', async () => {
    const s = unwrap(await cashier('shift.open', { float: 0 }));
    const sale = unwrap(
      await cashier('sale.post', { uuid: uuid(), lines: [{ productId: 5, qty: 1000 }], payments: [{ method: 'cash', amount: 1_000_000 }] }),
    );
    unwrap(await owner('doc.cancel', { id: sale.id, uuid: uuid(), reason: 'wrong item' }));
    const x = unwrap(await cashier('shift.x', {}));
    expect(x.shift.id).toBe(s.id);
    expect(x.sales).toEqual({ count: 0, total: 0 });
    expect(x.byMethod.cash.sales).toBe(0);
  });
});
