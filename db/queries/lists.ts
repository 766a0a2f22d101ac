// The back office's long lists (sales, stock) as keyset pages: each page continues after the previous page's last
// (sort key, id) along an index, so the 5000th page of a million sales costs what the first does. Sorts are limited
// to columns with such an index; filters are conditions on the same walk. A jump (scroll bar, End key) asks for a
// page at an offset instead: the same walk skipping rows, which the screen keeps short by walking from the nearer end.
import type { Db } from '../connection';
import type { DocType } from '../schema';
import { ftsQuery } from './products';

export interface Cursor {
  key: string | number;
  id: number;
}
export type Dir = 'asc' | 'desc';
/** Where a page starts: after a cursor, at an offset (never both: the contract refuses it), or at the first row. */
export interface PageStart {
  cursor?: Cursor;
  offset?: number;
  /** Count the rows matching the filters; by default only the first page (no cursor, no offset) does. */
  withCount?: boolean;
  limit: number;
}
export interface ListPage<Row> {
  rows: Row[];
  nextCursor: Cursor | null;
  count: number | null;
}

/** Fetches limit + 1 rows: the extra one only says whether there is a next page. */
export function page<Row extends { id: number }>(
  rows: Row[],
  limit: number,
  keyOf: (r: Row) => string | number,
): { rows: Row[]; nextCursor: Cursor | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const kept = rows.slice(0, limit);
  const last = kept[kept.length - 1]!;
  return { rows: kept, nextCursor: { key: keyOf(last), id: last.id } };
}

export const wantsCount = (q: PageStart) => q.withCount ?? (q.cursor === undefined && q.offset === undefined);

/**
 * The page's start and length: the keyset condition (added to conds) and the LIMIT, with an OFFSET for a jump.
 * Sets the parameters; limit + 1 rows, see page().
 */
export function startAt(q: PageStart, key: string, id: string, dir: Dir, conds: string[], params: Record<string, string | number>): string {
  if (q.cursor) {
    conds.push(after(key, id, dir));
    Object.assign(params, { cursorKey: q.cursor.key, cursorId: q.cursor.id });
  }
  params.limit = q.limit + 1;
  if (!q.offset) return 'LIMIT @limit';
  params.offset = q.offset;
  return 'LIMIT @limit OFFSET @offset';
}

/** `(key, id) > (?, ?)` in the walk's direction: a row value SQLite answers from the index. */
export const after = (key: string, id: string, dir: Dir) => `(${key}, ${id}) ${dir === 'asc' ? '>' : '<'} (@cursorKey, @cursorId)`;
export const orderBy = (key: string, id: string, dir: Dir) => `ORDER BY ${key} ${dir.toUpperCase()}, ${id} ${dir.toUpperCase()}`;

/** LIKE pattern for "contains", with the pattern's own wildcards taken literally. */
export const contains = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface SaleListQuery extends PageStart {
  types: DocType[];
  sort: { by: 'postedAt' | 'total'; dir: Dir };
  filters: { from?: string; to?: string; type?: DocType; number?: string };
}

const SALE_KEY = { postedAt: 'd.posted_at', total: 'd.total' } as const;
// Each sort walks its own index: documents_posted_idx (posted_at, type, id) or documents_total_idx (total, type, id). Without the
// hint the planner may prefer documents_type_posted_idx for `type IN (...)` and then sort every matching row.
const SALE_INDEX = { postedAt: 'documents_posted_idx', total: 'documents_total_idx' } as const;

export interface SaleListRow {
  id: number;
  uuid: string;
  type: DocType;
  number: string;
  status: 'draft' | 'posted' | 'cancelled';
  locationId: number;
  total: number;
  taxTotal: number;
  authorId: number;
  authorName: string;
  postedAt: string | null;
  businessDate: string;
  reversalOf: number | null;
  baseDocumentId: number | null;
  shiftId: number | null;
  customerId: number | null;
  rounding: number;
}

/** The statements behind listSales, with their parameters (also for EXPLAIN QUERY PLAN in the tests). */
export function salesStatements(q: SaleListQuery): {
  count: string;
  page: string;
  /** The filters' parameters alone, for the count. */
  filterParams: Record<string, string | number>;
  params: Record<string, string | number>;
} {
  const key = SALE_KEY[q.sort.by];
  const types = q.filters.type ? [q.filters.type] : q.types;
  const conds = [`d.type IN (${types.map((_, i) => `@type${i}`).join(', ')})`, 'd.posted_at IS NOT NULL'];
  const params: Record<string, string | number> = Object.fromEntries(types.map((t, i) => [`type${i}`, t]));
  const where = (cond: string, name: string, value: string | number) => {
    conds.push(cond);
    params[name] = value;
  };
  if (q.filters.from) where('d.posted_at >= @from', 'from', q.filters.from);
  if (q.filters.to) where('d.posted_at < @to', 'to', q.filters.to);
  if (q.filters.number) where("d.number LIKE @number ESCAPE '\\'", 'number', contains(q.filters.number));
  const count = `SELECT COUNT(*) AS n FROM documents d WHERE ${conds.join(' AND ')}`;
  const filterParams = { ...params };
  const limit = startAt(q, key, 'd.id', q.sort.dir, conds, params);
  // The page's ids first, from the index alone (it holds the sort key, the type and the rowid): a jump to the middle
  // of a million sales skips its rows without reading one of them from the table. The page's 100 rows are then read
  // in that order (CROSS JOIN keeps the ids' loop outermost).
  const page = `SELECT x.id, x.uuid, x.type, x.number, x.status, x.location_id AS locationId, x.total, x.tax_total AS taxTotal,
              x.author_id AS authorId, u.name AS authorName, x.posted_at AS postedAt, x.business_date AS businessDate, x.reversal_of AS reversalOf,
              x.base_document_id AS baseDocumentId, x.shift_id AS shiftId, x.customer_id AS customerId, x.rounding
       FROM (SELECT d.id FROM documents d INDEXED BY ${SALE_INDEX[q.sort.by]}
              WHERE ${conds.join(' AND ')} ${orderBy(key, 'd.id', q.sort.dir)} ${limit}) pg
       CROSS JOIN documents x ON x.id = pg.id CROSS JOIN users u ON u.id = x.author_id`;
  return { count, page, filterParams, params };
}

