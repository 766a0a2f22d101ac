/**
 * Stock as of a day (per product and location), and the stock reports over it: valuation as of a day, turnover and
 * dead stock. Every one reads the stock through stockSource (db/queries/month-balances.ts): the nearest month end or
 * on-hand, and the movements between it and the day.
 */
import type { Db } from '../../connection';
import { stockSource, type StockFilter, type StockSource } from '../month-balances';
import type { Row } from './sales';
import { daysBetween, daysIn, mulDivRound, type Period } from './shares';

interface ProductStock {
  productId: number;
  categoryId: number | null;
  category: string | null;
  price: number;
  qty: number;
  value: number;
}

export interface LocationStock {
  productId: number;
  locationId: number;
  /** Thousandths. */
  qty: number;
  /** At cost, minor units. */
  value: number;
}

/**
 * Stock per product and location at the end of a business day, of one product and/or at one location when given.
 * Only what is there: a product and location whose quantity and value are both zero is no row, whichever anchor the
 * day is read from (month ends keep no such rows, on-hand keeps them), as the stock reports below count it.
 */
export function stockByLocationAsOf(db: Db, q: { date: string } & StockFilter): LocationStock[] {
  const src = stockSource(db, q.date, { productId: q.productId, locationId: q.locationId });
  return db.raw
    .prepare(
      `SELECT product_id AS productId, location_id AS locationId, SUM(qty) AS qty, SUM(value) AS value FROM (${src.sql})
       GROUP BY product_id, location_id HAVING SUM(qty) <> 0 OR SUM(value) <> 0 ORDER BY product_id, location_id`,
    )
    .all(src.params) as LocationStock[];
}

/** Stock per product (product_id, qty, value) from a stock source's rows. */
const perProduct = (src: StockSource): string =>
  `SELECT product_id, SUM(qty) AS qty, SUM(value) AS value FROM (${src.sql}) GROUP BY product_id`;

/** Stock per product at the end of a day, from the nearest month end or on-hand (db/queries/month-balances.ts). */
function stockAsOfDay(db: Db, q: { date: string; locationId?: number }): ProductStock[] {
  const src = stockSource(db, q.date, { locationId: q.locationId });
  return db.raw
    .prepare(
      `WITH s AS (${perProduct(src)})
       SELECT s.product_id AS productId, p.category_id AS categoryId, c.name AS category, p.price, s.qty, s.value
       FROM s JOIN products p ON p.id = s.product_id LEFT JOIN categories c ON c.id = p.category_id
       WHERE s.qty <> 0 OR s.value <> 0`,
    )
    .all(src.params) as ProductStock[];
}

/**
 * Stock valuation as of a day by category: at cost (the movements' value) and at retail (today's price, as the
 * price history is not kept; per product round(qty × price ÷ 1000), half away from zero as mulDivRound). Products
 * without a category are one row with id 0. Summed in SQL: 200k products stay in the database, a few rows come out.
 */
export function valuationAsOf(db: Db, q: { date: string; locationId?: number }): Row[] {
  const src = stockSource(db, q.date, { locationId: q.locationId });
  return db.raw
    .prepare(
      `WITH s AS (${perProduct(src)}),
            r AS (SELECT COALESCE(p.category_id, 0) AS categoryId, s.value, s.qty * p.price AS x
                  FROM s JOIN products p ON p.id = s.product_id WHERE s.qty <> 0 OR s.value <> 0)
       SELECT r.categoryId, c.name AS category, COUNT(*) AS products, SUM(r.value) AS value,
              SUM(r.x / 1000 + CASE WHEN 2 * abs(r.x % 1000) >= 1000 THEN sign(r.x) ELSE 0 END) AS retail
       FROM r LEFT JOIN categories c ON c.id = r.categoryId
       GROUP BY r.categoryId ORDER BY value DESC, r.categoryId`,
    )
    .all(src.params) as Row[];
}

/**
 * Turnover and dead stock per product with stock at the end of the period or sales in it. Sold = sales − returns
 * in the period; days of stock = on hand ÷ daily sales (null when nothing sold); dead = on hand and no sale for
 * `deadDays` days up to the period's end (or never), its value the money frozen in it.
 */
export function turnover(db: Db, q: Period & { deadDays: number }): Row[] {
  const stock = new Map(stockAsOfDay(db, { date: q.to }).map((s) => [s.productId, s]));
  const sold = db.raw
    .prepare(
      `SELECT l.product_id AS productId, SUM(CASE WHEN d.type = 'sale' THEN l.qty ELSE -l.qty END) AS qty
       FROM documents d INDEXED BY documents_type_business_date_idx JOIN document_lines l ON l.document_id = d.id
       WHERE d.type IN ('sale', 'return') AND d.business_date BETWEEN @from AND @to GROUP BY l.product_id`,
    )
    .all({ from: q.from, to: q.to }) as { productId: number; qty: number }[];
  const soldBy = new Map(sold.map((s) => [s.productId, s.qty]));
  // The last day each product was sold (a sale not cancelled), over the whole history up to the period's end.
  const last = db.raw
    .prepare(
      `SELECT l.product_id AS productId, MAX(d.business_date) AS day
       FROM documents d INDEXED BY documents_type_business_date_idx JOIN document_lines l ON l.document_id = d.id
       WHERE d.type = 'sale' AND d.business_date <= @to AND d.status = 'posted' AND d.reversal_of IS NULL GROUP BY l.product_id`,
    )
    .all({ to: q.to }) as { productId: number; day: string }[];
  const lastBy = new Map(last.map((s) => [s.productId, s.day]));
  const ids = new Set<number>([...stock.keys(), ...soldBy.keys()]);
  const products = db.raw.prepare(`SELECT id, sku, name, unit FROM products WHERE id = ?`);
  const days = daysIn(q);
  const rows: Row[] = [];
  for (const id of ids) {
    const p = products.get(id) as { sku: string; name: string; unit: string };
    const onHand = stock.get(id)?.qty ?? 0;
    const value = stock.get(id)?.value ?? 0;
    const qty = soldBy.get(id) ?? 0;
    const lastSale = lastBy.get(id) ?? null;
    const idle = lastSale === null ? null : daysBetween(lastSale, q.to);
    const dead = onHand > 0 && (idle === null || idle >= q.deadDays);
    rows.push({
      productId: id,
      sku: p.sku,
      name: p.name,
      unit: p.unit,
      onHand,
      value,
      sold: qty,
      daysOfStock: qty > 0 ? mulDivRound(onHand, days, qty) : null,
      lastSale,
      idleDays: idle,
      dead: dead ? 1 : 0,
      deadValue: dead ? value : 0,
    });
  }
  return rows.sort(
    (a, b) =>
      (b.deadValue as number) - (a.deadValue as number) ||
      (b.value as number) - (a.value as number) ||
      (a.productId as number) - (b.productId as number),
  );
}
