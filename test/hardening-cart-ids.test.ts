/**
 * A cart id is never handed out twice: paid carts are deleted, and the audit rows that name a cart (voids, price
 * overrides, discounts) must not mix two sales.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { as, openShift, testCore, unwrap, uuid } from './helpers';

let core: ReturnType<typeof testCore>;
let cashier: Caller;

beforeAll(async () => {
  core = testCore();
  openShift(core);
  cashier = await as(core, 'cashier');
});
afterAll(() => core.cleanup());

const seen = new Set<number>();
/** The cashier's cart: one milk, paid; returns the id it had. */
async function sellOne(): Promise<number> {
  const cart = unwrap(await cashier('cart.current', {}));
  expect(seen.has(cart.id), `cart id ${cart.id} handed out again`).toBe(false);
  seen.add(cart.id);
  unwrap(await cashier('cart.add', { cartId: cart.id, productId: 1 }));
  unwrap(await cashier('cart.pay', { cartId: cart.id, uuid: uuid(), payments: [{ method: 'cash', amount: 10 ** 6 }] }));
  return cart.id;
}

describe('cart ids', () => {
  it('after a cart is paid (and deleted, the newest one), the next cart gets an id never seen before', async () => {
    const first = await sellOne();
    // Paying deletes the cart: its id is the highest a plain rowid would hand out again.
    expect(core.db.raw.prepare('SELECT count(*) AS n FROM carts WHERE id >= ?').get(first)).toEqual({ n: 0 });
    const second = await sellOne();
    expect(second).toBeGreaterThan(first);
    expect(await sellOne()).toBeGreaterThan(second);
  });

  it('a database from before the sequence starts above the carts it has', async () => {
    const owner = await as(core, 'owner');
    const parked = unwrap(await owner('cart.current', {}));
    unwrap(await owner('cart.add', { cartId: parked.id, productId: 2 }));
    unwrap(await owner('cart.park', { cartId: parked.id }));
    core.db.raw.prepare(`DELETE FROM sequences WHERE name = 'cart'`).run();
    const next = unwrap(await cashier('cart.current', {}));
    expect(next.id).toBe(parked.id + 1);
    expect(seen.has(next.id)).toBe(false);
  });
});
