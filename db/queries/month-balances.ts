/**
 * Stock at month ends (stock_month_balances, a derived table: the accumulation register's "totals" of serious
 * ledgers), so that stock as of a day reads one month end and at most the movements between it and the day, not
 * every movement up to the day.
 *
 * - Built by the writer off the sale path, once a month has ended: one chunk of products per short transaction
 *   (buildMonthStep), month after month; each month from the one before plus its own movements.
 * - Kept exact by the trigger of 0028: every movement dated in a listed month or before corrects that month's
 *   rows in its own transaction (a back-dated document, a reversal); a counter sale, dated today, touches none.
 * - Read through stockSource: the anchor nearest the day, a complete month's end before it (plus the movements
 *   after that end up to the day) or after it (less the movements after the day up to that end), or on-hand (the
 *   balance after every movement, less those dated after the day).
 */
import { inDraftTransaction, type Db } from '../connection';
import { daysBetween } from './reports/shares';

/** Products per build transaction where no one times them (the bench's history); the app's chunks follow their time (core/month-balances.ts). */
export const MONTH_CHUNK = 5000;
const LAST_ID = Number.MAX_SAFE_INTEGER;

/** The last day of a month (YYYY-MM → YYYY-MM-DD). */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}
/** The month `by` months after `month` (YYYY-MM; negative: before). */
const addMonths = (month: string, by: number): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + by, 1)).toISOString().slice(0, 7);
};

interface MonthRow {
  month: string;
  builtThrough: number;
  complete: number;
}

export const listedMonths = (db: Db): MonthRow[] =>
  db.raw.prepare('SELECT month, built_through AS builtThrough, complete FROM stock_months ORDER BY month').all() as MonthRow[];

/**
 * Builds the next chunk of month-end balances: the products after the last built one of the month being built, or
 * the first chunk of the next month that ended before `today` (YYYY-MM-DD, the shop's business day). Returns false
 * when every ended month is complete. Products are built in id order; a chunk's rows come from the month before and
 * the month's movements as they are at that moment, so movements posted earlier in the build are in them and those
 * posted later correct them through the trigger.
 */
export function buildMonthStep(db: Db, today: string, chunk = MONTH_CHUNK): boolean {
  return inDraftTransaction(db, () => {
    const last = listedMonths(db).at(-1);
    let month: string;
    let after: number;
    if (last && !last.complete) {
      month = last.month;
      after = last.builtThrough;
    } else {
      const first = db.raw
        .prepare('SELECT MIN(business_date) FROM stock_movements INDEXED BY movements_business_date_idx')
        .pluck()
        .get() as string | null;
      if (first === null) return false;
      month = last ? addMonths(last.month, 1) : first.slice(0, 7);
      if (monthEnd(month) >= today) return false;
      db.raw.prepare('INSERT INTO stock_months (month, built_through, complete) VALUES (?, 0, 0)').run(month);
      after = 0;
    }
    const upTo = (db.raw
      .prepare('SELECT id FROM products WHERE id > ? ORDER BY id LIMIT 1 OFFSET ?')
      .pluck()
      .get(after, chunk - 1) ?? LAST_ID) as number;
    const prev = addMonths(month, -1);
    const hasPrev = db.raw.prepare('SELECT 1 FROM stock_months WHERE month = ? AND complete = 1').pluck().get(prev) !== undefined;
    const p = { month, prev, from: hasPrev ? monthEnd(prev) : '', to: monthEnd(month), after, upTo };
    // Rows the trigger made for products not yet built are replaced by the sums, which hold those movements too.
    db.raw.prepare('DELETE FROM stock_month_balances WHERE month = @month AND product_id > @after AND product_id <= @upTo').run(p);
    db.raw
      .prepare(
        `INSERT INTO stock_month_balances (month, product_id, location_id, qty, value)
         SELECT @month, product_id, location_id, SUM(qty), SUM(value) FROM (
           SELECT product_id, location_id, qty, value FROM stock_month_balances
           WHERE month = @prev AND product_id > @after AND product_id <= @upTo
           UNION ALL
           SELECT product_id, location_id, qty_delta, value_delta FROM stock_movements INDEXED BY movements_product_location_date_idx
           WHERE product_id > @after AND product_id <= @upTo AND business_date > @from AND business_date <= @to)
         GROUP BY product_id, location_id HAVING SUM(qty) <> 0 OR SUM(value) <> 0`,
      )
      .run(p);
    db.raw
      .prepare('UPDATE stock_months SET built_through = @upTo, complete = @complete WHERE month = @month')
      .run({ month, upTo, complete: upTo === LAST_ID ? 1 : 0 });
    return true;
  });
}

