import { and, eq } from 'drizzle-orm';
import type { Db } from '../connection';
import { nowIso, perConnection } from '../prepared';
import { barcodes, products, supplierArticles } from '../schema';
import { PRICE_TOPIC, queueForStore } from './store';

export type ProductRow = typeof products.$inferSelect;

/** Every column of a product row, as ProductRow names them (test/db-product-row.test.ts checks none is missing). */
const COLUMNS = `p.id, p.sku, p.name, p.unit, p.price, p.cost, p.tax_rate_bp AS taxRateBp, p.category_id AS categoryId, p.active,
  p.plu, p.min_stock AS minStock, p.max_stock AS maxStock, p.pack_qty AS packQty, p.supplier_id AS supplierId, p.created_at AS createdAt,
  p.updated_at AS updatedAt`;

const stmts = perConnection((db) => ({
  // Plain SQL: every sale line reads its product here (drizzle's row mapping cost more than the read).
  byId: db.raw.prepare<[number], Omit<ProductRow, 'active'> & { active: number }>(`SELECT ${COLUMNS} FROM products p WHERE p.id = ?`),
  // Plain SQL too: every scan looks its code up here.
  byBarcode: db.raw.prepare<[string], Omit<ProductRow, 'active'> & { active: number }>(
    `SELECT ${COLUMNS} FROM barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ?`,
  ),
  onHandTotal: db.raw.prepare<[number], { q: number | null }>('SELECT SUM(qty) AS q FROM on_hand WHERE product_id = ?'),
  codes: db.raw.prepare<[number], { code: string }>('SELECT code FROM barcodes WHERE product_id = ? ORDER BY code'),
  firstByName: db.raw.prepare<[number], { id: number }>('SELECT id FROM products WHERE active = 1 ORDER BY name LIMIT ?'),
  nameStarts: db.raw.prepare<[string, string, number], { id: number; name: string }>(
    'SELECT id, name FROM products WHERE name >= ? AND name < ? AND active = 1 ORDER BY name LIMIT ?',
  ),
  exactCode: db.raw.prepare<[string, string], { id: number }>(
    'SELECT product_id AS id FROM barcodes WHERE code = ? UNION ALL SELECT id FROM products WHERE sku = ?',
  ),
  codePrefix: db.raw.prepare<[string, string, number], { id: number }>(
    'SELECT product_id AS id FROM barcodes WHERE code >= ? AND code < ? ORDER BY code LIMIT ?',
  ),
  skuPrefix: db.raw.prepare<[string, string, number], { id: number }>(
    'SELECT id FROM products WHERE sku >= ? AND sku < ? ORDER BY sku LIMIT ?',
  ),
  // No bm25(): it reads each hit's column sizes and positions (2-5 ms over a capped set). Instead: active first, then
  // names starting with the first word typed as people write it (lower, Capitalised, UPPER: SQLite's lower() and
  // LIKE fold ASCII only), then by name.
  fts: db.raw.prepare<
    [{ match: string; cap: number; n: number; lower: string; capital: string; upper: string; limit: number }],
    { id: number }
  >(
    `WITH hits AS (SELECT rowid AS id FROM products_fts WHERE products_fts MATCH @match LIMIT @cap)
     SELECT p.id FROM hits h JOIN products p ON p.id = h.id
     ORDER BY p.active DESC, substr(p.name, 1, @n) NOT IN (@lower, @capital, @upper), p.name LIMIT @limit`,
  ),
  cards: db.raw.prepare<[string], CardRow>(
    `SELECT ${COLUMNS},
            (SELECT json_group_array(code) FROM (SELECT code FROM barcodes WHERE product_id = p.id ORDER BY code)) AS codes,
            (SELECT SUM(qty) FROM on_hand WHERE product_id = p.id) AS onHand
     FROM json_each(?) j JOIN products p ON p.id = j.value ORDER BY j.key`,
  ),
}));

type CardRow = Omit<ProductRow, 'active'> & { active: number; codes: string; onHand: number | null };

