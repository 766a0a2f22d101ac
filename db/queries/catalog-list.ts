// The owner's catalog as keyset pages (see lists.ts): 200k products filter and sort along an index; a jump is an
// offset on the same walk.
import type { Db } from '../connection';
import { orderBy, page, productText, productTextIds, startAt, wantsCount, type Dir, type ListPage, type PageStart } from './lists';

export interface CatalogListQuery extends PageStart {
  sort: { by: 'name' | 'sku' | 'price'; dir: Dir };
  filters: {
    q?: string;
    categoryId?: number;
    supplierId?: number;
    archived: 'active' | 'archived' | 'all';
    belowMin?: boolean;
    noBarcode?: boolean;
  };
}

export interface CatalogListRow {
  id: number;
  sku: string;
  name: string;
  unit: 'pcs' | 'kg' | 'l' | 'm';
  price: number;
  cost: number;
  categoryId: number | null;
  categoryName: string | null;
  supplierId: number | null;
  supplierName: string | null;
  barcode: string | null;
  barcodes: number;
  onHand: number;
  minStock: number | null;
  maxStock: number | null;
  active: boolean;
}

const KEY = { name: 'p.name', sku: 'p.sku', price: 'p.price' } as const;
const ON_HAND = 'COALESCE((SELECT SUM(o.qty) FROM on_hand o WHERE o.product_id = p.id), 0)';

/** Above this many products matching the words typed, a page walks the sort's index rather than sorting them all. */
const MANY_MATCHES = 1000;

/** A category and every category below it. */
export const SUBTREE = `WITH RECURSIVE sub(id) AS (SELECT @categoryId UNION ALL SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub`;

export function catalogWhere(f: CatalogListQuery['filters'], params: Record<string, string | number>, conds: string[] = []): string {
  if (f.archived !== 'all') conds.push(f.archived === 'active' ? 'p.active = 1' : 'p.active = 0');
  const text = productText(f.q, params);
  if (text) conds.push(text);
  if (f.categoryId !== undefined) {
    conds.push(`p.category_id IN (${SUBTREE})`);
    params.categoryId = f.categoryId;
  }
  if (f.supplierId !== undefined) {
    conds.push('p.supplier_id = @supplierId');
    params.supplierId = f.supplierId;
  }
  // Few products have a minimum set: the condition is cheap where it is null.
  if (f.belowMin) conds.push(`p.min_stock IS NOT NULL AND ${ON_HAND} < p.min_stock`);
  if (f.noBarcode) conds.push('NOT EXISTS (SELECT 1 FROM barcodes b WHERE b.product_id = p.id)');
  return conds.length ? conds.join(' AND ') : '1';
}

const wordsOnly = (f: CatalogListQuery['filters']) =>
  f.categoryId === undefined && f.supplierId === undefined && !f.belowMin && !f.noBarcode;

/**
 * How many products the words typed name, when nothing else filters them: the matches' ids alone, less the archived
 * ones among them (few: found along the active flag's index). Testing each match's own row for `active` reads every
 * one of them: 20 ms for a short word naming 7k of 200k products, 50 ms for one letter, at every key typed.
 */
function matchCount(n: (sql: string) => number, words: string, archived: CatalogListQuery['filters']['archived']): number {
  const archivedAmong = () =>
    n(`SELECT COUNT(*) AS n FROM products p INDEXED BY products_active_name_idx WHERE p.active = 0 AND p.id IN (${words})`);
  if (archived === 'archived') return archivedAmong();
  const all = n(`SELECT COUNT(*) AS n FROM (${words})`);
  return archived === 'all' ? all : all - archivedAmong();
}

/**
 * A page in two steps: the ids, from an index alone (products_[category_]active_<sort>_idx hold the filter's and the
 * sort's columns, and the rowid), then those 100 rows. Reading the rows while walking would visit every product of
 * a category scattered over the table (12k pages for a group at 200k products: ~300 ms cold); a category's index
 * is named, since the planner would otherwise walk the sort's own index and read each row to test its category.
 */
export function listCatalog(db: Db, q: CatalogListQuery): ListPage<CatalogListRow> {
  const key = KEY[q.sort.by];
  const params: Record<string, string | number> = {};
  const conds: string[] = [];
  const where = catalogWhere(q.filters, params, conds);
  // Words typed: few matches are looked up by rowid (an index walk would test every product against them). Many
  // (a short word: "baby" names 7k of 200k) would be read whole only to sort them; walking the sort's index, each
  // entry tested against the matches (a bloom filter), reaches a page's 100 in a few thousand entries: 2 ms, not 20.
  const words = productTextIds(q.filters.q, {});
  const walk = q.filters.categoryId !== undefined ? `INDEXED BY products_category_active_${q.sort.by}_idx` : '';
  const n = (sql: string) => (db.raw.prepare(sql).get(params) as { n: number }).n;
  const count = !wantsCount(q)
    ? null
    : words && wordsOnly(q.filters)
      ? matchCount(n, words, q.filters.archived)
      : n(`SELECT COUNT(*) AS n FROM products p ${words ? 'NOT INDEXED' : walk} WHERE ${where}`);
  const many = (ids: string) => (count ?? n(`SELECT COUNT(*) AS n FROM (${ids})`)) > MANY_MATCHES;
  const indexed = words !== null && !many(words) ? 'NOT INDEXED' : walk;
  const limit = startAt(q, key, 'p.id', q.sort.dir, conds, params);
  const ids = `SELECT p.id FROM products p ${indexed} WHERE ${conds.length ? conds.join(' AND ') : '1'} ${orderBy(key, 'p.id', q.sort.dir)} ${limit}`;
  const rows = db.raw
    .prepare(
      `SELECT p.id, p.sku, p.name, p.unit, p.price, p.cost, p.category_id AS categoryId, c.name AS categoryName,
              p.supplier_id AS supplierId, s.name AS supplierName,
              (SELECT MIN(code) FROM barcodes b WHERE b.product_id = p.id) AS barcode,
              (SELECT COUNT(*) FROM barcodes b WHERE b.product_id = p.id) AS barcodes,
              ${ON_HAND} AS onHand, p.min_stock AS minStock, p.max_stock AS maxStock, p.active
       FROM (${ids}) k JOIN products p ON p.id = k.id
       LEFT JOIN categories c ON c.id = p.category_id LEFT JOIN suppliers s ON s.id = p.supplier_id
       ${orderBy(key, 'p.id', q.sort.dir)}`,
    )
    .all(params) as (Omit<CatalogListRow, 'active'> & { active: number })[];
  const typed = rows.map((r) => ({ ...r, active: r.active === 1 }));
  return { ...page(typed, q.limit, (r) => r[q.sort.by]), count };
}