export interface StockSource {
  /** A subquery of (product_id, location_id, qty, value) rows whose sums per product and location are the stock. */
  sql: string;
  params: Record<string, string | number>;
  /** What it starts from, for the bench's log and the tests. */
  anchor: string;
}

/** One product and/or one location; nothing given: every product at every location. */
export interface StockFilter {
  productId?: number;
  locationId?: number;
}

/**
 * Rows whose sums are the stock at the end of `date` (of one product and/or at one location when given): from the
 * anchor with the fewest days of movements between it and the date. The movements are read from an index named on
 * purpose (without ANALYZE statistics the planner would walk the product index over every movement ever made): the
 * covering business-date one for every product, the (product, location, date) one for a single product.
 */
export function stockSource(db: Db, date: string, filter: StockFilter = {}): StockSource {
  const params: Record<string, string | number> = { date };
  let only = '';
  if (filter.productId !== undefined) {
    only += ' AND product_id = @productId';
    params.productId = filter.productId;
  }
  if (filter.locationId !== undefined) {
    only += ' AND location_id = @locationId';
    params.locationId = filter.locationId;
  }
  const index = filter.productId !== undefined ? 'movements_product_location_date_idx' : 'movements_business_date_idx';
  const moves = (sign: '' | '-', range: string) =>
    `SELECT product_id, location_id, ${sign}qty_delta AS qty, ${sign}value_delta AS value
     FROM stock_movements INDEXED BY ${index} WHERE ${range}${only}`;
  // Two statements: MIN and MAX in one would scan the index; each alone is one seek to an end of it.
  const edge = (f: 'MIN' | 'MAX') =>
    db.raw.prepare(`SELECT ${f}(business_date) FROM stock_movements INDEXED BY movements_business_date_idx`).pluck().get() as string | null;
  const bounds = { first: edge('MIN'), last: edge('MAX') };
  if (bounds.last === null || date >= bounds.last)
    return { sql: `SELECT product_id, location_id, qty, value FROM on_hand WHERE 1${only}`, params, anchor: 'on_hand' };
  const complete = (db.raw.prepare('SELECT month FROM stock_months WHERE complete = 1 ORDER BY month').pluck().all() as string[]).map(
    (m) => ({ month: m, end: monthEnd(m) }),
  );
  const before = complete.filter((m) => m.end <= date).at(-1);
  const after = complete.find((m) => m.end > date);
  const options: { gap: number; source: () => StockSource }[] = [
    {
      gap: daysBetween(date, bounds.last),
      source: () => ({
        sql: `SELECT product_id, location_id, qty, value FROM on_hand WHERE 1${only} UNION ALL ${moves('-', 'business_date > @date')}`,
        params,
        anchor: 'on_hand',
      }),
    },
    {
      gap: bounds.first === null ? 0 : daysBetween(bounds.first, date),
      source: () => ({ sql: moves('', 'business_date <= @date'), params, anchor: 'start' }),
    },
  ];
  const balances = `SELECT product_id, location_id, qty, value FROM stock_month_balances WHERE month = @month${only}`;
  if (before)
    options.push({
      gap: daysBetween(before.end, date),
      source: () => ({
        sql: `${balances} UNION ALL ${moves('', 'business_date > @end AND business_date <= @date')}`,
        params: { ...params, month: before.month, end: before.end },
        anchor: before.month,
      }),
    });
  if (after)
    options.push({
      gap: daysBetween(date, after.end),
      source: () => ({
        sql: `${balances} UNION ALL ${moves('-', 'business_date > @date AND business_date <= @end')}`,
        params: { ...params, month: after.month, end: after.end },
        anchor: after.month,
      }),
    });
  return options.reduce((a, b) => (b.gap < a.gap ? b : a)).source();
}