/** A product with its barcodes and total on hand, as lists show it. */
export type ProductCard = ProductRow & { barcodes: string[]; onHand: number };

/** Cards for the given ids, in that order, in one statement (a list of 200 would otherwise take 600 lookups). */
export function productCards(db: Db, ids: number[]): ProductCard[] {
  if (!ids.length) return [];
  return stmts(db)
    .cards.all(JSON.stringify(ids))
    .map((r) => Object.assign(r, { active: r.active === 1, barcodes: JSON.parse(r.codes) as string[], onHand: r.onHand ?? 0 }));
}

/** A product row as read by plain SQL, its active flag a boolean as drizzle would give it. */
const asProduct = (r: (Omit<ProductRow, 'active'> & { active: number }) | undefined): ProductRow | undefined =>
  r && Object.assign(r, { active: r.active === 1 });

export const getProduct = (db: Db, id: number): ProductRow | undefined => asProduct(stmts(db).byId.get(id));

/** One prepared lookup per id: cheaper on the posting path than building an IN (...) query each time. */
export function getProducts(db: Db, ids: number[]): Map<number, ProductRow> {
  const out = new Map<number, ProductRow>();
  for (const id of ids) {
    if (out.has(id)) continue;
    const p = getProduct(db, id);
    if (p) out.set(id, p);
  }
  return out;
}

export const productByBarcode = (db: Db, code: string): ProductRow | undefined => asProduct(stmts(db).byBarcode.get(code));
export const totalOnHand = (db: Db, productId: number): number => stmts(db).onHandTotal.get(productId)?.q ?? 0;
export const barcodesOf = (db: Db, productId: number): string[] =>
  stmts(db)
    .codes.all(productId)
    .map((r) => r.code);

/**
 * A search as an FTS5 query: every word required. Words are prefix terms, except digit-only words and one-letter
 * words before the last (exact terms): a digit prefix like "46" would expand to every barcode of the country,
 * which the barcode index answers far cheaper. Only letters and digits reach FTS5 (no query syntax).
 */
export function ftsQuery(q: string): string | null {
  const tokens = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  if (!tokens.length) return null;
  return tokens.map((t, i) => (/^\p{N}+$/u.test(t) || (t.length === 1 && i < tokens.length - 1) ? `"${t}"` : `"${t}"*`)).join(' ');
}

/** How many full-text hits are ranked at most: a one-letter prefix over 200k products must not rank them all. */
export const SEARCH_RANK_CAP = 2000;

/** Upper bound of a prefix range over a BINARY index: everything starting with p sorts below it. */
const prefixEnd = (p: string): string => p + '\uffff';

/**
 * Name, SKU or barcode: an exact barcode or SKU first; then SKUs and barcodes starting with the text (their unique
 * indexes, as typed and upper-cased); then full-text hits on words of the name, SKU and codes (products_fts, kept by
 * triggers): for one word, first every active product whose name starts with it (the name index, by name); then
 * of the first SEARCH_RANK_CAP full-text hits (oldest products first), active ones first, then names that start with
 * the first word typed, then by name.
 */
export function searchProducts(db: Db, q: string, limit: number): ProductRow[] {
  return searchProductIds(db, q, limit).map((id) => getProduct(db, id)!);
}

