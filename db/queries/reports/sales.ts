/**
 * Money reports over sales and returns by business date. Every sale and return dated in the period counts,
 * whatever its status: a cancelled one stays in its own day and its reversal (negative) counts on the day it was
 * made, so a closed period's figures never change when a document of it is cancelled later. Returns count as
 * refunded; net revenue = gross sales − discounts − returns (tax included, as the shop sells).
 */
import type { Db } from '../../connection';
import { expenseTotals } from './expenses';
import { salesRows } from './sales-spans';
import { ratioBp, type Period } from './shares';

export type Row = Record<string, string | number | null>;

interface LineSums {
  day: string;
  type: 'sale' | 'return';
  amount: number;
  discount: number;
  tax: number;
  cost: number;
}

/** Line sums per day and kind; reads documents by (type, business_date) and their lines by document. */
function lineSums(db: Db, p: Period): LineSums[] {
  return db.raw
    .prepare(
      `SELECT d.business_date AS day, d.type, SUM(l.amount) AS amount, SUM(l.discount) AS discount, SUM(l.tax_amount) AS tax,
              SUM(l.cost_amount) AS cost
       FROM documents d INDEXED BY documents_type_business_date_idx JOIN document_lines l ON l.document_id = d.id
       WHERE d.type IN ('sale', 'return') AND d.business_date BETWEEN @from AND @to
       GROUP BY d.business_date, d.type`,
    )
    .all(p) as LineSums[];
}

function docSums(db: Db, p: Period): { day: string; receipts: number; returnDocs: number }[] {
  // A reversal takes its original's count back on its own day.
  return db.raw
    .prepare(
      `SELECT business_date AS day,
              SUM(CASE WHEN type = 'sale' THEN (CASE WHEN reversal_of IS NULL THEN 1 ELSE -1 END) ELSE 0 END) AS receipts,
              SUM(CASE WHEN type = 'return' THEN (CASE WHEN reversal_of IS NULL THEN 1 ELSE -1 END) ELSE 0 END) AS returnDocs
       FROM documents INDEXED BY documents_type_business_date_idx
       WHERE type IN ('sale', 'return') AND business_date BETWEEN @from AND @to GROUP BY business_date`,
    )
    .all(p) as { day: string; receipts: number; returnDocs: number }[];
}

function paymentSums(db: Db, p: Period): { day: string; type: string; method: string; amount: number }[] {
  return db.raw
    .prepare(
      `SELECT d.business_date AS day, d.type, pay.method, SUM(pay.amount) AS amount
       FROM documents d INDEXED BY documents_type_business_date_idx JOIN payments pay ON pay.document_id = d.id
       WHERE d.type IN ('sale', 'return') AND d.business_date BETWEEN @from AND @to
       GROUP BY d.business_date, d.type, pay.method`,
    )
    .all(p) as { day: string; type: string; method: string; amount: number }[];
}

