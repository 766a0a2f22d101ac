import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../connection';
import { nowIso, perConnection } from '../prepared';
import { barcodes, products } from '../schema';

export type ProductRow = typeof products.$inferSelect;

const stmts = perConnection((db) => ({
  byId: db.orm.select().from(products).where(eq(products.id, sql.placeholder('id'))).prepare(),
  byBarcode: db.orm
    .select({ product: products })
    .from(barcodes)
    .innerJoin(products, eq(products.id, barcodes.productId))
    .where(eq(barcodes.code, sql.placeholder('code')))
    .prepare(),
  onHandTotal: db.raw.prepare<[number], { q: number | null }>('SELECT SUM(qty) AS q FROM on_hand WHERE product_id = ?'),
  codes: db.raw.prepare<[number], { code: string }>('SELECT code FROM barcodes WHERE product_id = ? ORDER BY code'),
}));

export const getProduct = (db: Db, id: number): ProductRow | undefined => stmts(db).byId.get({ id });

export function getProducts(db: Db, ids: number[]): Map<number, ProductRow> {
  if (ids.length === 1) {
    const p = getProduct(db, ids[0]!);
    return new Map(p ? [[p.id, p]] : []);
  }
  const rows = db.orm.select().from(products).where(inArray(products.id, [...new Set(ids)])).all();
  return new Map(rows.map((p) => [p.id, p]));
}

export const productByBarcode = (db: Db, code: string): ProductRow | undefined => stmts(db).byBarcode.get({ code })?.product;
export const totalOnHand = (db: Db, productId: number): number => stmts(db).onHandTotal.get(productId)?.q ?? 0;
export const barcodesOf = (db: Db, productId: number): string[] => stmts(db).codes.all(productId).map((r) => r.code);

/** Name, SKU or barcode; plain LIKE for now, active products first. */
export function searchProducts(db: Db, q: string, limit: number): ProductRow[] {
  const term = q.trim();
  if (!term) return db.orm.select().from(products).where(eq(products.active, true)).orderBy(products.name).limit(limit).all();
  const like = `%${term.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  return db.raw
    .prepare(
      `SELECT p.id FROM products p WHERE p.name LIKE @like ESCAPE '\\' OR p.sku LIKE @like ESCAPE '\\'
       OR EXISTS (SELECT 1 FROM barcodes b WHERE b.product_id = p.id AND b.code = @term)
       ORDER BY p.active DESC, p.name LIMIT @limit`,
    )
    .all({ like, term, limit })
    .map((r) => getProduct(db, (r as { id: number }).id)!);
}

export type ProductValues = Omit<typeof products.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

export function insertProduct(db: Db, v: ProductValues): number {
  const row = db.orm.insert(products).values(v).returning({ id: products.id }).get();
  return row.id;
}

export function updateProduct(db: Db, id: number, v: ProductValues): void {
  db.orm.update(products).set({ ...v, updatedAt: nowIso() }).where(eq(products.id, id)).run();
}

export function setProductCost(db: Db, id: number, cost: number): void {
  db.orm.update(products).set({ cost }).where(eq(products.id, id)).run();
}

/** Replaces a product's barcodes; a code owned by another product raises a UNIQUE error. */
export function replaceBarcodes(db: Db, productId: number, codes: string[]): void {
  db.orm.delete(barcodes).where(eq(barcodes.productId, productId)).run();
  if (codes.length) db.orm.insert(barcodes).values(codes.map((code) => ({ code, productId }))).run();
}

export const barcodeOwner = (db: Db, code: string): number | undefined =>
  db.orm.select({ productId: barcodes.productId }).from(barcodes).where(eq(barcodes.code, code)).get()?.productId;
