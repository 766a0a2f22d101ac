/** The product reads written as plain SQL (for the posting path's speed) return every column the schema has. */
import { getTableColumns } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { getProduct, productCards } from '../db/queries/products';
import { products } from '../db/schema';
import { testCore } from './helpers';

const core = testCore();
afterAll(() => core.cleanup());

describe('a product as the queries read it', () => {
  it('getProduct and the list cards carry every column of the products table, as drizzle names them', () => {
    const columns = Object.keys(getTableColumns(products)).sort();
    expect(Object.keys(getProduct(core.db, 1)!).sort()).toEqual(columns);
    const card = productCards(core.db, [1])[0]!;
    expect(Object.keys(card).sort()).toEqual([...columns, 'barcodes', 'codes', 'onHand'].sort());
  });
});
