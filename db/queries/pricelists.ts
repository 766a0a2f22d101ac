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

/** Lookups one by one up to this many; past it the whole index is read once (a long list touches most of it anyway). */
const LOOKUPS_BEFORE_BULK = 2000;

/**
 * The ways a row finds its product, each bringing the product's figures with it: a barcode, the supplier's own
 * article, a SKU. Names are never matched: two products may share one, and a wrong match would reprice the wrong
 * goods. A short list looks each row up; a long one reads the barcodes and the supplier's articles once into maps
 * (100k indexed lookups in the file's order, not the catalog's, cost seconds of page reads).
 */
export function catalogMatcher(db: Db, supplierId: number) {
  const FIGURES = 'p.id, p.price, p.cost, p.category_id AS categoryId';
  const byBarcode = db.raw.prepare<[string], MatchedProduct>(
    `SELECT ${FIGURES} FROM barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ?`,
  );
  const byArticle = db.raw.prepare<[number, string], MatchedProduct>(
    `SELECT ${FIGURES} FROM supplier_articles a JOIN products p ON p.id = a.product_id WHERE a.supplier_id = ? AND a.article = ?`,
  );
  const bySku = db.raw.prepare<[string], MatchedProduct>(`SELECT ${FIGURES} FROM products p WHERE p.sku = ?`);
  const allBarcodes = db.raw.prepare<[], MatchedProduct & { key: string }>(
    `SELECT b.code AS key, ${FIGURES} FROM barcodes b JOIN products p ON p.id = b.product_id`,
  );
  const allArticles = db.raw.prepare<[number], MatchedProduct & { key: string }>(
    `SELECT a.article AS key, ${FIGURES} FROM supplier_articles a JOIN products p ON p.id = a.product_id WHERE a.supplier_id = ?`,
  );
  const bulk = (all: () => IterableIterator<MatchedProduct & { key: string }>, one: (key: string) => MatchedProduct | undefined) => {
    let map: Map<string, MatchedProduct> | null = null;
    let lookups = 0;
    return (key: string): MatchedProduct | undefined => {
      if (!map && ++lookups > LOOKUPS_BEFORE_BULK) {
        map = new Map();
        for (const { key: k, ...p } of all()) map.set(k, p);
      }
      return map ? map.get(key) : one(key);
    };
  };
  return {
    barcode: bulk(
      () => allBarcodes.iterate(),
      (code) => byBarcode.get(code),
    ),
    article: bulk(
      () => allArticles.iterate(supplierId),
      (article) => byArticle.get(supplierId, article),
    ),
    sku: (sku: string) => bySku.get(sku),
  };
}

/**
 * An apply's changes staged in temp tables of the writer's connection (outside any transaction, a chunk at a time,
 * so the till is served in between), then written by a few set statements in one short transaction. 100k prices
 * written row by row from JavaScript held the writer for seconds; as one UPDATE ... FROM they take a fraction of one.
 * `name` is the apply's own (hex from its token): two applies never share a table.
 */
export function priceListStage(db: Db, name: string) {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`stage name ${name}: letters, digits and _ only`);
  const prices = `temp.${name}_prices`;
  const links = `temp.${name}_links`;
  db.raw.exec(`CREATE TABLE ${prices} (product_id INTEGER PRIMARY KEY, row INTEGER NOT NULL, from_price INTEGER NOT NULL,
      from_cost INTEGER NOT NULL, to_price INTEGER NOT NULL, to_cost INTEGER NOT NULL);
    CREATE TABLE ${links} (article TEXT PRIMARY KEY, product_id INTEGER NOT NULL);`);
  const addPrice = db.raw.prepare<[number, number, number, number, number, number]>(
    `INSERT INTO ${prices} (row, product_id, from_price, from_cost, to_price, to_cost) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const addLink = db.raw.prepare<[string, number]>(`INSERT OR IGNORE INTO ${links} (article, product_id) VALUES (?, ?)`);
  // A product gone, or its price or cost moved since the dry run: the first such row, for the message.
  const stale = db.raw
    .prepare<[], number>(
      `SELECT s.row FROM ${prices} s LEFT JOIN products p ON p.id = s.product_id
       WHERE p.id IS NULL OR p.price <> s.from_price OR p.cost <> s.from_cost ORDER BY s.row LIMIT 1`,
    )
    .pluck();
  const update = db.raw.prepare<[string]>(
    `UPDATE products SET price = s.to_price, cost = s.to_cost, updated_at = ? FROM ${prices} s WHERE products.id = s.product_id`,
  );
  const link = db.raw.prepare<[number]>(
    `INSERT INTO supplier_articles (supplier_id, article, product_id) SELECT ?, article, product_id FROM ${links} WHERE true
     ON CONFLICT DO NOTHING`,
  );
  return {
    /** One chunk of changes: row, product, then price and cost before and after (4 figures a change). */
    addPrices: (rows: Int32Array, productIds: Int32Array, figures: Float64Array, from: number, to: number) =>
      db.raw.transaction(() => {
        for (let i = from; i < to; i++) {
          const f = i * 4;
          addPrice.run(rows[i]!, productIds[i]!, figures[f]!, figures[f + 1]!, figures[f + 2]!, figures[f + 3]!);
        }
      })(),
    addLinks: (chunk: { article: string; productId: number }[]) =>
      db.raw.transaction(() => {
        for (const l of chunk) addLink.run(l.article, l.productId);
      })(),
    /** Inside the apply's transaction. */
    staleRow: (): number | undefined => stale.get(),
    /** Inside the apply's transaction, after staleRow found none: every staged price and cost, at once. */
    writePrices: (at: string): number => update.run(at).changes,
    /** Links the supplier's articles to their products, unless an article already names one. */
    writeLinks: (supplierId: number): number => link.run(supplierId).changes,
    drop: () => db.raw.exec(`DROP TABLE IF EXISTS ${prices}; DROP TABLE IF EXISTS ${links};`),
  };
}
