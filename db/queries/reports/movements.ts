/**
 * The movement journal: every stock movement dated in a period, with its document, product, location and author.
 * Read by business date from an index (test/movement-journal.test.ts holds it to that with EXPLAIN QUERY PLAN), in
 * the journal's order (day, then posting order). A day's rows are sorted on their own as the index delivers the
 * days in order ("temp b-tree for right part of order by"), so an export of a million rows never sorts them all.
 */
import type { Db } from '../../connection';
import type { Row } from './sales';

export interface JournalFilter {
  from: string;
  to: string;
  locationId?: number;
  docType?: string;
  productId?: number;
}

/**
 * The index the read starts from, named: without ANALYZE statistics the planner may walk another one. One product's
 * movements are few (its (product, location, date) index); otherwise the covering business-date index.
 */
const indexFor = (f: JournalFilter) => (f.productId !== undefined ? 'movements_product_location_date_idx' : 'movements_business_date_idx');

function where(f: JournalFilter): string {
  const w = ['m.business_date BETWEEN @from AND @to'];
  if (f.productId !== undefined) w.push('m.product_id = @productId');
  if (f.locationId !== undefined) w.push('m.location_id = @locationId');
  if (f.docType !== undefined) w.push('d.type = @docType');
  return w.join(' AND ');
}

const args = (f: JournalFilter) => ({
  from: f.from,
  to: f.to,
  productId: f.productId ?? null,
  locationId: f.locationId ?? null,
  docType: f.docType ?? null,
});

// CROSS JOIN keeps the movements the outer loop: the rows come in the index's order, each document looked up by id.
const journalSql = (f: JournalFilter, limit: string) =>
  `SELECT m.business_date AS businessDate, d.posted_at AS postedAt, d.type AS docType, d.number AS docNumber,
          m.document_id AS documentId, p.sku, p.name AS product, p.unit, l.name AS location, m.qty_delta AS qty,
          CASE WHEN m.qty_delta <> 0 THEN CAST(ROUND(m.value_delta * 1000.0 / m.qty_delta) AS INTEGER) END AS unitCost,
          m.value_delta AS value, u.name AS user
   FROM stock_movements m INDEXED BY ${indexFor(f)}
   CROSS JOIN documents d ON d.id = m.document_id
   CROSS JOIN products p ON p.id = m.product_id
   CROSS JOIN locations l ON l.id = m.location_id
   CROSS JOIN users u ON u.id = d.author_id
   WHERE ${where(f)}
   ORDER BY m.business_date, m.id ${limit}`;

/** The SQL of the journal's rows (for the plan test). */
export const movementJournalSql = (f: JournalFilter): string => journalSql(f, '');

/** Every row, one at a time from SQLite: an export of a million movements never holds them all. */
export function movementRows(db: Db, f: JournalFilter & { texts?: Record<string, string> }): IterableIterator<Row> {
  const rows = db.raw.prepare(journalSql(f, '')).iterate(args(f)) as IterableIterator<Row>;
  const texts = f.texts;
  if (!texts) return rows;
  // Exported, the document kind is written in the user's words.
  return (function* () {
    for (const r of rows) {
      const kind = r.docType as string;
      yield Object.hasOwn(texts, kind) ? { ...r, docType: texts[kind]! } : r;
    }
  })();
}

export interface JournalPage {
  rows: Row[];
  /** All the rows the filter matches, and their value at cost. */
  count: number;
  value: number;
}

/** The screen's part: the first `limit` rows, and the count and value of them all (read from the index alone). */
export function movementJournalPage(db: Db, f: JournalFilter & { limit: number }): JournalPage {
  const rows = db.raw.prepare(journalSql(f, 'LIMIT @limit')).all({ ...args(f), limit: f.limit }) as Row[];
  const join = f.docType !== undefined ? 'CROSS JOIN documents d ON d.id = m.document_id' : '';
  const sums = db.raw
    .prepare(
      `SELECT COUNT(*) AS count, COALESCE(SUM(m.value_delta), 0) AS value
       FROM stock_movements m INDEXED BY ${indexFor(f)} ${join} WHERE ${where(f)}`,
    )
    .get(args(f)) as { count: number; value: number };
  return { rows, ...sums };
}
