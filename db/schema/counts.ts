import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { categories, products, suppliers } from './catalog';
import { documents } from './ledger';
import { locations, users } from './people';

export const COUNT_SCOPES = ['all', 'category', 'supplier'] as const;
export const COUNT_MODES = ['full', 'partial'] as const;
export const COUNT_STATUSES = ['open', 'posted', 'cancelled'] as const;

/**
 * A stock count in progress, outside the ledger until posted (then one `count` document carries its differences).
 * The shop keeps trading meanwhile: each line keeps the book quantity and the ledger position of the moment the item
 * was first counted, so what is sold after that moment is not counted twice.
 */
export const countSessions = sqliteTable(
  'count_sessions',
  {
    id: integer('id').primaryKey(),
    /** Client-made: the same uuid again returns that count; the posted document gets it as its own uuid. */
    uuid: text('uuid').notNull().unique(),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    scope: text('scope', { enum: COUNT_SCOPES }).notNull(),
    categoryId: integer('category_id').references(() => categories.id),
    supplierId: integer('supplier_id').references(() => suppliers.id),
    /** full: items in scope left uncounted are counted as zero at posting; partial: they are left alone. */
    mode: text('mode', { enum: COUNT_MODES }).notNull(),
    /** Expected quantities hidden from whoever lacks count.view_expected. */
    blind: integer('blind', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: COUNT_STATUSES }).notNull(),
    /** Items the count covers, taken when it starts (progress is counted of this, without a walk of the catalog per scan). */
    expectedItems: integer('expected_items').notNull(),
    note: text('note'),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    createdAt: text('created_at').notNull(),
    closedAt: text('closed_at'),
    documentId: integer('document_id').references(() => documents.id),
    /** Set when posted: lines whose count matched the book, of all lines posted (stock accuracy). */
    itemsCounted: integer('items_counted'),
    itemsMatched: integer('items_matched'),
  },
  (t) => [index('count_sessions_status_idx').on(t.status, t.id)],
);

export const countLines = sqliteTable(
  'count_lines',
  {
    id: integer('id').primaryKey(),
    sessionId: integer('session_id')
      .notNull()
      .references(() => countSessions.id),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    /** Thousandths counted so far. */
    countedQty: integer('counted_qty').notNull(),
    /** On-hand when the item was first counted (or last counted afresh with a replace). */
    bookQty: integer('book_qty').notNull(),
    /** The last stock movement id at that moment: movements after it happened after the item was counted. */
    bookPosition: integer('book_position').notNull(),
    countedBy: integer('counted_by')
      .notNull()
      .references(() => users.id),
    countedAt: text('counted_at').notNull(),
    /** Which device sent the scan (the transport's address, or a name the screen gives). */
    device: text('device').notNull(),
    updatedBy: integer('updated_by')
      .notNull()
      .references(() => users.id),
    updatedAt: text('updated_at').notNull(),
    scans: integer('scans').notNull(),
  },
  (t) => [
    uniqueIndex('count_lines_session_product_idx').on(t.sessionId, t.productId),
    index('count_lines_updated_idx').on(t.sessionId, t.updatedAt),
  ],
);
