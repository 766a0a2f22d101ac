/**
 * The bookkeeper's two big reports at the issue's scale (#12 Bench), in this thread on a read-only connection, as
 * the reader worker runs them, on bench/reports-history.ts's shop: 200k products, a year of days, over 5M movements,
 * over 1M sale lines in the last 90 days, month ends built and every derived table checked against the ledger.
 * - valuation_asof_ms: the stock valuation by category (db/queries/reports/stock.ts valuationAsOf) as of the
 *   business day that splits the movements in two, mid-month (the 15th after the middle), so that the month-end
 *   anchor is half a month away: its worst case. Its floor valuation_sum_floor_ms is one plain SQL aggregate over
 *   the same movements up to that day (SUM of value_delta through the business-date index), same run; and
 *   valuation_scan_ms is what the valuation cost before the month ends: every movement up to the day grouped by
 *   product (the movements alone, the old query), same run.
 * - report_sales_by_product_90d_ms: profit by product over the last 90 business days as the screen reads it
 *   (db/queries/reports/sales.ts profitByPage: the first 500 rows in the report's order, the count and the sums of
 *   every row), from the per-product sums (a period's whole months by month, its ends by day); report_sales_by_product_all_rows_ms: every row (profitBy, what an
 *   export writes); report_sales_by_product_lines_ms: every row summed over the lines (the old query, the detail),
 *   same run, and report_sales_floor_ms: one plain SQL aggregate over
 *   those lines (SUM of amount over the documents' lines in the period, no grouping); report_sales_rows_floor_ms:
 *   the report's number of rows of the same columns read straight from the products table (what returning ~184k
 *   rows to JS costs by itself, whatever computes them); report_sales_group_floor_ms: the same grouping of the same
 *   daily sums in the plainest SQL (GROUP BY product_id, its count and revenue total returned), the work the
 *   report cannot skip at ~184k products sold, and report_sales_by_product_group_ratio the screen's read over it.
 */
import { openReadOnly } from '../db/readonly';
import { JOURNAL_SCREEN_ROWS } from '../core/contract/report-columns';
import { profitBy, profitByPage } from '../db/queries/reports/sales';
import { addDays, ratioBp } from '../db/queries/reports/shares';
import { valuationAsOf } from '../db/queries/reports/stock';
import { stockSource } from '../db/queries/month-balances';
import { reportsHistoryDb } from './reports-history';
import { nowMs } from './util';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timed(rounds: number, f: () => unknown): number[] {
  f();
  const out: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const t = nowMs();
    f();
    out.push(nowMs() - t);
  }
  return out;
}

