import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { products } from './catalog';
import { locations, users } from './people';

/** A cash drawer session at one location: opened with a float, closed with the counted cash and a kept Z report. */
export const shifts = sqliteTable(
  'shifts',
  {
    id: integer('id').primaryKey(),
    number: integer('number').notNull(),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    openedBy: integer('opened_by')
      .notNull()
      .references(() => users.id),
    openedAt: text('opened_at').notNull(),
    /** Cash put in the drawer at opening, minor units. */
    float: integer('float').notNull(),
    closedAt: text('closed_at'),
    closedBy: integer('closed_by').references(() => users.id),
    countedCash: integer('counted_cash'),
    /** The Z report as printed at close (JSON); never changes afterwards (trigger). */
    zReport: text('z_report'),
  },
  (t) => [
    // One open shift per location at a time.
    uniqueIndex('shifts_one_open_idx')
      .on(t.locationId)
      .where(sql`closed_at IS NULL`),
    index('shifts_location_idx').on(t.locationId, t.id),
  ],
);

/** Cash put into or taken out of the drawer during a shift (not a sale): change fund, collection, petty cash. */
export const cashMoves = sqliteTable(
  'cash_moves',
  {
    id: integer('id').primaryKey(),
    uuid: text('uuid').notNull().unique(),
    requestHash: text('request_hash').notNull(),
    shiftId: integer('shift_id')
      .notNull()
      .references(() => shifts.id),
    kind: text('kind', { enum: ['in', 'out'] }).notNull(),
    amount: integer('amount').notNull(),
    reason: text('reason').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    at: text('at').notNull(),
  },
  (t) => [index('cash_moves_shift_idx').on(t.shiftId)],
);

export const customers = sqliteTable('customers', {
  id: integer('id').primaryKey(),
  /** Digits only, with a leading + when given. */
  phone: text('phone').notNull().unique(),
  name: text('name').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** An open sale kept on the server (survives a renderer crash); working data, not the ledger. */
export const carts = sqliteTable(
  'carts',
  {
    id: integer('id').primaryKey(),
    /** Who works on it (open) or who parked it (parked). */
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    status: text('status', { enum: ['open', 'parked'] }).notNull(),
    note: text('note'),
    customerId: integer('customer_id').references(() => customers.id),
    /** Receipt discount: a percent (basis points) or an amount, at most one of them. */
    discountBp: integer('discount_bp'),
    discountAmount: integer('discount_amount'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('carts_one_open_idx')
      .on(t.userId)
      .where(sql`status = 'open'`),
    index('carts_location_status_idx').on(t.locationId, t.status),
  ],
);

export const cartLines = sqliteTable(
  'cart_lines',
  {
    id: integer('id').primaryKey(),
    cartId: integer('cart_id')
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    qty: integer('qty').notNull(),
    /** The catalog price when the line was added; price differs from it after an override. */
    catalogPrice: integer('catalog_price').notNull(),
    price: integer('price').notNull(),
    /** Line discount: a percent (basis points) or an amount, at most one of them. */
    discountBp: integer('discount_bp'),
    discountAmount: integer('discount_amount'),
    /** Raw GS1 marking code (Честный знак), kept byte-exact; such a line is one item and never merged. */
    marking: text('marking'),
    /** Set for lines from a weighed-goods label: they are separate items, never merged. */
    scanCode: text('scan_code'),
  },
  (t) => [index('cart_lines_cart_idx').on(t.cartId)],
);
