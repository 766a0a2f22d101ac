/**
 * Reads by business date, for reports and valuation as of a date. Each one searches an index on business_date
 * (test/business-date-queries.test.ts holds them to it with EXPLAIN QUERY PLAN), never a scan of the ledger.
 */
import type { Db } from '../connection';

export interface SalesDay {
  businessDate: string;
  /** Sales and returns still posted (a cancelled one is not counted). */
  salesCount: number;
  returnsCount: number;
  /** Net of cancellations: a reversal counts, negative, on its own day. Minor units. */
  salesTotal: number;
  returnsTotal: number;
}

/** Sales and returns per business day over [from, to] (inclusive, YYYY-MM-DD). */
export function salesByDate(db: Db, from: string, to: string): SalesDay[] {
  return db.raw
    .prepare(
      `SELECT business_date AS businessDate,
              SUM(CASE WHEN type = 'sale' AND reversal_of IS NULL AND status = 'posted' THEN 1 ELSE 0 END) AS salesCount,
              SUM(CASE WHEN type = 'return' AND reversal_of IS NULL AND status = 'posted' THEN 1 ELSE 0 END) AS returnsCount,
              COALESCE(SUM(CASE WHEN type = 'sale' THEN total END), 0) AS salesTotal,
              COALESCE(SUM(CASE WHEN type = 'return' THEN total END), 0) AS returnsTotal
       FROM documents
       WHERE type IN ('sale', 'return') AND business_date BETWEEN @from AND @to
       GROUP BY business_date ORDER BY business_date`,
    )
    .all({ from, to }) as SalesDay[];
}

export interface StockAsOf {
  productId: number;
  locationId: number;
  /** Thousandths. */
  qty: number;
  /** Cost value, minor units. */
  value: number;
}

/**
 * Stock at the end of a business day, summed from the movements dated up to it: every (product, location) that
 * had a movement by then, zero rows included. Narrowed to a product and/or a location when given.
 */
export function onHandAsOf(db: Db, date: string, f: { productId?: number; locationId?: number } = {}): StockAsOf[] {
  // Named on purpose: left to itself (no ANALYZE stats) the planner walks the whole product index to skip the
  // GROUP BY sort, reading every movement ever made instead of those up to the date.
  const index = f.productId !== undefined ? 'movements_product_location_date_idx' : 'movements_business_date_idx';
  const where = ['business_date <= @date'];
  if (f.productId !== undefined) where.push('product_id = @productId');
  if (f.locationId !== undefined) where.push('location_id = @locationId');
  return db.raw
    .prepare(
      `SELECT product_id AS productId, location_id AS locationId, SUM(qty_delta) AS qty, SUM(value_delta) AS value
       FROM stock_movements INDEXED BY ${index} WHERE ${where.join(' AND ')}
       GROUP BY product_id, location_id ORDER BY product_id, location_id`,
    )
    .all({ date, ...f }) as StockAsOf[];
}
