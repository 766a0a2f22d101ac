import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { documents } from './ledger';

/** What the shop spent money on; 'other' needs the document's note to say. */
export const EXPENSE_CATEGORIES = ['rent', 'wages', 'utilities', 'other'] as const;

/**
 * An expense document's category, written with the document in its posting transaction. Append-only (triggers);
 * a reversal has no row of its own: it belongs to the category of the document it reverses.
 */
export const expenseDocuments = sqliteTable(
  'expense_documents',
  {
    documentId: integer('document_id')
      .primaryKey()
      .references(() => documents.id),
    category: text('category', { enum: EXPENSE_CATEGORIES }).notNull(),
  },
  (t) => [index('expense_documents_category_idx').on(t.category)],
);