/** searchProducts as ids, for callers that fetch the rows their own way (productCards). */
export function searchProductIds(db: Db, q: string, limit: number): number[] {
  const term = q.trim();
  if (!term)
    return stmts(db)
      .firstByName.all(limit)
      .map((r) => r.id);
  const ids: number[] = [];
  const seen = new Set<number>();
  const add = (rows: { id: number }[]) => {
    for (const r of rows) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      ids.push(r.id);
    }
  };
  const s = stmts(db);
  const forms = [...new Set([term, term.toUpperCase()])];
  // One letter would list every SKU starting with it ahead of the names: prefixes from two characters.
  if (term.length >= 2 && !/\s/.test(term)) {
    for (const f of forms) add(s.exactCode.all(f, f));
    // A whole barcode or SKU was typed or scanned: that product (and codes extending it), not words of names.
    const exact = ids.length > 0;
    for (const f of forms) add(s.codePrefix.all(f, prefixEnd(f), limit));
    for (const f of forms) add(s.skuPrefix.all(f, prefixEnd(f), limit));
    if (exact) return ids.slice(0, limit);
  }
  const match = ftsQuery(term);
  if (match && ids.length < limit) {
    const first = term.split(/[^\p{L}\p{N}]+/u).find(Boolean) ?? '';
    const lower = first.toLowerCase();
    const capital = lower.charAt(0).toUpperCase() + lower.slice(1);
    const upper = first.toUpperCase();
    if (/^[\p{L}\p{N}]+$/u.test(term)) {
      // One word: the names starting with it come from the name index, all of them in name order, not only those
      // among the capped full-text hits (a short prefix matches tens of thousands of products in a big catalog).
      const leading = [...new Set([lower, capital, upper])].flatMap((f) => s.nameStarts.all(f, prefixEnd(f), limit));
      add(leading.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id)));
    }
    if (ids.length < limit) add(s.fts.all({ match, cap: SEARCH_RANK_CAP, n: first.length, lower, capital, upper, limit }));
  }
  return ids.slice(0, limit);
}

export type ProductValues = Omit<typeof products.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

export function insertProduct(db: Db, v: ProductValues): number {
  const row = db.orm.insert(products).values(v).returning({ id: products.id }).get();
  return row.id;
}

export function updateProduct(db: Db, id: number, v: ProductValues): void {
  db.orm
    .update(products)
    .set({ ...v, updatedAt: nowIso() })
    .where(eq(products.id, id))
    .run();
  queueForStore(db, PRICE_TOPIC, [id]);
}

export function setProductCost(db: Db, id: number, cost: number): void {
  db.orm.update(products).set({ cost }).where(eq(products.id, id)).run();
}

/** Replaces a product's barcodes; a code owned by another product raises a UNIQUE error. */
export function replaceBarcodes(db: Db, productId: number, codes: string[]): void {
  db.orm.delete(barcodes).where(eq(barcodes.productId, productId)).run();
  if (codes.length)
    db.orm
      .insert(barcodes)
      .values(codes.map((code) => ({ code, productId })))
      .run();
}

export const barcodeOwner = (db: Db, code: string): number | undefined =>
  db.orm.select({ productId: barcodes.productId }).from(barcodes).where(eq(barcodes.code, code)).get()?.productId;

export const skuOwner = (db: Db, sku: string): number | undefined =>
  db.orm.select({ id: products.id }).from(products).where(eq(products.sku, sku)).get()?.id;

export const pluOwner = (db: Db, plu: number): number | undefined =>
  db.orm.select({ id: products.id }).from(products).where(eq(products.plu, plu)).get()?.id;

export const articlesOf = (db: Db, productId: number): { supplierId: number; article: string }[] =>
  db.orm
    .select({ supplierId: supplierArticles.supplierId, article: supplierArticles.article })
    .from(supplierArticles)
    .where(eq(supplierArticles.productId, productId))
    .orderBy(supplierArticles.supplierId, supplierArticles.article)
    .all();

/** The product a supplier's article names. */
export const articleOwner = (db: Db, supplierId: number, article: string): number | undefined =>
  db.orm
    .select({ productId: supplierArticles.productId })
    .from(supplierArticles)
    .where(and(eq(supplierArticles.supplierId, supplierId), eq(supplierArticles.article, article)))
    .get()?.productId;

export function replaceArticles(db: Db, productId: number, articles: { supplierId: number; article: string }[]): void {
  db.orm.delete(supplierArticles).where(eq(supplierArticles.productId, productId)).run();
  if (articles.length)
    db.orm
      .insert(supplierArticles)
      .values(articles.map((a) => ({ ...a, productId })))
      .run();
}

export function setProductPrice(db: Db, id: number, price: number, at: string): void {
  db.orm.update(products).set({ price, updatedAt: at }).where(eq(products.id, id)).run();
  queueForStore(db, PRICE_TOPIC, [id]);
}
