import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { products, suppliers } from './catalog';
import { documents } from './ledger';
import { locations, users } from './people';

/**
 * What the order row keeps. 'partially_received' and 'received' are never stored: they are worked out from the
 * posted receipts against the order (a cancelled receipt makes its goods due again without touching the order).
 */
export const PURCHASE_ORDER_STATES = ['draft', 'sent', 'closed', 'cancelled'] as const;

/** An order to a supplier: a document in progress, never in the ledger (only its receipts move stock). */
export const purchaseOrders = sqliteTable(
  'purchase_orders',
  {
    id: integer('id').primaryKey(),
    /** Client-made: the same uuid again is the order already made. */
    uuid: text('uuid').notNull().unique(),
    number: text('number').notNull().unique(),
    supplierId: integer('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    /** Where the goods are to arrive; receipts against the order post there. */
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    /** YYYY-MM-DD, the supplier's promised day; null: not agreed. */
    expectedDate: text('expected_date'),
    note: text('note'),
    state: text('state', { enum: PURCHASE_ORDER_STATES }).notNull(),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    sentAt: text('sent_at'),
    closedAt: text('closed_at'),
  },
  (t) => [index('purchase_orders_supplier_idx').on(t.supplierId, t.id), index('purchase_orders_state_idx').on(t.state, t.id)],
);

/** Each product once per order, so what is due per line is the product's ordered less received. */
export const purchaseOrderLines = sqliteTable(
  'purchase_order_lines',
  {
    id: integer('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => purchaseOrders.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    /** Thousandths. */
    qty: integer('qty').notNull(),
    /** The agreed purchase cost per whole unit, minor units. */
    unitCost: integer('unit_cost').notNull(),
  },
  (t) => [uniqueIndex('purchase_order_lines_product_idx').on(t.orderId, t.productId)],
);

/**
 * The supplier's side of a receipt or a return to the supplier, written with the document in its posting
 * transaction (and, like the ledger, never changed): who, their invoice, and the order a receipt delivers against.
 */
export const supplierDocuments = sqliteTable(
  'supplier_documents',
  {
    documentId: integer('document_id')
      .primaryKey()
      .references(() => documents.id),
    supplierId: integer('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    invoiceNo: text('invoice_no'),
    /** YYYY-MM-DD as printed on the supplier's invoice. */
    invoiceDate: text('invoice_date'),
    purchaseOrderId: integer('purchase_order_id').references(() => purchaseOrders.id),
  },
  (t) => [index('supplier_documents_order_idx').on(t.purchaseOrderId), index('supplier_documents_supplier_idx').on(t.supplierId)],
);
