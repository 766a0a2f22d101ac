import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/*
 * Derived tables: not the ledger. Each always equals what the ledger says (db/queries/derived-check.ts proves it, in
 * the integrity check and the tests); triggers on the ledger's inserts keep them in the posting transaction
 * (db/migrations/0028_derived_totals_follow.sql), whatever writes the ledger. Reports read them instead of millions
 * of rows.
 */

/**
 * Months whose end balances are kept (stock_month_balances). A month is listed when its build starts (by the
 * writer, in chunks of products, off the sale path: db/queries/month-balances.ts); from then on every movement dated
 * in it or before corrects its rows. `builtThrough` is the last product id built; `complete` once all are.
 */
export const stockMonths = sqliteTable('stock_months', {
  /** YYYY-MM. */
  month: text('month').primaryKey(),
  builtThrough: integer('built_through').notNull().default(0),
  complete: integer('complete').notNull().default(0),
});

/**
 * Stock at the end of a listed month: the sums of the movements dated up to its last day, per product and location
 * (rows that sum to zero may be left out). Valuation as of a date starts from the nearest month end.
 */
export const stockMonthBalances = sqliteTable(
  'stock_month_balances',
  {
    month: text('month').notNull(),
    productId: integer('product_id').notNull(),
    locationId: integer('location_id').notNull(),
    /** Thousandths. */
    qty: integer('qty').notNull(),
    /** Cost value, minor units. */
    value: integer('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.productId, t.locationId] })],
);

/**
 * Sales less returns per product and business day, from the lines of every sale and return document (reversals
 * included, negative, on their own day): what the sales reports by product and category sum, as they would over the
 * lines. A return's figures are subtracted; the discount counts sales only, as the reports do.
 */
export const salesProductDays = sqliteTable(
  'sales_product_days',
  {
    productId: integer('product_id').notNull(),
    businessDate: text('business_date').notNull(),
    /** Thousandths. */
    qty: integer('qty').notNull(),
    netRevenue: integer('net_revenue').notNull(),
    discount: integer('discount').notNull(),
    cost: integer('cost').notNull(),
  },
  // Day first: a period's days are one range of the table, read in place (a walk of the products seeking each one's
  // days paid a seek for every product, ~100 ms at 200k).
  (t) => [primaryKey({ columns: [t.businessDate, t.productId] })],
);

/**
 * The same sums per product and calendar month (YYYY-MM). A period's whole months are read from here and only its
 * ragged ends from sales_product_days: 90 days of a 200k-product shop are ~40% fewer rows to group.
 */
export const salesProductMonths = sqliteTable(
  'sales_product_months',
  {
    month: text('month').notNull(),
    productId: integer('product_id').notNull(),
    /** Thousandths. */
    qty: integer('qty').notNull(),
    netRevenue: integer('net_revenue').notNull(),
    discount: integer('discount').notNull(),
    cost: integer('cost').notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.productId] })],
);
