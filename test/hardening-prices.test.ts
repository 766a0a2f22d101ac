/**
 * No sale below the list price and no refund above it without price.override, on every method that posts a sale or
 * a return; each refusal changes nothing (but its audit row), each approved override is in the loss report. Goods
 * sold by the piece move in whole pieces on every path. A return, on any path, happens in an open cash shift.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import type { Result } from '../core/contract/api';
import { backupsDone } from '../core/backup';
import { lineAmount } from '../core/money';
import { insertLocation } from '../db/queries/people';
import { auditCount, auditSince, dumpTables } from './db-dump';
import { as, DEMO, openShift, testCore, unwrap, uuid } from './helpers';

let core: ReturnType<typeof testCore>;
let cashier: Caller;
let owner: Caller;
const MANAGER = { userId: DEMO.manager.id, pin: DEMO.manager.pin };
/** Milk, sold by the piece; bananas, by weight. */
let milk: { id: number; price: number; name: string };
let bananas: { id: number; price: number };
let backRoom: number;

beforeAll(async () => {
  core = testCore();
  backRoom = insertLocation(core.db, 'Back room', 'warehouse');
  openShift(core);
  cashier = await as(core, 'cashier');
  owner = await as(core, 'owner');
  milk = core.db.raw.prepare(`SELECT id, price, name FROM products WHERE id = 1 AND unit = 'pcs'`).get() as typeof milk;
  bananas = core.db.raw
    .prepare(`SELECT id, price FROM products WHERE unit = 'kg' AND active = 1 ORDER BY id LIMIT 1`)
    .get() as typeof bananas;
});
afterAll(async () => {
  await backupsDone(core.db);
  core.cleanup();
});

/** Everything but the audit log, where a refusal leaves its evidence on purpose. */
const state = () => dumpTables(core.db, ['audit_log']);

