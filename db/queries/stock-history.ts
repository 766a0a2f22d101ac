import type { Db } from '../connection';

export interface JournalRow {
  id: number;
  at: string;
  documentId: number;
  docType: string;
  docNumber: string;
  productId: number;
  locationId: number;
  qtyDelta: number;
  valueDelta: number;
}

/**
 * The movement journal in ledger order, for exports: rows come one at a time from SQLite (a million of them
 * are never held at once). `from` inclusive, `to` exclusive, ISO times.
 */
export function movementJournal(db: Db, q: { from?: string; to?: string }): IterableIterator<JournalRow> {
  return db.raw
    .prepare(
      `SELECT m.id, m.at, m.document_id AS documentId, d.type AS docType, d.number AS docNumber, m.product_id AS productId,
              m.location_id AS locationId, m.qty_delta AS qtyDelta, m.value_delta AS valueDelta
       FROM stock_movements m JOIN documents d ON d.id = m.document_id
       WHERE m.at >= ? AND m.at < ? ORDER BY m.id`,
    )
    .iterate(q.from ?? '', q.to ?? '\uffff') as IterableIterator<JournalRow>;
}

export interface StockAsOfRow {
  productId: number;
  locationId: number;
  qty: number;
  value: number;
}

/**
 * Stock and its value per product and location as of a moment (movements before `at`): a sum over the whole ledger.
 * `+product_id` keeps SQLite off the (product, location) index: grouping in its order would fetch every movement
 * row by row id, in random order, about twice as slow on a million movements as one pass over the table and a sort.
 */
export function stockAsOf(db: Db, q: { at: string }): StockAsOfRow[] {
  return db.raw
    .prepare(
      `SELECT product_id AS productId, location_id AS locationId, SUM(qty_delta) AS qty, SUM(value_delta) AS value
       FROM stock_movements WHERE at < ? GROUP BY +product_id, +location_id ORDER BY product_id, location_id`,
    )
    .all(q.at) as StockAsOfRow[];
}
