import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { products } from './catalog';
import { documents } from './ledger';
import { locations, users } from './people';

/** The back-office documents a draft can become (sales and returns happen at the counter, through carts). */
export const DRAFT_TYPES = ['receipt', 'writeoff', 'transfer', 'count'] as const;
export type DraftType = (typeof DRAFT_TYPES)[number];

/**
 * A stock document being prepared (a purchase being keyed in, a count in progress). Outside the append-only ledger:
 * editable until posted. Posting writes the document through the ledger's one posting path, with the draft's uuid
 * as the document's uuid, and marks the draft posted (its lines then live in the document).
 */
export const drafts = sqliteTable(
  'drafts',
  {
    id: integer('id').primaryKey(),
    uuid: text('uuid').notNull().unique(),
    type: text('type', { enum: DRAFT_TYPES }).notNull(),
    status: text('status', { enum: ['open', 'posted', 'discarded'] }).notNull(),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    toLocationId: integer('to_location_id').references(() => locations.id),
    /** Null: the day it is posted. */
    businessDate: text('business_date'),
    note: text('note'),
    /** Kind-specific header fields (supplier, invoice number…), a JSON object of scalars. */
    extra: text('extra', { mode: 'json' }).$type<Record<string, string | number | boolean | null>>().notNull(),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    /** Set when posted. */
    documentId: integer('document_id').references(() => documents.id),
  },
  (t) => [index('drafts_status_type_idx').on(t.status, t.type, t.id)],
);

export const draftLines = sqliteTable(
  'draft_lines',
  {
    id: integer('id').primaryKey(),
    draftId: integer('draft_id')
      .notNull()
      .references(() => drafts.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    /** Thousandths; for a count, the counted quantity. Zero is allowed while keying in (posting checks). */
    qty: integer('qty').notNull(),
    /** Receipts: purchase cost per whole unit, minor units; null until keyed in. */
    unitCost: integer('unit_cost'),
  },
  (t) => [index('draft_lines_draft_idx').on(t.draftId, t.lineNo)],
);