export async function benchReports(rounds: number, log: (s: string) => void): Promise<Record<string, number>> {
  const { file } = reportsHistoryDb(log);
  const db = openReadOnly(file);
  try {
    const one = <T>(sql: string, ...a: unknown[]) => db.raw.prepare(sql).get(...a) as T;
    const total = one<{ n: number }>('SELECT COUNT(*) AS n FROM stock_movements').n;
    const half = one<{ d: string }>(
      'SELECT business_date AS d FROM stock_movements WHERE id >= (SELECT MIN(id) + COUNT(*) / 2 FROM stock_movements) LIMIT 1',
    ).d;
    // Mid-month: half a month of movements from the nearest month end, the most a valuation reads.
    const middle = `${half.slice(0, 7)}-15`;
    const before = one<{ n: number }>('SELECT COUNT(*) AS n FROM stock_movements WHERE business_date <= ?', middle).n;
    const src = stockSource(db, middle);
    const last = one<{ d: string }>(`SELECT MAX(business_date) AS d FROM documents WHERE type = 'sale'`).d;
    const period = { from: addDays(last, -89), to: last };
    const lines = one<{ n: number }>(
      `SELECT COUNT(*) AS n FROM documents d JOIN document_lines l ON l.document_id = d.id
       WHERE d.type IN ('sale', 'return') AND d.business_date BETWEEN ? AND ?`,
      period.from,
      period.to,
    ).n;
    const products = one<{ n: number }>('SELECT COUNT(*) AS n FROM products').n;
    log(
      `reports: ${products} products, ${total} movements (${before} up to ${middle}); valuation as of ${middle} from ${src.anchor}, sales by product ${period.from}..${period.to} (${lines} lines), ${rounds} rounds…`,
    );
    const floorSql = db.raw.prepare(
      'SELECT SUM(value_delta) AS v FROM stock_movements INDEXED BY movements_business_date_idx WHERE business_date <= ?',
    );
    const scanSql = db.raw.prepare(
      `SELECT product_id, SUM(qty_delta), SUM(value_delta) FROM stock_movements INDEXED BY movements_business_date_idx
       WHERE business_date <= ? GROUP BY product_id`,
    );
    const linesSql = db.raw.prepare(
      `SELECT l.product_id AS id, p.name, p.sku, p.unit, SUM(CASE WHEN d.type = 'sale' THEN l.qty ELSE -l.qty END) AS qty,
              SUM(CASE WHEN d.type = 'sale' THEN l.amount ELSE -l.amount END) AS netRevenue,
              SUM(CASE WHEN d.type = 'sale' THEN l.discount ELSE 0 END) AS discounts,
              SUM(CASE WHEN d.type = 'sale' THEN l.cost_amount ELSE -l.cost_amount END) AS cost,
              SUM(CASE WHEN d.type = 'sale' THEN l.amount - l.cost_amount ELSE l.cost_amount - l.amount END) AS margin
       FROM documents d INDEXED BY documents_type_business_date_idx JOIN document_lines l ON l.document_id = d.id
       JOIN products p ON p.id = l.product_id
       WHERE d.type IN ('sale', 'return') AND d.business_date BETWEEN @from AND @to GROUP BY l.product_id ORDER BY netRevenue DESC, id`,
    );
    const groupFloorSql = db.raw.prepare(
      `SELECT COUNT(*), SUM(r) FROM (SELECT product_id, SUM(qty) AS q, SUM(net_revenue) AS r, SUM(discount) AS d, SUM(cost) AS c
       FROM sales_product_days WHERE business_date BETWEEN @from AND @to GROUP BY product_id)`,
    );
    const salesFloorSql = db.raw.prepare(
      `SELECT SUM(l.amount) FROM documents d INDEXED BY documents_type_business_date_idx JOIN document_lines l ON l.document_id = d.id
       WHERE d.type IN ('sale', 'return') AND d.business_date BETWEEN @from AND @to`,
    );
    // The figure's answer against the movements alone (every one up to the day, summed by category the same way).
    const fromMovements = db.raw
      .prepare(
        `WITH s AS (SELECT product_id, SUM(qty_delta) AS qty, SUM(value_delta) AS value FROM stock_movements
                    INDEXED BY movements_business_date_idx WHERE business_date <= ? GROUP BY product_id),
              r AS (SELECT COALESCE(p.category_id, 0) AS categoryId, s.value, s.qty * p.price AS x
                    FROM s JOIN products p ON p.id = s.product_id WHERE s.qty <> 0 OR s.value <> 0)
         SELECT r.categoryId, c.name AS category, COUNT(*) AS products, SUM(r.value) AS value,
                SUM(r.x / 1000 + CASE WHEN 2 * abs(r.x % 1000) >= 1000 THEN sign(r.x) ELSE 0 END) AS retail
         FROM r LEFT JOIN categories c ON c.id = r.categoryId GROUP BY r.categoryId ORDER BY value DESC, r.categoryId`,
      )
      .all(middle);
    if (JSON.stringify(valuationAsOf(db, { date: middle })) !== JSON.stringify(fromMovements))
      throw new Error(`valuation as of ${middle} from ${src.anchor} differs from the movements' sums`);
    log(`  valuation as of ${middle} equals the movements' sums (${fromMovements.length} categories)`);
    const valuation = timed(rounds, () => valuationAsOf(db, { date: middle }));
    const floor = timed(rounds, () => floorSql.get(middle));
    const scan = timed(rounds, () => scanSql.all(middle));
    const sales = timed(rounds, () => profitByPage(db, { ...period, by: 'product', limit: JOURNAL_SCREEN_ROWS }));
    const salesAll = timed(rounds, () => profitBy(db, { ...period, by: 'product' }));
    const salesLines = timed(rounds, () => linesSql.all(period));
    const salesFloor = timed(rounds, () => salesFloorSql.get(period));
    const groupFloor = timed(rounds, () => groupFloorSql.get(period));
    const report = profitBy(db, { ...period, by: 'product' });
    const detail = (linesSql.all(period) as Record<string, number>[]).map((r) => ({ ...r, marginPct: ratioBp(r.margin!, r.netRevenue!) }));
    if (JSON.stringify(report) !== JSON.stringify(detail)) throw new Error('sales by product from the daily sums differs from the lines');
    const rows = report.length;
    const page = profitByPage(db, { ...period, by: 'product', limit: JOURNAL_SCREEN_ROWS });
    if (JSON.stringify(page.rows) !== JSON.stringify(report.slice(0, JOURNAL_SCREEN_ROWS)) || page.count !== rows)
      throw new Error("the screen's page of sales by product is not the report's first rows");
    const rowsFloorSql = db.raw.prepare(
      'SELECT id, name, sku, unit, price AS qty, cost AS netRevenue, price AS discounts, cost, price AS margin FROM products LIMIT ?',
    );
    const rowsFloor = timed(rounds, () => rowsFloorSql.all(rows));
    log(`  sales by product: ${rows} rows, equal to the report over the lines; the screen's page is its first ${page.rows.length}`);
    return {
      valuation_asof_ms: Math.round(median(valuation) * 10) / 10,
      valuation_sum_floor_ms: Math.round(median(floor) * 10) / 10,
      valuation_scan_ms: Math.round(median(scan) * 10) / 10,
      valuation_movements: total,
      valuation_products: products,
      report_sales_by_product_90d_ms: Math.round(median(sales) * 10) / 10,
      report_sales_by_product_all_rows_ms: Math.round(median(salesAll) * 10) / 10,
      report_sales_by_product_lines_ms: Math.round(median(salesLines) * 10) / 10,
      report_sales_floor_ms: Math.round(median(salesFloor) * 10) / 10,
      report_sales_group_floor_ms: Math.round(median(groupFloor) * 10) / 10,
      report_sales_by_product_group_ratio: Math.round((median(sales) / median(groupFloor)) * 100) / 100,
      report_sales_rows_floor_ms: Math.round(median(rowsFloor) * 10) / 10,
      report_sales_by_product_rows: rows,
      report_sales_90d_lines: lines,
    };
  } finally {
    db.raw.close();
  }
}
