/**
 * Reports on a long history, in this thread on a read-only connection, as the reader worker runs them:
 * - valuation_asof_ms: the stock valuation (db/queries/reports/stock.ts valuationAsOf) as of the business day in the
 *   middle of the movements; its floor valuation_sum_floor_ms is one plain SQL aggregate over the same movements up
 *   to that day (SUM of value_delta through the same index), same run;
 * - report_sales_by_product_90d_ms: profit by product over the last 90 business days of the history.
 * The database is the bench's cached history (db-open.ts movementsDb: the demo shop with `movements` movements).
 */
import { openReadOnly } from '../db/readonly';
import { profitBy } from '../db/queries/reports/sales';
import { valuationAsOf } from '../db/queries/reports/stock';
import { movementsDb } from './db-open';
import { nowMs } from './util';

const addDays = (day: string, by: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + by * 86_400_000).toISOString().slice(0, 10);
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

export async function benchReports(movements: number, rounds: number, log: (s: string) => void): Promise<Record<string, number>> {
  const { cache, builtS } = movementsDb(movements, log);
  if (builtS !== null) log(`  built ${cache} in ${builtS.toFixed(1)} s`);
  const db = openReadOnly(cache);
  try {
    const one = <T>(sql: string, ...a: unknown[]) => db.raw.prepare(sql).get(...a) as T;
    const total = one<{ n: number }>('SELECT COUNT(*) AS n FROM stock_movements').n;
    const middle = one<{ d: string }>(
      'SELECT business_date AS d FROM stock_movements WHERE id >= (SELECT MIN(id) + COUNT(*) / 2 FROM stock_movements) LIMIT 1',
    ).d;
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
      `reports: ${products} products, ${total} movements; valuation as of ${middle}, sales by product ${period.from}..${period.to} (${lines} lines), ${rounds} rounds…`,
    );
    const floorSql = db.raw.prepare(
      'SELECT SUM(value_delta) AS v FROM stock_movements INDEXED BY movements_business_date_idx WHERE business_date <= ?',
    );
    const valuation = timed(rounds, () => valuationAsOf(db, { date: middle }));
    const floor = timed(rounds, () => floorSql.get(middle));
    const sales = timed(rounds, () => profitBy(db, { ...period, by: 'product' }));
    return {
      valuation_asof_ms: Math.round(median(valuation) * 10) / 10,
      valuation_sum_floor_ms: Math.round(median(floor) * 10) / 10,
      valuation_movements: total,
      valuation_products: products,
      report_sales_by_product_90d_ms: Math.round(median(sales) * 10) / 10,
      report_sales_90d_lines: lines,
    };
  } finally {
    db.raw.close();
  }
}