/** Posted sales and returns, a page at a time; counted on the first page or when asked. */
export function listSales(db: Db, q: SaleListQuery): ListPage<SaleListRow> {
  const st = salesStatements(q);
  const count = wantsCount(q) ? (db.raw.prepare(st.count).get(st.filterParams) as { n: number }).n : null;
  const rows = db.raw.prepare(st.page).all(st.params) as SaleListRow[];
  return { ...page(rows, q.limit, (r) => (q.sort.by === 'total' ? r.total : r.postedAt!)), count };
}

/**
 * Products `p` whose name has the words typed, or whose SKU or a barcode starts with them; null: nothing typed.
 * One `p.id IN (…)` over the few matches: the page is then those rows sorted, where ORs on the row's own columns
 * would have the planner walk the sort's index through every product to test each (seconds at 200k).
 */
export function productText(q: string | undefined, params: Record<string, string | number>): string | null {
  const ids = productTextIds(q, params);
  return ids && `p.id IN (${ids})`;
}

/** The ids of productText's matches, as a query (its parameters set); null: nothing typed. */
export function productTextIds(q: string | undefined, params: Record<string, string | number>): string | null {
  const text = q?.trim();
  if (!text) return null;
  const match = ftsQuery(text);
  const starts = [
    'SELECT id FROM products WHERE sku >= @text AND sku < @textEnd',
    'SELECT product_id FROM barcodes WHERE code >= @text AND code < @textEnd',
  ];
  if (match) {
    starts.push('SELECT rowid FROM products_fts WHERE products_fts MATCH @match');
    params.match = match;
  }
  params.text = text;
  params.textEnd = `${text}\uffff`;
  return starts.join(' UNION ');
}

export interface StockListQuery extends PageStart {
  sort: { by: 'name' | 'sku'; dir: Dir };
  filters: { q?: string; productId?: number; locationId?: number; belowZero?: boolean };
}

export interface StockListRow {
  id: number;
  sku: string;
  name: string;
  unit: 'pcs' | 'kg' | 'l' | 'm';
  price: number;
  active: boolean;
  barcode: string | null;
  qty: number;
  value: number;
}

const STOCK_KEY = { name: 'p.name', sku: 'p.sku' } as const;

/**
 * Every product with its on-hand (summed, or at one location), along the name or SKU index. The text filter is the
 * catalog search's own: full-text words of the name/SKU/codes, or the start of a SKU or barcode.
 */
export function listStock(db: Db, q: StockListQuery): ListPage<StockListRow> {
  const st = stockStatements(q);
  const count = wantsCount(q) ? (db.raw.prepare(st.count).get(st.filterParams) as { n: number }).n : null;
  const rows = db.raw.prepare(st.page).all(st.params) as (Omit<StockListRow, 'active'> & { active: number })[];
  const typed = rows.map((r) => ({ ...r, active: r.active === 1 }));
  return { ...page(typed, q.limit, (r) => (q.sort.by === 'sku' ? r.sku : r.name)), count };
}

/** The statements behind listStock, with their parameters (also for EXPLAIN QUERY PLAN in the tests). */
export function stockStatements(q: StockListQuery) {
  const key = STOCK_KEY[q.sort.by];
  const f = q.filters;
  const at = f.locationId !== undefined ? ' AND o.location_id = @locationId' : '';
  const conds: string[] = [];
  const params: Record<string, string | number> = {};
  if (f.locationId !== undefined) params.locationId = f.locationId;
  if (f.productId !== undefined) {
    conds.push('p.id = @productId');
    params.productId = f.productId;
  }
  const text = productText(f.q, params);
  if (text) conds.push(text);
  // The set of products below zero is small and comes from on_hand alone; the walk then skips the rest by id.
  if (f.belowZero) conds.push(`p.id IN (SELECT o.product_id FROM on_hand o WHERE 1${at} GROUP BY o.product_id HAVING SUM(o.qty) < 0)`);
  const count = `SELECT COUNT(*) AS n FROM products p WHERE ${conds.length ? conds.join(' AND ') : '1'}`;
  const filterParams = { ...params };
  const limit = startAt(q, key, 'p.id', q.sort.dir, conds, params);
  const page = `SELECT p.id, p.sku, p.name, p.unit, p.price, p.active,
              (SELECT MIN(code) FROM barcodes b WHERE b.product_id = p.id) AS barcode,
              COALESCE((SELECT SUM(o.qty) FROM on_hand o WHERE o.product_id = p.id${at}), 0) AS qty,
              COALESCE((SELECT SUM(o.value) FROM on_hand o WHERE o.product_id = p.id${at}), 0) AS value
       FROM products p WHERE ${conds.length ? conds.join(' AND ') : '1'} ${orderBy(key, 'p.id', q.sort.dir)} ${limit}`;
  return { count, page, filterParams, params };
}
