import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, DEMO, openShift, testCore, unwrap, uuid } from './helpers';

let core: ReturnType<typeof testCore>;
const MANAGER = { userId: DEMO.manager.id, pin: DEMO.manager.pin };

beforeAll(() => {
  core = testCore();
  openShift(core);
});
afterAll(() => core.cleanup());

describe('loss report', () => {
  it('counts voids, discounts, overrides, returns without receipt, denied attempts and count shortages per user', async () => {
    const start = new Date().toISOString();
    const cashier = await as(core, 'cashier');
    const owner = await as(core, 'owner');
    const cart = unwrap(await cashier('cart.current', {}));
    let c = unwrap(await cashier('cart.add', { cartId: cart.id, productId: 1, qty: 2000 }));
    c = unwrap(await cashier('cart.add', { cartId: cart.id, productId: 2 }));
    const [l1, l2] = c.lines;
    // Two voids (a line, then part of another), one over-limit discount with approval, one within the limit.
    unwrap(await cashier('cart.removeLine', { cartId: cart.id, lineId: l2!.id, approval: MANAGER }));
    unwrap(await cashier('cart.setQty', { cartId: cart.id, lineId: l1!.id, qty: 1000, approval: MANAGER }));
    unwrap(await cashier('cart.discount', { cartId: cart.id, lineId: l1!.id, percentBp: 1000, approval: MANAGER }));
    const r = unwrap(await cashier('cart.discount', { cartId: cart.id, percentBp: 100 }));
    unwrap(await cashier('cart.setPrice', { cartId: cart.id, lineId: l1!.id, price: l1!.price - 10, approval: MANAGER }));
    // Refused attempts: a method the cashier may not call, an approval not given, a wrong PIN.
    expect((await cashier('users.list', {})).ok).toBe(false);
    expect((await cashier('cart.removeLine', { cartId: cart.id, lineId: l1!.id })).ok).toBe(false);
    expect((await cashier('cart.removeLine', { cartId: cart.id, lineId: l1!.id, approval: { userId: 4, pin: '9999' } })).ok).toBe(false);
    // A return without a receipt.
    const price = unwrap(await cashier('catalog.get', { id: 9 })).price;
    const noReceipt = { kind: 'no_receipt' as const, uuid: uuid(), lines: [{ productId: 9, qty: 2000, price }], reason: 'no receipt' };
    expect((await cashier('return.post', noReceipt)).ok).toBe(false);
    const ret = unwrap(await cashier('return.post', { ...noReceipt, approval: MANAGER }));
    // A count that finds 2 pcs missing.
    const stock = core.db.raw.prepare('SELECT qty FROM on_hand WHERE product_id = 50 AND location_id = 1').get() as { qty: number };
    const count = unwrap(
      await owner('doc.post', { type: 'count', uuid: uuid(), locationId: 1, lines: [{ productId: 50, qty: stock.qty - 2000 }] }),
    );

    const report = unwrap(await owner('report.loss', { from: start }));
    const me = report.byUser.find((u) => u.userId === DEMO.cashier.id)!;
    const lineValue = l1!.price; // 2 pcs -> 1 pc
    expect(me).toMatchObject({ voidedLines: 2, voidedAmount: l2!.amount + lineValue, discounts: 2, priceOverrides: 1, drawerOpenings: 0 });
    expect(me.discountAmount).toBe(Math.round(l1!.price * 0.1) + Math.round((r.subtotal * 100) / 10000));
    expect(me).toMatchObject({ returnsWithoutReceipt: 1, returnsWithoutReceiptAmount: ret.total });
    expect(ret.total).toBe(price * 2);
    expect(me.deniedAttempts).toBe(4); // access.denied, approval.required, approval.refused (wrong PIN), approval.required (the return)
    expect(report.countShortages).toEqual([
      { docId: count.id, number: count.number, productId: 50, name: expect.any(String), qty: -2000, value: expect.any(Number) },
    ]);
    expect(report.countShortages[0]!.value).toBeLessThan(0);
    // Someone else's activity is theirs: the manager who approved has no voids of their own.
    expect(report.byUser.find((u) => u.userId === DEMO.manager.id)?.voidedLines ?? 0).toBe(0);
    // A period before any of it is empty.
    expect(unwrap(await owner('report.loss', { to: start })).byUser.filter((u) => u.voidedLines + u.discounts > 0)).toEqual([]);
  });
});
