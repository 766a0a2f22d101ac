/**
 * A big catalog for the search and scan benches: the demo shop (created by the app, so its users, roles and settings
 * are real) plus `n` generated products with one EAN-13 each, inserted with raw SQL in one transaction. The FTS
 * triggers of the migrations keep products_fts in step (its 'rebuild' command would not help: since 0004 it is a
 * regular FTS5 table that indexes its own stored copy, so rows that bypassed the triggers could not be recovered).
 * Products sit in a two-level category tree (the catalog screen's filter). Barcodes go in before their product (foreign keys deferred to the commit), so the product's insert trigger indexes
 * name, SKU and code at once instead of the barcode trigger deleting and re-indexing the row.
 *
 * Cached under os.tmpdir() keyed by schema version, a hash of the migrations, the builder and n, like db-open.ts.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createCore, DB_FILE } from '../core/app';
import { withCheckDigit } from '../core/barcode';
import { DEMO_CATEGORIES } from '../core/demo/catalog';
import { migrationsKey } from './cache-key';
import { MIGRATIONS, nowMs, rng } from './util';

/** Bump when the generated content changes, so old caches are not reused. */
const BUILDER = 2;
/** Not db-open.ts's cache folder: it removes every other entry of its own folder. */
const CACHE_ROOT = path.join(tmpdir(), 'lavka-bench-catalog');

export const benchSku = (i: number): string => `C-${String(i).padStart(6, '0')}`;
/** EAN-13 in a GS1 range (465 + 9 digits + check digit), never a restricted-circulation (2x, weighed) code. */
export const benchBarcode = (i: number): string => withCheckDigit(`465${String(i).padStart(9, '0')}`);

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ra',
  'vel',
  'to',
  'sun',
  'dor',
  'bel',
  'nik',
  'zor',
  'pra',
  'sta',
  'gri',
  'mar',
  'len',
  'tek',
  'vi',
  'ol',
  'an',
  'ber',
  'pol',
  'us',
  'che',
];

/** 1500 made-up brand names of 2-3 syllables: a realistic spread of name words and prefixes. */
function brands(): string[] {
  const rand = rng(77);
  const out = new Set<string>();
  while (out.size < 1500) {
    const n = 2 + Math.floor(rand() * 2);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    out.add(w[0]!.toUpperCase() + w.slice(1));
  }
  return [...out];
}

/** Product i (1-based): "<item> <Brand> <variant>", e.g. "Apple juice Velmira 1 l", priced from its category. */
export function benchProduct(i: number, brandList: string[], rand: () => number) {
  const c = DEMO_CATEGORIES[Math.floor(rand() * DEMO_CATEGORIES.length)]!;
  const item = c.items[Math.floor(rand() * c.items.length)]!;
  const variant = c.variants[Math.floor(rand() * c.variants.length)]!;
  const brand = brandList[Math.floor(rand() * brandList.length)]!;
  const price = Math.round((c.price[0] + rand() * (c.price[1] - c.price[0])) / 100) * 100;
  const active = rand() > 0.03;
  return {
    sku: benchSku(i),
    name: `${item} ${brand} ${variant}`,
    barcode: benchBarcode(i),
    price,
    tax: c.tax,
    active,
    category: `${c.name} / ${item}`,
  };
}

function build(file: string, n: number): void {
  const dir = path.dirname(file);
  const tmp = `${dir}.building-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  createCore({ dataDir: tmp, migrationsDir: MIGRATIONS, version: '0.0.0-bench', mode: 'local', demo: true }).close();
  const db = new Database(path.join(tmp, DB_FILE));
  try {
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -400000');
    db.pragma('foreign_keys = ON');
    const firstId = (db.prepare('SELECT COALESCE(MAX(id), 0) + 1 AS id FROM products').get() as { id: number }).id;
    // The catalog screen filters by category: a tree of the demo's 16 groups, each with a leaf per kind of item
    // (Dairy / Milk, Dairy / Kefir…), ~110 leaves of ~1800 products under groups of ~12k.
    const insC = db.prepare('INSERT INTO categories (name, parent_id) VALUES (?, ?)');
    const leaf = new Map<string, number>();
    for (const c of DEMO_CATEGORIES) {
      const parent = Number(insC.run(c.name, null).lastInsertRowid);
      for (const item of c.items) leaf.set(`${c.name} / ${item}`, Number(insC.run(`${c.name} / ${item}`, parent).lastInsertRowid));
    }
    const insB = db.prepare('INSERT INTO barcodes (code, product_id) VALUES (?, ?)');
    const insP = db.prepare(
      'INSERT INTO products (id, sku, name, unit, price, cost, tax_rate_bp, category_id, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const brandList = brands();
    const rand = rng(4242);
    db.transaction(() => {
      db.pragma('defer_foreign_keys = ON');
      for (let i = 1; i <= n; i++) {
        const p = benchProduct(i, brandList, rand);
        const id = firstId + i - 1;
        insB.run(p.barcode, id);
        insP.run(id, p.sku, p.name, 'pcs', p.price, Math.round(p.price * 0.7), p.tax, leaf.get(p.category)!, p.active ? 1 : 0);
      }
    })();
    // The index must match the products exactly: one row each, and FTS5's own consistency check.
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const products = count('SELECT count(*) AS n FROM products');
    const indexed = count('SELECT count(*) AS n FROM products_fts');
    if (products !== indexed) throw new Error(`products_fts out of step: ${indexed} rows for ${products} products`);
    db.prepare(`INSERT INTO products_fts (products_fts) VALUES ('integrity-check')`).run();
    const code = benchBarcode(Math.ceil(n / 2));
    const hit = db.prepare(`SELECT rowid AS id FROM products_fts WHERE products_fts MATCH ?`).all(`codes:"${code}"`) as { id: number }[];
    if (hit.length !== 1 || hit[0]!.id !== firstId + Math.ceil(n / 2) - 1) throw new Error(`products_fts does not find barcode ${code}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  renameSync(tmp, dir);
}

/** Path of the cached database (built when missing) and the build time in s (null when cached). */
export function catalogDb(n: number, log: (s: string) => void): { file: string; builtS: number | null } {
  const key = `${migrationsKey()}-b${BUILDER}`;
  const file = path.join(CACHE_ROOT, `${key}-n${n}`, DB_FILE);
  if (existsSync(file)) {
    log(`  cached catalog db ${file}`);
    return { file, builtS: null };
  }
  log(`  building a catalog db of ${n} products (cached for later runs)…`);
  const t0 = nowMs();
  build(file, n);
  const builtS = (nowMs() - t0) / 1000;
  log(`  built ${file} in ${builtS.toFixed(1)} s`);
  // Caches of other schema versions or builders are dead weight; other sizes of this one stay (search and scan differ).
  for (const other of readdirSync(CACHE_ROOT)) {
    if (!other.startsWith(`${key}-`) && !other.includes('.building-'))
      rmSync(path.join(CACHE_ROOT, other), { recursive: true, force: true });
  }
  return { file, builtS };
}
