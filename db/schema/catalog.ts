import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

/** How a computed price is rounded: to whole units, or to end in .90 / .99 of the unit. */
export const ROUNDINGS = ['none', 'whole', '90', '99'] as const;

/** A tree: a category's products are also its parent's. Names are unique shop-wide (a clerk searches by name). */
export const categories = sqliteTable(
  'categories',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull().unique(),
    parentId: integer('parent_id').references((): AnySQLiteColumn => categories.id),
    /** Retail over purchase cost, in basis points (3500 = +35 %); null: the parent's rule, or none. */
    markupBp: integer('markup_bp'),
    rounding: text('rounding', { enum: ROUNDINGS }),
    archived: integer('archived', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('categories_parent_idx').on(t.parentId)],
);

export const suppliers = sqliteTable('suppliers', {
  id: integer('id').primaryKey(),
  name: text('name').notNull().unique(),
  /** ИНН or VAT number, as the supplier's invoices print it. */
  taxId: text('tax_id'),
  phone: text('phone'),
  email: text('email'),
  contact: text('contact'),
  address: text('address'),
  /** Days after a delivery the invoice is due; 0: on delivery. */
  paymentTermsDays: integer('payment_terms_days').notNull().default(0),
  /** Days from ordering to delivery, for reorder by sales velocity; null: the reorder request's default. */
  leadTimeDays: integer('lead_time_days'),
  note: text('note'),
  archived: integer('archived', { mode: 'boolean' }).notNull().default(false),
  createdAt: text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  updatedAt: text('updated_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
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
    /** Reorder levels in thousandths; null: not watched. */
    minStock: integer('min_stock'),
    maxStock: integer('max_stock'),
    /** The main supplier's pack, thousandths: reorder quantities are rounded up to whole packs; null: one unit. */
    packQty: integer('pack_qty'),
    /** The main supplier, who reorders go to. */
    supplierId: integer('supplier_id').references(() => suppliers.id),
    createdAt: text('created_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    updatedAt: text('updated_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [
    index('products_name_idx').on(t.name),
    index('products_category_name_idx').on(t.categoryId, t.name),
    index('products_supplier_name_idx').on(t.supplierId, t.name),
    index('products_price_idx').on(t.price),
    // The catalog list's pages (db/queries/catalog-list.ts) pick ids from these alone, without reading the products:
    // on sale or archived, optionally one category, in each sort's order (the rowid rides along in every index).
    index('products_active_name_idx').on(t.active, t.name),
    index('products_active_price_idx').on(t.active, t.price),
    index('products_active_sku_idx').on(t.active, t.sku),
    index('products_category_active_name_idx').on(t.categoryId, t.active, t.name),
    index('products_category_active_price_idx').on(t.categoryId, t.active, t.price),
    index('products_category_active_sku_idx').on(t.categoryId, t.active, t.sku),
  ],
);

/** A supplier's own code for a product (the article on their price list and invoices): how their rows are matched. */
export const supplierArticles = sqliteTable(
  'supplier_articles',
  {
    supplierId: integer('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    article: text('article').notNull(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
  },
  (t) => [primaryKey({ columns: [t.supplierId, t.article] }), index('supplier_articles_product_idx').on(t.productId)],
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

/**
 * How a supplier's price list was last read (sheet, header row, which column is which, by header text), so the next
 * list from them lands with the same columns proposed. JSON: core/pricelists ColumnMapping and the import options.
 */
export const supplierPriceListSettings = sqliteTable('supplier_pricelist_settings', {
  supplierId: integer('supplier_id')
    .primaryKey()
    .references(() => suppliers.id),
  mapping: text('mapping').notNull(),
  sheet: text('sheet'),
  headerRow: integer('header_row'),
  updatedAt: text('updated_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
});
