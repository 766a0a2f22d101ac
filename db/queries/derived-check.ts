/**
 * The derived tables against the ledger they are derived from (db/schema/derived.ts): every difference, as the
 * integrity check lists on-hand against the movements (stock.ts ledgerViolations). It must always be empty.
 * Each check is one difference set (the ledger's sums minus the table's rows, grouped; what is not zero differs),
 * reading every movement and sale line once.
 */
import type { Db } from '../connection';
import { listedMonths, monthEnd } from './month-balances';

export interface DerivedViolation {
  table: 'stock_month_balances' | 'sales_product_days' | 'sales_product_months';
  /** Month or business day. */
  at: string;
  productId: number;
  locationId: number | null;
  /** The ledger's figures less the table's (thousandths for qty, minor units for the rest). */
  diff: Record<string, number>;
}

/**
 * Month ends, month by month: a month's rows equal the month before plus the month's movements (the first listed
 * month: every movement up to its end). A month still being built is checked for the products built so far.
 */
function monthViolations(db: Db): DerivedViolation[] {
  const out: DerivedViolation[] = [];
  let prev: string | null = null;
  const diff = db.raw.prepare(
    `SELECT product_id AS productId, location_id AS locationId, SUM(q) AS qty, SUM(v) AS value FROM (
       SELECT product_id, location_id, qty AS q, value AS v FROM stock_month_balances WHERE month = @prev AND product_id <= @through
       UNION ALL
       SELECT product_id, location_id, qty_delta, value_delta FROM stock_movements INDEXED BY movements_business_date_idx
       WHERE business_date > @from AND business_date <= @to AND product_id <= @through
       UNION ALL
       SELECT product_id, location_id, -qty, -value FROM stock_month_balances WHERE month = @month AND product_id <= @through)
     GROUP BY product_id, location_id HAVING SUM(q) <> 0 OR SUM(v) <> 0`,
  );
  for (const m of listedMonths(db)) {
    const through = m.complete ? Number.MAX_SAFE_INTEGER : m.builtThrough;
    const rows = diff.all({ prev: prev ?? '', month: m.month, from: prev ? monthEnd(prev) : '', to: monthEnd(m.month), through }) as {
      productId: number;
      locationId: number;
      qty: number;
      value: number;
    }[];
    for (const r of rows)
      out.push({
        table: 'stock_month_balances',
        at: m.month,
        productId: r.productId,
        locationId: r.locationId,
        diff: { qty: r.qty, value: r.value },
      });
    prev = m.month;
  }
  return out;
}

const SALES = {
  sales_product_days: { line: 'd.business_date', row: 'business_date' },
  sales_product_months: { line: 'substr(d.business_date, 1, 7)', row: 'month' },
} as const;

/** Sales per product and day (or month) against the sale and return lines. */
function salesViolations(db: Db, table: keyof typeof SALES): DerivedViolation[] {
  const k = SALES[table];
  const rows = db.raw
    .prepare(
      `SELECT product_id AS productId, at, SUM(q) AS qty, SUM(n) AS netRevenue, SUM(d) AS discount, SUM(c) AS cost
       FROM (
         SELECT l.product_id, ${k.line} AS at, CASE WHEN d.type = 'sale' THEN l.qty ELSE -l.qty END AS q,
                CASE WHEN d.type = 'sale' THEN l.amount ELSE -l.amount END AS n, CASE WHEN d.type = 'sale' THEN l.discount ELSE 0 END AS d,
                CASE WHEN d.type = 'sale' THEN l.cost_amount ELSE -l.cost_amount END AS c
         FROM documents d INDEXED BY documents_type_business_date_idx JOIN document_lines l ON l.document_id = d.id
         WHERE d.type IN ('sale', 'return')
         UNION ALL
         SELECT product_id, ${k.row}, -qty, -net_revenue, -discount, -cost FROM ${table})
       GROUP BY product_id, at HAVING SUM(q) <> 0 OR SUM(n) <> 0 OR SUM(d) <> 0 OR SUM(c) <> 0`,
    )
    .all() as { productId: number; at: string; qty: number; netRevenue: number; discount: number; cost: number }[];
  return rows.map(({ productId, at, ...diff }) => ({ table, at, productId, locationId: null, diff }));
}

export function derivedViolations(db: Db): DerivedViolation[] {
  return [...monthViolations(db), ...salesViolations(db, 'sales_product_days'), ...salesViolations(db, 'sales_product_months')];
}
