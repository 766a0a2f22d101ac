import type { Db } from '../connection';
import { perConnection } from '../prepared';

const stmts = perConnection((db) => ({
  // The row holds the next number to give; the first call creates it having given 1.
  advance: db.raw.prepare<[string], { next: number }>(
    `INSERT INTO sequences (name, next) VALUES (?, 2) ON CONFLICT (name) DO UPDATE SET next = next + 1 RETURNING next`,
  ),
  // What a scan looks up (db/queries/products.ts exactCode): a code is taken as a barcode or as a SKU.
  taken: db.raw.prepare<[string, string], { one: number }>(
    'SELECT 1 AS one FROM barcodes WHERE code = ? UNION ALL SELECT 1 FROM products WHERE sku = ? LIMIT 1',
  ),
}));

/** Takes the next number of a sequence (1, 2, 3...): a number once taken is never given again, even if unused. */
export const takeSequenceNumber = (db: Db, name: string): number => stmts(db).advance.get(name)!.next - 1;

/** True when a scan of `code` would already find a product (by barcode or SKU). */
export const codeInUse = (db: Db, code: string): boolean => stmts(db).taken.get(code, code) !== undefined;
