import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const categories = sqliteTable('categories', {
  id: integer('id').primaryKey(),
  name: text('name').notNull().unique(),
});

/** Prices and costs are integer minor units; tax rate in basis points (2000 = 20 %). */
export const products = sqliteTable(
  'products',
  {
    id: integer('id').primaryKey(),
    sku: text('sku').notNull().unique(),
    name: text('name').notNull(),
    /** 'pcs' counts whole units; 'kg' and 'l' are weighed/measured in thousandths. */
    unit: text('unit', { enum: ['pcs', 'kg', 'l', 'm'] })
      .notNull()
      .default('pcs'),
    price: integer('price').notNull(),
    /** Last purchase cost per unit: the fallback when there is no stock to average over. */
    cost: integer('cost').notNull().default(0),
    taxRateBp: integer('tax_rate_bp').notNull().default(0),
    categoryId: integer('category_id').references(() => categories.id),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** Item code on scale labels (weighed goods): the 2X PPPPP WWWWW C barcode carries it. */
    plu: integer('plu').unique(),
    createdAt: text('created_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    updatedAt: text('updated_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [index('products_name_idx').on(t.name)],
);

export const barcodes = sqliteTable(
  'barcodes',
  {
    code: text('code').primaryKey(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
  },
  (t) => [index('barcodes_product_idx').on(t.productId)],
);
