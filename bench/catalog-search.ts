/**
 * `npx tsx bench/catalog-search.ts [--products N]`: catalog.search (FTS5 + the SKU/barcode indexes) over a generated
 * catalog (default 200k products with a barcode each, inserted with raw SQL in one transaction). Prints the insert
 * time and p50/p99 per query shape. Not wired into `npm run bench` (reports only).
 */
import { parseArgs } from 'node:util';
import { withCheckDigit } from '../core/barcode';
import { openDatabase } from '../db/connection';
import { searchProducts } from '../db/queries/products';
import { MIGRATIONS, nowMs, percentile, round, tempDir } from './util';

const { values } = parseArgs({
  options: { products: { type: 'string', default: '200000' }, runs: { type: 'string', default: '50' } },
  strict: true,
});
const N = Number(values.products);
const runs = Number(values.runs);
const t = tempDir('lavka-bench-search-');
const db = openDatabase({ file: `${t.dir}/lavka.sqlite`, migrationsDir: MIGRATIONS });
try {
  const words = ['apple', 'bread', 'cheese', 'sausage', 'tea', 'coffee', 'juice', 'water', 'candy', 'soap'];
  const insP = db.raw.prepare(`INSERT INTO products (id, sku, name, unit, price, tax_rate_bp) VALUES (?, ?, ?, 'pcs', 100, 2000)`);
  const insB = db.raw.prepare(`INSERT INTO barcodes (code, product_id) VALUES (?, ?)`);
  let t0 = nowMs();
  db.raw.transaction(() => {
    for (let i = 0; i < N; i++) {
      insP.run(i + 1, `G-${String(i).padStart(6, '0')}`, `${words[i % 10]} brand${i % 997} item${i}`);
      insB.run(withCheckDigit(`29${String(i).padStart(10, '0')}`), i + 1);
    }
  })();
  console.log(`insert ${N} products + barcodes (triggers keep products_fts): ${round((nowMs() - t0) / 1000, 2)} s`);
  for (const q of ['item123', 'chee', 'cheese brand5', 'a', 'G-0012', 'g-001234', withCheckDigit('290000001234'), '2900000012', 'zzz']) {
    const times: number[] = [];
    let hits = 0;
    for (let r = 0; r < runs; r++) {
      t0 = nowMs();
      hits = searchProducts(db, q, 50).length;
      times.push(nowMs() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(
      `${JSON.stringify(q).padEnd(18)} hits ${String(hits).padStart(3)}  p50 ${round(percentile(times, 50), 2)} ms  p99 ${round(percentile(times, 99), 2)} ms`,
    );
  }
} finally {
  db.raw.close();
  t.cleanup();
}