/** The call is refused with `code`, changes nothing, and leaves only the audit rows returned. */
async function refused(call: () => Promise<Result<unknown>>, code: string): Promise<string[]> {
  const before = state();
  const mark = auditCount(core.db);
  const r = await call();
  expect(r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`).toMatch(new RegExp(`^${code}`));
  expect(state()).toEqual(before);
  return auditSince(core.db, mark).map((a) => a.action);
}

const lossRow = async (userId: number) => unwrap(await owner('report.loss', {})).byUser.find((u) => u.userId === userId);
const overridesOf = async (userId: number) => (await lossRow(userId))?.priceOverrides ?? 0;
const lineOf = (docId: number) =>
  core.db.raw
    .prepare('SELECT price, catalog_price AS catalogPrice, qty, amount FROM document_lines WHERE document_id = ? ORDER BY line_no')
    .all(docId);
const cash = (amount: number) => [{ method: 'cash' as const, amount }];

describe('a price off the list needs price.override on every path', () => {
  it('sale.post: ten milks at 0.10 are refused to the cashier alone; with a manager PIN they post, keep the list price and are in the loss report', async () => {
    const input = { uuid: uuid(), lines: [{ productId: milk.id, qty: 10000, price: 1 }], payments: cash(10) };
    expect(await refused(() => cashier('sale.post', input), 'forbidden')).toEqual(['approval.required']);
    // A price above the list is an override too.
    await refused(
      () =>
        cashier('sale.post', {
          ...input,
          uuid: uuid(),
          lines: [{ productId: milk.id, qty: 1000, price: milk.price + 1 }],
          payments: cash(10 ** 6),
        }),
      'forbidden',
    );

    const before = await overridesOf(DEMO.cashier.id);
    const mark = auditCount(core.db);
    const sale = unwrap(await cashier('sale.post', { ...input, approval: MANAGER }));
    expect(sale).toMatchObject({ total: 10, change: 0 });
    expect(lineOf(sale.id)).toEqual([{ price: 1, catalogPrice: milk.price, qty: 10000, amount: 10 }]);
    expect(auditSince(core.db, mark).map((a) => a.action)).toEqual(['approval.granted', 'doc.post', 'sale.price_override']);
    expect(await overridesOf(DEMO.cashier.id)).toBe(before + 1);
    // The same uuid again is the same sale: no second approval, no second override.
    const again = auditCount(core.db);
    expect(unwrap(await cashier('sale.post', input))).toMatchObject({ id: sale.id, replayed: true });
    expect(auditCount(core.db)).toBe(again);
    expect(await overridesOf(DEMO.cashier.id)).toBe(before + 1);
  });

  it('sale.post at the list price, given or not, needs no approval; the owner (price.override) overrides alone, on record', async () => {
    const plain = unwrap(
      await cashier('sale.post', {
        uuid: uuid(),
        lines: [
          { productId: milk.id, qty: 1000 },
          { productId: milk.id, qty: 1000, price: milk.price },
        ],
        payments: cash(10 ** 6),
      }),
    );
    expect(lineOf(plain.id)).toEqual([1, 2].map(() => ({ price: milk.price, catalogPrice: milk.price, qty: 1000, amount: milk.price })));
    const before = await overridesOf(DEMO.owner.id);
    const own = unwrap(
      await owner('sale.post', {
        uuid: uuid(),
        lines: [{ productId: milk.id, qty: 2000, price: milk.price - 100 }],
        payments: cash(10 ** 6),
      }),
    );
    expect(lineOf(own.id)).toEqual([{ price: milk.price - 100, catalogPrice: milk.price, qty: 2000, amount: 2 * (milk.price - 100) }]);
    expect(await overridesOf(DEMO.owner.id)).toBe(before + 1);
  });

  it('cart.setPrice then cart.pay: refused alone; approved, the sale posts the price with the list price beside it, one override in the report', async () => {
    // A cart of its own: another test may have left goods in the cashier's open cart; put it aside.
    let cart = unwrap(await cashier('cart.current', {}));
    if (cart.lines.length) {
      unwrap(await cashier('cart.park', { cartId: cart.id }));
      cart = unwrap(await cashier('cart.current', {}));
    }
    const line = unwrap(await cashier('cart.add', { cartId: cart.id, productId: milk.id, qty: 3000 })).lines[0]!;
    await refused(() => cashier('cart.setPrice', { cartId: cart.id, lineId: line.id, price: 1 }), 'forbidden');
    const before = await overridesOf(DEMO.cashier.id);
    unwrap(await cashier('cart.setPrice', { cartId: cart.id, lineId: line.id, price: 1, approval: MANAGER }));
    const sale = unwrap(await cashier('cart.pay', { cartId: cart.id, uuid: uuid(), payments: cash(3) }));
    expect(lineOf(sale.id)).toEqual([{ price: 1, catalogPrice: milk.price, qty: 3000, amount: 3 }]);
    expect(await overridesOf(DEMO.cashier.id)).toBe(before + 1);
  });

  it('return.post without a receipt above the list: needs return.no_receipt and price.override; approved, it carries the list price and is in the report', async () => {
    const input = {
      kind: 'no_receipt' as const,
      uuid: uuid(),
      lines: [{ productId: milk.id, qty: 2000, price: milk.price * 10 }],
      reason: 'no receipt',
    };
    expect(await refused(() => cashier('return.post', input), 'forbidden')).toEqual(['approval.required']);
    const before = await lossRow(DEMO.cashier.id);
    const ret = unwrap(await cashier('return.post', { ...input, approval: MANAGER }));
    expect(ret.total).toBe(2 * milk.price * 10);
    expect(lineOf(ret.id)).toEqual([{ price: milk.price * 10, catalogPrice: milk.price, qty: 2000, amount: ret.total }]);
    const after = (await lossRow(DEMO.cashier.id))!;
    expect(after.priceOverrides).toBe((before?.priceOverrides ?? 0) + 1);
    expect(after.returnsWithoutReceipt).toBe((before?.returnsWithoutReceipt ?? 0) + 1);
    const row = core.db.raw
      .prepare(`SELECT data FROM audit_log WHERE action = 'return.price_override' AND entity_id = ?`)
      .get(String(ret.id)) as { data: string };
    expect(JSON.parse(row.data)).toMatchObject({
      productId: milk.id,
      catalogPrice: milk.price,
      price: milk.price * 10,
      amount: lineAmount(milk.price * 9, 2000),
      approvedBy: DEMO.manager.id,
    });

    // A role allowed returns without a receipt, but not prices off the list, is stopped at a price above it.
    unwrap(
      await owner('roles.upsert', {
        id: 'returns-desk',
        name: 'Returns desk',
        permissions: ['sale.post', 'return.post', 'return.no_receipt'],
      }),
    );
    const desk = unwrap(await owner('users.upsert', { name: 'Desk', roleId: 'returns-desk', pin: '5555' }));
    const login = unwrap(await core.call({ session: null }, 'auth.login', { userId: desk.id, pin: '5555' })) as { token: string };
    const deskCall = core.caller({ session: core.sessions.get(login.token) });
    expect(await refused(() => deskCall('return.post', { ...input, uuid: uuid() }), 'forbidden')).toEqual(['approval.required']);
    unwrap(await deskCall('return.post', { ...input, uuid: uuid(), lines: [{ productId: milk.id, qty: 1000, price: milk.price }] }));
  });

  it('a return needs return.post whichever method posts it (the cashier’s doc.post return lands in the shift); doc.cancel is not the cashier’s', async () => {
    const sale = unwrap(await cashier('sale.post', { uuid: uuid(), lines: [{ productId: milk.id, qty: 1000 }], payments: cash(10 ** 6) }));
    const saleLineId = (core.db.raw.prepare('SELECT id FROM document_lines WHERE document_id = ?').get(sale.id) as { id: number }).id;
    const ret = unwrap(await cashier('doc.post', { type: 'return', uuid: uuid(), saleId: sale.id, lines: [{ saleLineId, qty: 1000 }] }));
    const row = core.db.raw.prepare('SELECT shift_id AS shiftId FROM documents WHERE id = ?').get(ret.id) as { shiftId: number | null };
    expect(row.shiftId).not.toBeNull();
    expect(await refused(() => cashier('doc.cancel', { id: sale.id, uuid: uuid(), reason: 'refund to my pocket' }), 'forbidden')).toEqual([
      'access.denied',
    ]);
  });
});

describe('a return only in an open shift, on every path', () => {
  it('return.post (both kinds), doc.post return and doc.cancel of a sale are refused with no shift open; posted, every return has a shift and a receipt job', async () => {
    const sale = unwrap(await owner('sale.post', { uuid: uuid(), lines: [{ productId: milk.id, qty: 3000 }], payments: cash(10 ** 6) }));
    const saleLineId = (core.db.raw.prepare('SELECT id FROM document_lines WHERE document_id = ?').get(sale.id) as { id: number }).id;
    const byReceipt = { kind: 'receipt' as const, uuid: uuid(), saleId: sale.id, lines: [{ saleLineId, qty: 1000 }] };
    const noReceipt = {
      kind: 'no_receipt' as const,
      uuid: uuid(),
      lines: [{ productId: milk.id, qty: 1000, price: milk.price }],
      reason: 'x',
    };
    const docReturn = { type: 'return' as const, uuid: uuid(), saleId: sale.id, lines: [{ saleLineId, qty: 1000 }] };
    unwrap(await owner('shift.close', { countedCash: 0 }));
    try {
      await refused(() => owner('return.post', byReceipt), 'invalid_state');
      await refused(() => owner('return.post', noReceipt), 'invalid_state');
      await refused(() => owner('doc.post', docReturn), 'invalid_state');
      await refused(() => owner('doc.cancel', { id: sale.id, uuid: uuid(), reason: 'wrong item' }), 'invalid_state');
    } finally {
      openShift(core);
    }
    const posted = [
      unwrap(await owner('return.post', byReceipt)),
      unwrap(await owner('return.post', noReceipt)),
      unwrap(await owner('doc.post', docReturn)),
    ];
    const shift = unwrap(await owner('shift.current', {}))!;
    for (const r of posted) {
      expect(unwrap(await owner('doc.get', { id: r.id })).shiftId).toBe(shift.id);
      expect(
        core.db.raw
          .prepare(`SELECT count(*) AS n FROM outbox WHERE topic = 'receipt.print' AND json_extract(payload, '$.docId') = ?`)
          .get(r.id),
      ).toEqual({ n: 1 });
    }
    expect(unwrap(await owner('shift.x', {})).returns.count).toBeGreaterThanOrEqual(3);
    expect(core.db.raw.prepare(`SELECT count(*) AS n FROM documents WHERE type IN ('sale', 'return') AND shift_id IS NULL`).get()).toEqual({
      n: 0,
    });
  });
});

describe('goods sold by the piece move in whole pieces', () => {
  it('0.001 of a milk is refused by every method that takes a quantity; bananas keep their grams', async () => {
    const one = { productId: milk.id, qty: 1 };
    const named = new RegExp(`validation: ${milk.name} is counted in whole pieces`);
    const expectWhole = async (call: () => Promise<Result<unknown>>) => {
      const before = state();
      const res = await call();
      expect(res.ok ? 'ok' : `${res.error.code}: ${res.error.message}`).toMatch(named);
      expect(state()).toEqual(before);
    };
    await expectWhole(() => cashier('sale.post', { uuid: uuid(), lines: [{ ...one, price: 0 }], payments: cash(0), approval: MANAGER }));
    await expectWhole(() => cashier('sale.post', { uuid: uuid(), lines: [one], payments: cash(10 ** 6) }));
    const cart = unwrap(await cashier('cart.current', {}));
    await expectWhole(() => cashier('cart.add', { cartId: cart.id, ...one }));
    const line = unwrap(await cashier('cart.add', { cartId: cart.id, productId: milk.id, qty: 2000 })).lines.find(
      (l) => l.productId === milk.id,
    )!;
    await expectWhole(() => cashier('cart.setQty', { cartId: cart.id, lineId: line.id, qty: 2001 }));
    unwrap(await cashier('cart.clear', { cartId: cart.id, approval: MANAGER }));
    for (const doc of [
      { type: 'receipt' as const, locationId: 1, lines: [{ ...one, unitCost: 100 }] },
      { type: 'writeoff' as const, locationId: 1, lines: [one] },
      { type: 'transfer' as const, locationId: 1, toLocationId: backRoom, lines: [one] },
      { type: 'count' as const, locationId: 1, lines: [{ productId: milk.id, qty: 10_001 }] },
    ]) {
      await expectWhole(() => owner('doc.post', { ...doc, uuid: uuid() }));
    }
    await expectWhole(() =>
      cashier('return.post', { kind: 'no_receipt', uuid: uuid(), lines: [{ ...one, price: milk.price }], reason: 'x', approval: MANAGER }),
    );
    const sale = unwrap(await owner('sale.post', { uuid: uuid(), lines: [{ productId: milk.id, qty: 2000 }], payments: cash(10 ** 6) }));
    const saleLineId = (core.db.raw.prepare('SELECT id FROM document_lines WHERE document_id = ?').get(sale.id) as { id: number }).id;
    await expectWhole(() => cashier('return.post', { kind: 'receipt', uuid: uuid(), saleId: sale.id, lines: [{ saleLineId, qty: 1 }] }));
    await expectWhole(() => owner('doc.post', { type: 'return', uuid: uuid(), saleId: sale.id, lines: [{ saleLineId, qty: 1500 }] }));
    // Weighed goods: thousandths of a kg on every path.
    const w = unwrap(await cashier('sale.post', { uuid: uuid(), lines: [{ productId: bananas.id, qty: 523 }], payments: cash(10 ** 6) }));
    expect(w.total).toBe(lineAmount(bananas.price, 523));
    unwrap(await owner('doc.post', { type: 'writeoff', uuid: uuid(), locationId: 1, lines: [{ productId: bananas.id, qty: 1 }] }));
    expect(unwrap(await cashier('cart.add', { cartId: cart.id, productId: bananas.id, qty: 523 })).lines.at(-1)).toMatchObject({
      qty: 523,
    });
  });
});
