/** The product and cart reads written as plain SQL (for the posting and scan paths' speed) return every column the schema has. */
import { getTableColumns } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { getCart, openCartOf } from '../db/queries/counter/carts';
import { getProduct, productByBarcode, productCards } from '../db/queries/products';
import { carts, products } from '../db/schema';
import { as, DEMO, testCore, unwrap } from './helpers';

const core = testCore();
afterAll(() => core.cleanup());

describe('a product as the queries read it', () => {
  it('getProduct and the list cards carry every column of the products table, as drizzle names them', () => {
    const columns = Object.keys(getTableColumns(products)).sort();
    expect(Object.keys(getProduct(core.db, 1)!).sort()).toEqual(columns);
    const card = productCards(core.db, [1])[0]!;
    expect(Object.keys(card).sort()).toEqual([...columns, 'barcodes', 'codes', 'onHand'].sort());
  });

  it('a product found by its barcode is the same row as by its id, active as a boolean', () => {
    const code = (core.db.raw.prepare('SELECT code FROM barcodes WHERE product_id = 1 LIMIT 1').get() as { code: string }).code;
    expect(productByBarcode(core.db, code)).toEqual(getProduct(core.db, 1));
    expect(productByBarcode(core.db, code)!.active).toBe(true);
    expect(productByBarcode(core.db, 'no-such-code')).toBeUndefined();
  });
});

describe('a cart as the queries read it', () => {
  it('getCart and openCartOf carry every column of the carts table, as drizzle names them', async () => {
    const cart = unwrap(await (await as(core, 'cashier'))('cart.current', {}));
    const row = getCart(core.db, cart.id)!;
    expect(Object.keys(row).sort()).toEqual(Object.keys(getTableColumns(carts)).sort());
    expect(row).toMatchObject({ id: cart.id, userId: DEMO.cashier.id, status: 'open', updatedAt: cart.updatedAt });
    expect(openCartOf(core.db, DEMO.cashier.id)).toEqual(row);
  });
});
