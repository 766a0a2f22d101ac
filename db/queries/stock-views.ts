// Reads over the stock ledger for the back office: a product's movement history, its stock per location, transfers
// in transit, the moments stock went below zero, and what reorder starts from.
import type { Db } from '../connection';

export interface HistoryRow {
  id: number;
  documentId: number;
  docType: string;
  docNumber: string;
  locationId: number;
  locationName: string;
  qtyDelta: number;
  valueDelta: number;
  at: string;
  businessDate: string;
  authorName: string;
  reason: string | null;
}

/** A product's movements newest first, after the movement `beforeId` (keyset on movements_product_idx). */
export function productMovements(db: Db, q: { productId: number; locationId?: number; beforeId?: number; limit: number }): HistoryRow[] {
  const conds = ['m.product_id = @productId'];
  if (q.locationId !== undefined) conds.push('m.location_id = @locationId');
  if (q.beforeId !== undefined) conds.push('m.id < @beforeId');
  return db.raw
    .prepare(
      `SELECT m.id, m.document_id AS documentId, d.type AS docType, d.number AS docNumber, m.location_id AS locationId,
              l.name AS locationName, m.qty_delta AS qtyDelta, m.value_delta AS valueDelta, m.at, m.business_date AS businessDate,
              u.name AS authorName, dl.reason
       FROM stock_movements m INDEXED BY movements_product_idx
       JOIN documents d ON d.id = m.document_id
       JOIN users u ON u.id = d.author_id
       JOIN locations l ON l.id = m.location_id
       LEFT JOIN document_lines dl ON dl.id = m.line_id
       WHERE ${conds.join(' AND ')} ORDER BY m.id DESC LIMIT @limit`,
    )
    .all({ ...q, limit: q.limit }) as HistoryRow[];
}

export function countProductMovements(db: Db, q: { productId: number; locationId?: number }): number {
  const at = q.locationId !== undefined ? ' AND location_id = @locationId' : '';
  return (db.raw.prepare(`SELECT COUNT(*) AS n FROM stock_movements WHERE product_id = @productId${at}`).get(q) as { n: number }).n;
}

/** On hand now: at one location, or summed over all (transit included). */
export function onHandNow(db: Db, productId: number, locationId?: number): number {
  const at = locationId !== undefined ? ' AND location_id = @locationId' : '';
  const r = db.raw
    .prepare(`SELECT COALESCE(SUM(qty), 0) AS q FROM on_hand WHERE product_id = @productId${at}`)
    .get({ productId, locationId });
  return (r as { q: number }).q;
}

export interface LocationStockRow {
  locationId: number;
  name: string;
  kind: 'store' | 'warehouse' | 'transit';
  qty: number;
  value: number;
}

/** A product at every location the shop works at, and in transit when anything is. */
export function stockByLocation(db: Db, productId: number): LocationStockRow[] {
  return db.raw
    .prepare(
      `SELECT l.id AS locationId, l.name, l.kind, COALESCE(o.qty, 0) AS qty, COALESCE(o.value, 0) AS value
       FROM locations l LEFT JOIN on_hand o ON o.location_id = l.id AND o.product_id = ?
       WHERE (l.active = 1 AND l.kind <> 'transit') OR COALESCE(o.qty, 0) <> 0
       ORDER BY l.kind = 'transit', l.id`,
    )
    .all(productId) as LocationStockRow[];
}

/** How many products have stock (above or below zero) at a location. */
export function productsHeldAt(db: Db, locationId: number): number {
  return (db.raw.prepare('SELECT COUNT(*) AS n FROM on_hand WHERE location_id = ? AND qty <> 0').get(locationId) as { n: number }).n;
}

export interface InTransitRow {
  id: number;
  number: string;
  fromLocationId: number;
  toLocationId: number;
  postedAt: string;
  businessDate: string;
  authorName: string;
}

/** Transfers sent through transit whose goods no standing receipt has taken out yet, oldest first. */
export function transfersInTransit(db: Db): InTransitRow[] {
  return db.raw
    .prepare(
      `SELECT d.id, d.number, d.location_id AS fromLocationId, d.to_location_id AS toLocationId, d.posted_at AS postedAt,
              d.business_date AS businessDate, u.name AS authorName
       FROM documents d JOIN users u ON u.id = d.author_id
       WHERE d.type = 'transfer' AND d.status = 'posted' AND d.reversal_of IS NULL
         AND NOT EXISTS (SELECT 1 FROM documents r WHERE r.base_document_id = d.id AND r.type = 'transfer_in'
                         AND r.status = 'posted' AND r.reversal_of IS NULL)
         AND EXISTS (SELECT 1 FROM stock_movements m JOIN locations l ON l.id = m.location_id
                     WHERE m.document_id = d.id AND l.kind = 'transit')
       ORDER BY d.id`,
    )
    .all() as InTransitRow[];
}

