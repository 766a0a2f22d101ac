// A supplier's price list against the catalog: the lookups the dry run matches rows with (on the reader's read-only
// connection), the writes its apply makes (one transaction on the writer), and the mapping kept per supplier.
import type { Db } from '../connection';

export interface KeptPriceListSettings {
  /** Field → header text or 0-based column (core/pricelists ColumnMapping), as JSON. */
  mapping: Record<string, string | number>;
  sheet: string | null;
  headerRow: number | null;
}

export function priceListSettings(db: Db, supplierId: number): KeptPriceListSettings | undefined {
  const r = db.raw
    .prepare('SELECT mapping, sheet, header_row AS headerRow FROM supplier_pricelist_settings WHERE supplier_id = ?')
    .get(supplierId) as { mapping: string; sheet: string | null; headerRow: number | null } | undefined;
  return r && { ...r, mapping: JSON.parse(r.mapping) as KeptPriceListSettings['mapping'] };
}

export function savePriceListSettings(db: Db, supplierId: number, s: KeptPriceListSettings, at: string): void {
  db.raw
    .prepare(
      `INSERT INTO supplier_pricelist_settings (supplier_id, mapping, sheet, header_row, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (supplier_id) DO UPDATE SET mapping = excluded.mapping, sheet = excluded.sheet,
         header_row = excluded.header_row, updated_at = excluded.updated_at`,
    )
    .run(supplierId, JSON.stringify(s.mapping), s.sheet, s.headerRow, at);
}

export interface MatchedProduct {
  id: number;
  price: number;
  cost: number;
  categoryId: number | null;
}

/**
 * The ways a row finds its product, each one indexed lookup: a barcode, the supplier's own article, a SKU. Names are
 * never matched: two products may share one, and a wrong match would reprice the wrong goods.
 */
export function catalogMatcher(db: Db, supplierId: number) {
  const byBarcode = db.raw.prepare<[string], { id: number }>('SELECT product_id AS id FROM barcodes WHERE code = ?');
  const byArticle = db.raw.prepare<[number, string], { id: number }>(
    'SELECT product_id AS id FROM supplier_articles WHERE supplier_id = ? AND article = ?',
  );
  const bySku = db.raw.prepare<[string], { id: number }>('SELECT id FROM products WHERE sku = ?');
  const product = db.raw.prepare<[number], MatchedProduct>('SELECT id, price, cost, category_id AS categoryId FROM products WHERE id = ?');
  return {
    barcode: (code: string) => byBarcode.get(code)?.id,
    article: (article: string) => byArticle.get(supplierId, article)?.id,
    sku: (sku: string) => bySku.get(sku)?.id,
    product: (id: number) => product.get(id),
  };
}

/** The writes of an apply, prepared once per apply and run inside its transaction. */
export function priceListWriter(db: Db) {
  // Price and cost change only if they are still what the dry run saw: 0 rows changed means the preview is stale.
  const update = db.raw.prepare<[number, number, string, number, number, number]>(
    'UPDATE products SET price = ?, cost = ?, updated_at = ? WHERE id = ? AND price = ? AND cost = ?',
  );
  const insert = db.raw.prepare<[string, string, string, number, number, number, number | null, number]>(
    `INSERT INTO products (sku, name, unit, price, cost, tax_rate_bp, category_id, supplier_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const barcode = db.raw.prepare<[string, number]>('INSERT INTO barcodes (code, product_id) VALUES (?, ?)');
  const article = db.raw.prepare<[number, string, number]>(
    'INSERT INTO supplier_articles (supplier_id, article, product_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const taken = db.raw.prepare<[string, string, number, string], { n: number }>(
    `SELECT (SELECT COUNT(*) FROM barcodes WHERE code = ?) + (SELECT COUNT(*) FROM products WHERE sku = ?)
          + (SELECT COUNT(*) FROM supplier_articles WHERE supplier_id = ? AND article = ?) AS n`,
  );
  return {
    /** False when the product's price or cost moved since the dry run (or the product is gone). */
    reprice: (id: number, from: { price: number; cost: number }, to: { price: number; cost: number }, at: string): boolean =>
      update.run(to.price, to.cost, at, id, from.price, from.cost).changes === 1,
    /** False when the barcode, SKU or article was given to another product since the dry run. */
    free: (code: string | null, sku: string, supplierId: number, art: string | null): boolean =>
      taken.get(code ?? '', sku, supplierId, art ?? '')!.n === 0,
    create: (p: {
      sku: string;
      name: string;
      unit: string;
      price: number;
      cost: number;
      taxRateBp: number;
      categoryId: number | null;
      supplierId: number;
    }): number => Number(insert.run(p.sku, p.name, p.unit, p.price, p.cost, p.taxRateBp, p.categoryId, p.supplierId).lastInsertRowid),
    addBarcode: (code: string, productId: number) => barcode.run(code, productId),
    /** Links the supplier's article to the product unless the article already names one. */
    link: (supplierId: number, art: string, productId: number) => article.run(supplierId, art, productId),
  };
}
