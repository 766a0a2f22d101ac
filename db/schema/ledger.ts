import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { products } from './catalog';
import { customers, shifts } from './counter';
import { locations, users } from './people';

/** A transfer sends goods into transit; its transfer_in (based on it) takes them onto the destination's shelf. */
export const DOC_TYPES = [
  'sale',
  'return',
  'receipt',
  'writeoff',
  'transfer',
  'transfer_in',
  'count',
  'supplier_return',
  'supplier_payment',
  'expense',
] as const;
/** Why goods were written off; 'other' needs the document's note to say. */
export const WRITEOFF_REASONS = ['damaged', 'expired', 'theft', 'own_use', 'other'] as const;
export type DocType = (typeof DOC_TYPES)[number];
export const PAYMENT_METHODS = ['cash', 'card', 'bank', 'online'] as const;

export const documents = sqliteTable(
  'documents',
  {
    id: integer('id').primaryKey(),
    /** Client-generated id: posting the same uuid twice returns the first result (idempotency). */
    uuid: text('uuid').notNull().unique(),
    /** sha256 of the request that created it; the same uuid with another body is refused. */
    requestHash: text('request_hash').notNull(),
    type: text('type', { enum: DOC_TYPES }).notNull(),
    number: text('number').notNull(),
    status: text('status', { enum: ['draft', 'posted', 'cancelled'] }).notNull(),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    toLocationId: integer('to_location_id').references(() => locations.id),
    /** For a return: the sale; for a reversal: the document it reverses. */
    baseDocumentId: integer('base_document_id'),
    reversalOf: integer('reversal_of'),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    total: integer('total').notNull().default(0),
    taxTotal: integer('tax_total').notNull().default(0),
    note: text('note'),
    createdAt: text('created_at').notNull(),
    /**
     * The day the document belongs to (YYYY-MM-DD in the shop's time zone): reports and valuation go by it.
     * Today for counter documents and reversals; a back-office document may be back-dated. posted_at stays the
     * real instant. The '' default exists only for ALTER TABLE; a trigger refuses inserting a row without a date.
     */
    businessDate: text('business_date').notNull().default(''),
    postedAt: text('posted_at'),
    cancelledAt: text('cancelled_at'),
    /** The cash shift a counter sale or return belongs to. */
    shiftId: integer('shift_id').references(() => shifts.id),
    customerId: integer('customer_id').references(() => customers.id),
    /** Cash rounding taken off the total (minor units), already spread over the lines' discounts. */
    rounding: integer('rounding').notNull().default(0),
  },
  (t) => [
    uniqueIndex('documents_type_number_idx').on(t.type, t.number),
    index('documents_type_posted_idx').on(t.type, t.postedAt),
    index('documents_business_date_idx').on(t.businessDate),
    index('documents_type_business_date_idx').on(t.type, t.businessDate),
    // The sales list's walks: by time and by total, then id (the tie-breaker). The type after them lets a page's
    // filter (and, by total, "posted") and an offset's skipped rows be read from the index alone.
    index('documents_posted_idx').on(t.postedAt, t.id, t.type),
    index('documents_total_idx').on(t.total, t.id, t.type, t.postedAt),
    index('documents_base_idx').on(t.baseDocumentId),
    index('documents_shift_idx').on(t.shiftId),
    index('documents_customer_idx').on(t.customerId),
  ],
);

export const documentLines = sqliteTable(
  'document_lines',
  {
    id: integer('id').primaryKey(),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    lineNo: integer('line_no').notNull(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    /** Thousandths of the product's unit. */
    qty: integer('qty').notNull(),
    /** Minor units per whole unit, tax included. */
    price: integer('price').notNull(),
    amount: integer('amount').notNull(),
    taxRateBp: integer('tax_rate_bp').notNull(),
    taxAmount: integer('tax_amount').notNull(),
    /** Cost of the goods this line moved (cost of goods sold on a sale), minor units. */
    costAmount: integer('cost_amount').notNull(),
    /** A return line points at the sale line it returns. */
    baseLineId: integer('base_line_id'),
    /** A count line keeps what was counted; qty holds the difference posted. */
    countedQty: integer('counted_qty'),
    /** Price list price when sold; differs from price after an override. */
    catalogPrice: integer('catalog_price'),
    /** Discount on the line, minor units: amount = price * qty / 1000 - discount. */
    discount: integer('discount').notNull().default(0),
    /** Raw GS1 marking code of the item sold, byte-exact. */
    marking: text('marking'),
    /** A write-off line's reason (WRITEOFF_REASONS). */
    reason: text('reason', { enum: WRITEOFF_REASONS }),
  },
  (t) => [index('lines_document_idx').on(t.documentId), index('lines_base_idx').on(t.baseLineId)],
);

export const payments = sqliteTable(
  'payments',
  {
    id: integer('id').primaryKey(),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    /**
     * bank: only a supplier payment made from the bank account (not through a drawer). online: paid to the web store
     * before the goods were handed over (never in the drawer or the card terminal).
     */
    method: text('method', { enum: PAYMENT_METHODS }).notNull(),
    amount: integer('amount').notNull(),
  },
  (t) => [index('payments_document_idx').on(t.documentId)],
);

/** Append-only: nothing ever updates or deletes a row here (triggers enforce it). */
export const stockMovements = sqliteTable(
  'stock_movements',
  {
    id: integer('id').primaryKey(),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    lineId: integer('line_id').references(() => documentLines.id),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    qtyDelta: integer('qty_delta').notNull(),
    valueDelta: integer('value_delta').notNull(),
    at: text('at').notNull(),
    /** Its document's business date, copied so valuation as of a date reads one indexed column. */
    businessDate: text('business_date').notNull().default(''),
    /** On hand at this product and location once this movement was made (posting order): the history's balance. */
    qtyAfter: integer('qty_after').notNull().default(0),
  },
  (t) => [
    index('movements_product_location_date_idx').on(t.productId, t.locationId, t.businessDate),
    // Covering: stock as of a date for every product reads this index alone (stockSource, db/queries/month-balances.ts).
    index('movements_business_date_idx').on(t.businessDate, t.productId, t.locationId, t.qtyDelta, t.valueDelta),
    index('movements_document_idx').on(t.documentId),
    // The moments stock went below zero (the negative stock report): a few rows among millions.
    index('movements_went_negative_idx')
      .on(t.id)
      .where(sql`${t.qtyAfter} < 0 AND ${t.qtyAfter} - ${t.qtyDelta} >= 0`),
    // A product's history, newest first, at every location or at one.
    index('movements_product_idx').on(t.productId, t.id),
  ],
);

/** Kept in the posting transaction; always equals the sums over stock_movements. */
export const onHand = sqliteTable(
  'on_hand',
  {
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    qty: integer('qty').notNull(),
    /** Total cost value of the stock, minor units; qty/value is the moving-average cost. */
    value: integer('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.locationId] })],
);

export const sequences = sqliteTable('sequences', {
  name: text('name').primaryKey(),
  next: integer('next').notNull(),
});
