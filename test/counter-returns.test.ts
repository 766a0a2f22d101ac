import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { backupsDone } from '../core/backup';
import { ledgerViolations } from '../db/queries/stock';
import { auditCount, auditSince } from './db-dump';
import { as, DEMO, openShift, testCore, unwrap, uuid } from './helpers';

let core: ReturnType<typeof testCore>;
let cashier: Caller;
const MANAGER = { userId: DEMO.manager.id, pin: DEMO.manager.pin };
const onHand = (productId: number) =>
  core.db.raw.prepare('SELECT qty, value FROM on_hand WHERE product_id = ? AND location_id = 1').get(productId) as {
    qty: number;
    value: number;
  };

beforeAll(async () => {
  core = testCore();
  openShift(core);
  cashier = await as(core, 'cashier');
});
afterAll(async () => {
  await backupsDone(core.db);
  core.cleanup();
});

describe('returns at the counter', () => {
  it('by receipt: found by its number (any layout), never more than sold, stock back at the sale cost, refund to the card first', async () => {
    const cart = unwrap(await cashier('cart.current', {}));
    unwrap(await cashier('cart.add', { cartId: cart.id, productId: 30, qty: 3000 }));
    const c = unwrap(await cashier('cart.add', { cartId: cart.id, productId: 31 }));
    const sale = unwrap(
      await cashier('cart.pay', {
        cartId: cart.id,
        uuid: uuid(),
        payments: [
          { method: 'card', amount: 1000 },
          { method: 'cash', amount: c.total },
        ],
      }),
    );
    const digits = sale.number.slice(2);
    for (const code of [sale.number, sale.number.toLowerCase(), `Ы-${digits}`, `ы${digits}`, String(Number(digits))]) {
      expect(unwrap(await cashier('receipt.find', { code })).sale.id, code).toBe(sale.id);
    }
    expect(await cashier('receipt.find', { code: 'S-999999' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(unwrap(await cashier('receipt.search', { q: 'S-' })).map((d) => d.id)).toContain(sale.id);
    expect(unwrap(await cashier('receipt.search', { q: digits })).map((d) => d.id)).toEqual([sale.id]);

    const found = unwrap(await cashier('receipt.find', { code: sale.number }));
    const l30 = found.lines.find((l) => l.productId === 30)!;
    expect(l30).toMatchObject({ sold: 3000, returned: 0 });
    const saleCost = (core.db.raw.prepare('SELECT cost_amount AS c FROM document_lines WHERE id = ?').get(l30.saleLineId) as { c: number })
      .c;
    const before = onHand(30);
    const r1 = unwrap(
      await cashier('return.post', { kind: 'receipt', uuid: uuid(), saleId: sale.id, lines: [{ saleLineId: l30.saleLineId, qty: 2000 }] }),
    );
    expect(r1.total).toBe(Math.round((l30.amount * 2) / 3));
    expect(onHand(30)).toEqual({ qty: before.qty + 2000, value: before.value + Math.round((saleCost * 2) / 3) });
    // The card gets its 1000 back first, the rest in cash.
    expect(core.db.raw.prepare('SELECT method, amount FROM payments WHERE document_id = ? ORDER BY id').all(r1.id)).toEqual([
      { method: 'card', amount: 1000 },
      { method: 'cash', amount: r1.total - 1000 },
    ]);
    expect(unwrap(await cashier('receipt.find', { code: sale.number })).lines.find((l) => l.productId === 30)).toMatchObject({
      returned: 2000,
    });
    const over = await cashier('return.post', {
      kind: 'receipt',
      uuid: uuid(),
      saleId: sale.id,
      lines: [{ saleLineId: l30.saleLineId, qty: 1001 }],
    });
    expect(over).toMatchObject({ ok: false, error: { code: 'return_exceeds_sold' } });
    const r2 = unwrap(
      await cashier('return.post', {
        kind: 'receipt',
        uuid: uuid(),
        saleId: sale.id,
        lines: [{ saleLineId: l30.saleLineId, qty: 1000 }],
        refund: 'cash',
      }),
    );
    expect(r1.total + r2.total).toBe(l30.amount);
    expect(core.db.raw.prepare('SELECT method FROM payments WHERE document_id = ?').all(r2.id)).toEqual([{ method: 'cash' }]);
    const jobs = (core.db.raw.prepare(`SELECT payload FROM outbox WHERE topic = 'receipt.print'`).all() as { payload: string }[]).map(
      (j) => JSON.parse(j.payload).docId,
    );
    expect(jobs).toEqual(expect.arrayContaining([r1.id, r2.id]));
    expect(ledgerViolations(core.db)).toEqual([]);
  });

  it('without a receipt: needs return.no_receipt or a manager; audited; stock back at the product cost', async () => {
    const p = unwrap(await cashier('catalog.get', { id: 40 }));
    const input = {
      kind: 'no_receipt' as const,
      uuid: uuid(),
      lines: [{ productId: 40, qty: 1000, price: p.price }],
      reason: 'gift, no receipt',
    };
    const mark = auditCount(core.db);
    expect(await cashier('return.post', input)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const before = onHand(40);
    const r = unwrap(await cashier('return.post', { ...input, approval: MANAGER }));
    expect(r.total).toBe(p.price);
    expect(onHand(40)).toEqual({ qty: before.qty + 1000, value: before.value + p.cost });
    // The same uuid again: the first result, no second approval asked.
    expect(unwrap(await cashier('return.post', input))).toMatchObject({ id: r.id, replayed: true });
    expect(auditSince(core.db, mark).map((a) => a.action)).toEqual([
      'approval.required',
      'approval.granted',
      'doc.post',
      'return.no_receipt',
    ]);
    expect(
      core.db.raw.prepare('SELECT note, base_document_id AS base, shift_id AS shift FROM documents WHERE id = ?').get(r.id),
    ).toMatchObject({ note: 'gift, no receipt', base: null, shift: expect.any(Number) });
  });

  it('no return without an open shift', async () => {
    // A shop of its own: closing the shared shift would refuse the other tests' returns.
    const shop = testCore();
    try {
      openShift(shop);
      const owner = await as(shop, 'owner');
      unwrap(await owner('shift.close', { countedCash: 0 }));
      const p = unwrap(await owner('catalog.get', { id: 40 }));
      expect(
        await owner('return.post', {
          kind: 'no_receipt',
          uuid: uuid(),
          lines: [{ productId: 40, qty: 1000, price: p.price }],
          reason: 'x',
        }),
      ).toMatchObject({
        ok: false,
        error: { code: 'invalid_state' },
      });
    } finally {
      await backupsDone(shop.db);
      shop.cleanup();
    }
  });
});
