import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { products } from './catalog';
import { customers } from './counter';
import { locations } from './people';

/**
 * Which store item (a Medusa variant, a WooCommerce product…) each of the shop's products is. Made by matching SKU or
 * barcode, never a guessed name; a store item is linked to one product at most.
 */
export const storeLinks = sqliteTable(
  'store_links',
  {
    productId: integer('product_id')
      .primaryKey()
      .references(() => products.id),
    itemId: text('item_id').notNull(),
    /** The store's stock record for the item (Medusa: the inventory item), when it keeps one apart. */
    stockItemId: text('stock_item_id'),
    matchedBy: text('matched_by', { enum: ['sku', 'barcode'] }).notNull(),
    linkedAt: text('linked_at').notNull(),
  },
  (t) => [uniqueIndex('store_links_item_idx').on(t.itemId)],
);

/**
 * Orders pulled from the store, keyed by the store's order id: an order pulled twice is the same row. `parked` orders
 * wait for the owner (an unknown item, more than can be sold); nothing of them is reserved. A reserved order may be
 * picked (`picking`: its goods scanned into the basket, `ready`: all of them there) before it is handed over
 * (`fulfilled`) or `cancelled`; the statuses are checked in core/sync/order-status.ts (SQLite keeps them as text).
 */
export const storeOrders = sqliteTable(
  'store_orders',
  {
    orderId: text('order_id').primaryKey(),
    displayId: text('display_id').notNull(),
    status: text('status', { enum: ['reserved', 'parked', 'picking', 'ready', 'fulfilled', 'cancelled'] }).notNull(),
    reason: text('reason'),
    email: text('email'),
    phone: text('phone'),
    total: integer('total').notNull(),
    /** The store's last change of the order, as it said it. */
    storeUpdatedAt: text('store_updated_at').notNull(),
    importedAt: text('imported_at').notNull(),
    /** The sale that fulfilled it. */
    saleId: integer('sale_id'),
    /** The shop's customer with the order's phone, when there is exactly one (never guessed from a name). */
    customerId: integer('customer_id').references(() => customers.id),
    /** Minor units the shopper paid in the store (authorized or captured): the sale's online tender. */
    paid: integer('paid').notNull().default(0),
  },
  (t) => [index('store_orders_status_idx').on(t.status, t.importedAt)],
);

export const storeOrderLines = sqliteTable(
  'store_order_lines',
  {
    id: integer('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => storeOrders.orderId),
    storeLineId: text('store_line_id').notNull(),
    productId: integer('product_id').references(() => products.id),
    sku: text('sku'),
    barcode: text('barcode'),
    /** Thousandths, as every quantity in Lavka. */
    qty: integer('qty').notNull(),
    price: integer('price').notNull(),
    /** Thousandths scanned into the basket while picking: a working state, not a movement (the sale moves the stock). */
    picked: integer('picked').notNull().default(0),
  },
  (t) => [uniqueIndex('store_order_lines_line_idx').on(t.orderId, t.storeLineId)],
);

/**
 * Stock promised to an online order: not a movement (nothing left the shelf yet), but it is not for sale either.
 * Available to sell = on hand − active reservations − safety stock.
 */
export const reservations = sqliteTable(
  'reservations',
  {
    id: integer('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => storeOrders.orderId),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    qty: integer('qty').notNull(),
    status: text('status', { enum: ['active', 'released', 'consumed'] }).notNull(),
    createdAt: text('created_at').notNull(),
    closedAt: text('closed_at'),
  },
  (t) => [
    index('reservations_active_idx')
      .on(t.productId, t.locationId)
      .where(sql`status = 'active'`),
    index('reservations_order_idx').on(t.orderId),
    check('reservations_qty_positive', sql`${t.qty} > 0`),
  ],
);

/** What was sent to and received from the store, kept 30 days: "why does the site show 3?". */
export const storeLog = sqliteTable(
  'store_log',
  {
    id: integer('id').primaryKey(),
    at: text('at').notNull(),
    direction: text('direction', { enum: ['out', 'in'] }).notNull(),
    kind: text('kind').notNull(),
    ok: integer('ok', { mode: 'boolean' }).notNull(),
    summary: text('summary').notNull(),
  },
  (t) => [index('store_log_at_idx').on(t.at)],
);