export interface NegativeQuery {
  /** Movement id of the previous page's last row. */
  beforeId?: number;
  limit: number;
  locationId?: number;
  productId?: number;
  /** Only products still below zero there now. */
  stillNegative?: boolean;
}

export interface NegativeRow {
  id: number;
  at: string;
  businessDate: string;
  productId: number;
  sku: string;
  name: string;
  unit: string;
  locationId: number;
  locationName: string;
  qtyDelta: number;
  qtyAfter: number;
  onHandNow: number;
  documentId: number;
  docType: string;
  docNumber: string;
  authorName: string;
}

/**
 * Each moment a product's stock at a location went from zero or more to below zero, newest first, with the document
 * that did it: the movements in movements_went_negative_idx (a partial index, so a few rows of a big ledger).
 */
export function wentNegative(db: Db, q: NegativeQuery): NegativeRow[] {
  const conds = ['m.qty_after < 0', 'm.qty_after - m.qty_delta >= 0'];
  if (q.beforeId !== undefined) conds.push('m.id < @beforeId');
  if (q.locationId !== undefined) conds.push('m.location_id = @locationId');
  if (q.productId !== undefined) conds.push('m.product_id = @productId');
  if (q.stillNegative) conds.push('COALESCE(o.qty, 0) < 0');
  return db.raw
    .prepare(
      `SELECT m.id, m.at, m.business_date AS businessDate, m.product_id AS productId, p.sku, p.name, p.unit,
              m.location_id AS locationId, l.name AS locationName, m.qty_delta AS qtyDelta, m.qty_after AS qtyAfter,
              COALESCE(o.qty, 0) AS onHandNow, m.document_id AS documentId, d.type AS docType, d.number AS docNumber,
              u.name AS authorName
       FROM stock_movements m INDEXED BY movements_went_negative_idx
       JOIN products p ON p.id = m.product_id
       JOIN locations l ON l.id = m.location_id
       JOIN documents d ON d.id = m.document_id
       JOIN users u ON u.id = d.author_id
       LEFT JOIN on_hand o ON o.product_id = m.product_id AND o.location_id = m.location_id
       WHERE ${conds.join(' AND ')} ORDER BY m.id DESC LIMIT @limit`,
    )
    .all({ ...q, limit: q.limit }) as NegativeRow[];
}

export interface ReorderCandidate {
  productId: number;
  sku: string;
  name: string;
  unit: 'pcs' | 'kg' | 'l' | 'm';
  cost: number;
  minStock: number;
  maxStock: number | null;
  packQty: number | null;
  supplierId: number | null;
  supplierName: string | null;
  leadTimeDays: number | null;
  onHand: number;
  /** Sold less returned since `since` (thousandths). */
  sold: number;
}

/**
 * Active products under their minimum (on hand at one location, or everywhere with goods in transit), with their
 * main supplier and what they sold from the day `since` on (sales less returns, reversals netting out).
 */
export function reorderCandidates(db: Db, q: { since: string; locationId?: number }): ReorderCandidate[] {
  const at = q.locationId !== undefined ? ' AND o.location_id = @locationId' : '';
  return db.raw
    .prepare(
      `SELECT c.*, COALESCE((SELECT -SUM(m.qty_delta) FROM stock_movements m JOIN documents d ON d.id = m.document_id
                             WHERE m.product_id = c.productId AND m.business_date >= @since AND d.type IN ('sale', 'return')), 0) AS sold
       FROM (SELECT p.id AS productId, p.sku, p.name, p.unit, p.cost, p.min_stock AS minStock, p.max_stock AS maxStock,
                    p.pack_qty AS packQty, p.supplier_id AS supplierId, s.name AS supplierName, s.lead_time_days AS leadTimeDays,
                    COALESCE((SELECT SUM(o.qty) FROM on_hand o WHERE o.product_id = p.id${at}), 0) AS onHand
             FROM products p LEFT JOIN suppliers s ON s.id = p.supplier_id
             WHERE p.active = 1 AND p.min_stock IS NOT NULL) c
       WHERE c.onHand < c.minStock
       ORDER BY c.supplierName IS NULL, c.supplierName, c.name`,
    )
    .all(q) as ReorderCandidate[];
}