/** Sales by day: one row per business day with any sale or return in the period. */
export function salesByDay(db: Db, p: Period): Row[] {
  type Sums = Record<
    'receipts' | 'grossSales' | 'discounts' | 'returns' | 'netRevenue' | 'tax' | 'cost' | 'margin' | 'cash' | 'card' | 'online',
    number
  >;
  const days = new Map<string, Sums & { day: string; marginPct: number | null }>();
  const day = (d: string) => {
    let r = days.get(d);
    if (!r) {
      const zero = {
        receipts: 0,
        grossSales: 0,
        discounts: 0,
        returns: 0,
        netRevenue: 0,
        tax: 0,
        cost: 0,
        margin: 0,
        cash: 0,
        card: 0,
        online: 0,
      };
      days.set(d, (r = { day: d, ...zero, marginPct: null }));
    }
    return r;
  };
  for (const s of lineSums(db, p)) {
    const r = day(s.day);
    if (s.type === 'sale') {
      r.grossSales += s.amount + s.discount;
      r.discounts += s.discount;
      r.netRevenue += s.amount;
      r.tax += s.tax;
      r.cost += s.cost;
    } else {
      r.returns += s.amount;
      r.netRevenue -= s.amount;
      r.tax -= s.tax;
      r.cost -= s.cost;
    }
  }
  for (const s of docSums(db, p)) day(s.day).receipts += s.receipts;
  for (const s of paymentSums(db, p)) {
    const r = day(s.day);
    r[s.method as 'cash' | 'card' | 'online'] += s.type === 'sale' ? s.amount : -s.amount;
  }
  for (const r of days.values()) {
    r.margin = r.netRevenue - r.cost;
    r.marginPct = ratioBp(r.margin, r.netRevenue);
  }
  return [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
}

export type ProfitBy = 'product' | 'category' | 'employee' | 'customer';

const GROUP: Record<ProfitBy, { key: string; name: string; join: string }> = {
  product: {
    key: 'l.product_id',
    name: `p.name`,
    join: 'JOIN products p ON p.id = l.product_id',
  },
  category: {
    key: 'COALESCE(p.category_id, 0)',
    name: `c.name`,
    join: 'JOIN products p ON p.id = l.product_id LEFT JOIN categories c ON c.id = p.category_id',
  },
  employee: { key: 'd.author_id', name: 'u.name', join: 'JOIN users u ON u.id = d.author_id' },
  customer: { key: 'COALESCE(d.customer_id, 0)', name: 'cu.name', join: 'LEFT JOIN customers cu ON cu.id = d.customer_id' },
};

/**
 * Revenue, cost of goods (the lines' cost, worked out from the movements when posted) and margin per product,
 * category, employee (the document's author) or customer. Quantities only by product (units differ otherwise).
 * margin = netRevenue − cost; marginPct = margin ÷ netRevenue in basis points, per row (a total's percentage is
 * worked out from the totals, never summed).
 */
export function profitBy(db: Db, q: Period & { by: ProfitBy }): Row[] {
  if (q.by === 'product' || q.by === 'category') return profitByProductDays(db, { ...q, by: q.by });
  const g = GROUP[q.by];
  const rows = db.raw
    .prepare(
      `SELECT ${g.key} AS id, ${g.name} AS name,
              SUM(CASE WHEN d.type = 'sale' THEN l.amount ELSE -l.amount END) AS netRevenue,
              SUM(CASE WHEN d.type = 'sale' THEN l.discount ELSE 0 END) AS discounts,
              SUM(CASE WHEN d.type = 'sale' THEN l.cost_amount ELSE -l.cost_amount END) AS cost,
              SUM(CASE WHEN d.type = 'sale' THEN l.amount - l.cost_amount ELSE l.cost_amount - l.amount END) AS margin
       FROM documents d INDEXED BY documents_type_business_date_idx JOIN document_lines l ON l.document_id = d.id ${g.join}
       WHERE d.type IN ('sale', 'return') AND d.business_date BETWEEN @from AND @to
       GROUP BY ${g.key} ORDER BY netRevenue DESC, id`,
    )
    .all({ from: q.from, to: q.to }) as Row[];
  return withMarginPct(rows);
}

/** Each row's margin as a share of its net revenue (basis points), worked out per row, never summed. */
function withMarginPct(rows: Row[]): Row[] {
  for (const r of rows) r.marginPct = ratioBp(r.margin as number, r.netRevenue as number);
  return rows;
}

const SUMS_COLUMNS = ['product_id', 'qty', 'net_revenue', 'discount', 'cost'] as const;

/**
 * Per product, from the period's daily and monthly sums (salesRows; the lines' trigger keeps them equal to the
 * lines): the same figures without a million lines. margin = netRevenue − cost, summed (integers: the same as
 * summing each row's margin). A product with no line in the period has no row; one whose lines net to zero keeps it.
 */
function productSums(p: Period, and = ''): { sql: string; params: Record<string, string> } {
  const src = salesRows(p, SUMS_COLUMNS, and);
  return {
    sql: `SELECT product_id AS id, SUM(qty) AS qty, SUM(net_revenue) AS netRevenue, SUM(discount) AS discounts, SUM(cost) AS cost
          FROM (${src.sql}) GROUP BY product_id`,
    params: src.params,
  };
}

/** profitBy for products and categories, from the per-product sums. */
function profitByProductDays(db: Db, q: Period & { by: 'product' | 'category' }): Row[] {
  if (q.by === 'product') return byProduct(db, q);
  const g = productSums(q);
  const rows = db.raw
    .prepare(
      `WITH g AS (${g.sql})
       SELECT COALESCE(p.category_id, 0) AS id, c.name AS name, SUM(g.netRevenue) AS netRevenue, SUM(g.discounts) AS discounts,
              SUM(g.cost) AS cost, SUM(g.netRevenue) - SUM(g.cost) AS margin
       FROM g JOIN products p ON p.id = g.id LEFT JOIN categories c ON c.id = p.category_id
       GROUP BY COALESCE(p.category_id, 0) ORDER BY netRevenue DESC, id`,
    )
    .all(g.params) as Row[];
  return withMarginPct(rows);
}

/** profitBy by product; only its first `limit` rows, or only the products of `ids`, when given. */
function byProduct(db: Db, p: Period, only: { limit?: number; ids?: number[] } = {}): Row[] {
  const { limit, ids } = only;
  const g = productSums(p, ids ? ' AND product_id IN (SELECT value FROM json_each(@ids))' : '');
  const rows = db.raw
    .prepare(
      `WITH g AS (${g.sql})
       SELECT g.id AS id, p.name AS name, p.sku AS sku, p.unit AS unit, g.qty AS qty, g.netRevenue AS netRevenue,
              g.discounts AS discounts, g.cost AS cost, g.netRevenue - g.cost AS margin
       FROM g JOIN products p ON p.id = g.id ORDER BY netRevenue DESC, id${limit === undefined ? '' : ' LIMIT @limit'}`,
    )
    .all({ ...g.params, ...(limit === undefined ? {} : { limit }), ...(ids ? { ids: JSON.stringify(ids) } : {}) }) as Row[];
  return withMarginPct(rows);
}

/** The first `limit` rows of profitBy by product, in its order (the dashboard's top products). */
export const topProducts = (db: Db, p: Period, limit: number): Row[] => byProduct(db, p, { limit });

/** The screen's part of profitBy: its first rows, how many there are, and the sums of them all. */
export interface ProfitPage {
  rows: Row[];
  count: number;
  sums: Row;
}

const PAGE_KEYS = ['qty', 'netRevenue', 'discounts', 'cost', 'margin'] as const;

/**
 * profitBy for the screen: the first `limit` rows in the report's order, the number of rows and the sums of every
 * row (the export writes them all, from profitBy). By product at 200k products the report has ~180k rows: handing
 * them all to JS costs more than summing them, so the screen gets its page, worked out in SQL, in one snapshot.
 */
export function profitByPage(db: Db, q: Period & { by: ProfitBy; limit: number }): ProfitPage {
  if (q.by !== 'product') {
    const all = profitBy(db, q);
    const sums: Row = {};
    for (const k of PAGE_KEYS) sums[k] = all.reduce((a, r) => a + ((r[k] as number | undefined) ?? 0), 0);
    return { rows: all.slice(0, q.limit), count: all.length, sums };
  }
  return db.raw.transaction(() => productPage(db, q, q.limit))();
}

/**
 * By product: the order and the count need only each product's revenue, and grouping one sum is about twice as fast
 * as grouping four (the sort carries every summed column). The totals are the plain sums of the period's rows;
 * only the page's products are summed in full.
 */
function productPage(db: Db, p: Period, limit: number): ProfitPage {
  const byRevenue = salesRows(p, ['product_id', 'net_revenue']);
  const order = db.raw
    .prepare(
      `WITH g AS MATERIALIZED (SELECT product_id AS id, SUM(net_revenue) AS netRevenue FROM (${byRevenue.sql}) GROUP BY product_id)
       SELECT * FROM (SELECT id, NULL AS count FROM g ORDER BY netRevenue DESC, id LIMIT @limit)
       UNION ALL SELECT NULL, COUNT(*) FROM g`,
    )
    .all({ ...byRevenue.params, limit }) as { id: number | null; count: number | null }[];
  const all = salesRows(p, ['qty', 'net_revenue', 'discount', 'cost']);
  const total = db.raw
    .prepare(
      `SELECT COALESCE(SUM(qty), 0) AS qty, COALESCE(SUM(net_revenue), 0) AS netRevenue, COALESCE(SUM(discount), 0) AS discounts,
              COALESCE(SUM(cost), 0) AS cost FROM (${all.sql})`,
    )
    .get(all.params) as Record<'qty' | 'netRevenue' | 'discounts' | 'cost', number>;
  // The page's products in full, in the report's order.
  const rows = byProduct(db, p, { ids: order.filter((r) => r.id !== null).map((r) => r.id!) });
  const sums: Row = { ...total, margin: total.netRevenue - total.cost };
  return { rows, count: order.find((r) => r.count !== null)!.count!, sums };
}

/** Cost of stock documents in the period: write-offs, and count differences split into shortages and surpluses. */
export function stockLosses(db: Db, p: Period): { writeoffs: number; shortages: number; surpluses: number } {
  // A count's line costs are signed (a shortage negative). A reversal flips the sign back, and still belongs to the
  // shortage (or surplus) it undoes, so shortages − surpluses is always minus the sum of the count lines' cost.
  return db.raw
    .prepare(
      `SELECT COALESCE(SUM(CASE WHEN d.type = 'writeoff' THEN l.cost_amount END), 0) AS writeoffs,
              COALESCE(SUM(CASE WHEN d.type = 'count' AND ((l.cost_amount < 0) <> (d.reversal_of IS NOT NULL)) THEN -l.cost_amount END), 0) AS shortages,
              COALESCE(SUM(CASE WHEN d.type = 'count' AND NOT ((l.cost_amount < 0) <> (d.reversal_of IS NOT NULL)) THEN l.cost_amount END), 0) AS surpluses
       FROM documents d INDEXED BY documents_type_business_date_idx JOIN document_lines l ON l.document_id = d.id
       WHERE d.type IN ('writeoff', 'count') AND d.business_date BETWEEN @from AND @to`,
    )
    .get(p) as { writeoffs: number; shortages: number; surpluses: number };
}

/**
 * Profit and loss for a period, one row per line (in this order): netRevenue is the sales report's net revenue,
 * cost its cost of goods. net = netRevenue − cost − writeoffs − shortages + surpluses − expenses (each category's
 * line, then their total).
 */
export function profitAndLoss(db: Db, p: Period): Row[] {
  const t = { grossSales: 0, discounts: 0, returns: 0, netRevenue: 0, tax: 0, cost: 0 };
  for (const d of salesByDay(db, p)) for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += d[k] as number;
  const losses = stockLosses(db, p);
  const spent = expenseTotals(db, p);
  const grossMargin = t.netRevenue - t.cost;
  const net = grossMargin - losses.writeoffs - losses.shortages + losses.surpluses - spent.total;
  const lines: [string, number][] = [
    ['grossSales', t.grossSales],
    ['discounts', -t.discounts],
    ['returns', -t.returns],
    ['netRevenue', t.netRevenue],
    ['taxIncluded', t.tax],
    ['cost', -t.cost],
    ['grossMargin', grossMargin],
    ['writeoffs', -losses.writeoffs],
    ['shortages', -losses.shortages],
    ['surpluses', losses.surpluses],
    ['expenseRent', -spent.rent || 0],
    ['expenseWages', -spent.wages || 0],
    ['expenseUtilities', -spent.utilities || 0],
    ['expenseOther', -spent.other || 0],
    ['expenses', -spent.total || 0],
    ['net', net],
  ];
  return lines.map(([line, amount]) => ({ line, amount }));
}
