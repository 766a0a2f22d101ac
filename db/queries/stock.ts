import { desc, eq } from 'drizzle-orm';
import type { Db } from '../connection';
import { perConnection } from '../prepared';
import { documents, stockMovements } from '../schema';

export type MovementRow = {
  documentId: number;
  lineId: number | null;
  productId: number;
  locationId: number;
  qtyDelta: number;
  valueDelta: number;
  at: string;
  businessDate: string;
};
/** A movement as written: with the on-hand it leaves at its product and location. */
export type NewMovement = MovementRow & { qtyAfter: number };

// Plain statements on the posting path (see db/queries/documents.ts).
const stmts = perConnection((db) => ({
  get: db.raw.prepare<[number, number], { qty: number; value: number }>(
    'SELECT qty, value FROM on_hand WHERE product_id = ? AND location_id = ?',
  ),
  insertMovement: db.raw.prepare<[number, number | null, number, number, number, number, string, string, number]>(
    `INSERT INTO stock_movements (document_id, line_id, product_id, location_id, qty_delta, value_delta, at, business_date, qty_after)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  upsertOnHand: db.raw.prepare<[number, number, number, number]>(
    `INSERT INTO on_hand (product_id, location_id, qty, value) VALUES (?, ?, ?, ?)
     ON CONFLICT (product_id, location_id) DO UPDATE SET qty = qty + excluded.qty, value = value + excluded.value`,
  ),
}));

export function getOnHand(db: Db, productId: number, locationId: number): { qty: number; value: number } {
  return stmts(db).get.get(productId, locationId) ?? { qty: 0, value: 0 };
}

/** Appends one movement and moves on-hand by the same deltas; call inside the posting transaction. */
export function appendMovement(db: Db, m: NewMovement): void {
  const s = stmts(db);
  s.insertMovement.run(m.documentId, m.lineId, m.productId, m.locationId, m.qtyDelta, m.valueDelta, m.at, m.businessDate, m.qtyAfter);
  s.upsertOnHand.run(m.productId, m.locationId, m.qtyDelta, m.valueDelta);
}

export function movementsOfDocument(db: Db, documentId: number): MovementRow[] {
  return db.orm
    .select({
      documentId: stockMovements.documentId,
      lineId: stockMovements.lineId,
      productId: stockMovements.productId,
      locationId: stockMovements.locationId,
      qtyDelta: stockMovements.qtyDelta,
      valueDelta: stockMovements.valueDelta,
      at: stockMovements.at,
      businessDate: stockMovements.businessDate,
    })
    .from(stockMovements)
    .where(eq(stockMovements.documentId, documentId))
    .orderBy(stockMovements.id)
    .all();
}

export function listMovements(db: Db, productId: number, limit: number) {
  return db.orm
    .select({
      id: stockMovements.id,
      documentId: stockMovements.documentId,
      docType: documents.type,
      docNumber: documents.number,
      locationId: stockMovements.locationId,
      qtyDelta: stockMovements.qtyDelta,
      valueDelta: stockMovements.valueDelta,
      at: stockMovements.at,
      businessDate: stockMovements.businessDate,
    })
    .from(stockMovements)
    .innerJoin(documents, eq(documents.id, stockMovements.documentId))
    .where(eq(stockMovements.productId, productId))
    .orderBy(desc(stockMovements.id))
    .limit(limit)
    .all();
}

export interface InvariantViolation {
  productId: number;
  locationId: number;
  onHandQty: number;
  movedQty: number;
  onHandValue: number;
  movedValue: number;
}

/**
 * Rows where on-hand differs from the sum of movements (both directions). Empty means the ledger holds. Two indexed
 * walks, not a FULL OUTER JOIN: that joins the grouped movements with no index and is a nested loop (hours at 200k
 * products); here each grouped row finds its on-hand row by primary key, and each on-hand row its movements by index.
 */
export function ledgerViolations(db: Db): InvariantViolation[] {
  return db.raw
    .prepare(
      `SELECT m.product_id AS productId, m.location_id AS locationId, COALESCE(o.qty, 0) AS onHandQty, m.q AS movedQty,
              COALESCE(o.value, 0) AS onHandValue, m.v AS movedValue
       FROM (SELECT product_id, location_id, SUM(qty_delta) AS q, SUM(value_delta) AS v
             FROM stock_movements GROUP BY product_id, location_id) m
       LEFT JOIN on_hand o ON o.product_id = m.product_id AND o.location_id = m.location_id
       WHERE COALESCE(o.qty, 0) <> m.q OR COALESCE(o.value, 0) <> m.v
       UNION ALL
       SELECT o.product_id, o.location_id, o.qty, 0, o.value, 0 FROM on_hand o
       WHERE (o.qty <> 0 OR o.value <> 0)
         AND NOT EXISTS (SELECT 1 FROM stock_movements s WHERE s.product_id = o.product_id AND s.location_id = o.location_id)`,
    )
    .all() as InvariantViolation[];
}
