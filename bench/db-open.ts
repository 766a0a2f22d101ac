import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createCore, DB_FILE } from '../core/app';
import { AppHost } from '../core/host';
import { knownSchemaVersion, openDatabase } from '../db/connection';
import { ledgerViolations } from '../db/queries/stock';
import { MIGRATIONS, nowMs, rng, tempDir } from './util';

const LINES_PER_DOC = 5;
/** Bump when the generated content changes, so old caches are not reused. */
const BUILDER = 2;

/** Cache key: schema version plus a hash of the migration files (an edited migration means a new db). */
function cacheFile(movements: number): string {
  const h = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort())
    h.update(f).update(readFileSync(path.join(MIGRATIONS, f)));
  const key = `v${knownSchemaVersion(MIGRATIONS)}-${h.digest('hex').slice(0, 10)}-b${BUILDER}-m${movements}`;
  return path.join(tmpdir(), 'lavka-bench-cache', key, DB_FILE);
}

/**
 * The demo shop (created by the app) plus `movements` movements written raw, consistent with the app's rules:
 * 5-line documents (1 in 10 a receipt, else a sale with a payment), a line and a movement per line, a hash-chained
 * audit row per document, sequences advanced, on-hand rebuilt from the movement sums (bench/outbox.ts ages the outbox).
 */
function build(file: string, movements: number): void {
  const dir = path.dirname(file);
  const tmp = `${dir}.building-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  createCore({ dataDir: tmp, migrationsDir: MIGRATIONS, version: '0.0.0-bench', mode: 'local', demo: true }).close();
  const db = new Database(path.join(tmp, DB_FILE));
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -200000');
  const products = db.prepare(`SELECT id, price, tax_rate_bp AS tax FROM products ORDER BY id`).all() as {
    id: number;
    price: number;
    tax: number;
  }[];
  const seq = (name: string) =>
    (db.prepare(`SELECT next FROM sequences WHERE name = ?`).get(name) as { next: number } | undefined)?.next ?? 1;
  let nextSale = seq('doc.sale');
  let nextReceipt = seq('doc.receipt');
  let prevHash =
    (db.prepare(`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`).get() as { hash: string } | undefined)?.hash ?? '0'.repeat(64);
  const s = {
    doc: db.prepare(
      `INSERT INTO documents (uuid, request_hash, type, number, status, location_id, author_id, total, tax_total, created_at, posted_at, business_date) VALUES (?, ?, ?, ?, 'posted', 1, ?, ?, ?, ?, ?, substr(?, 1, 10))`,
    ),
    line: db.prepare(
      `INSERT INTO document_lines (document_id, line_no, product_id, qty, price, amount, tax_rate_bp, tax_amount, cost_amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    move: db.prepare(
      `INSERT INTO stock_movements (document_id, line_id, product_id, location_id, qty_delta, value_delta, at, business_date) VALUES (?, ?, ?, 1, ?, ?, ?, substr(?, 1, 10))`,
    ),
    pay: db.prepare(`INSERT INTO payments (document_id, method, amount) VALUES (?, ?, ?)`),
    audit: db.prepare(
      `INSERT INTO audit_log (at, user_id, action, entity, entity_id, data, prev_hash, hash) VALUES (?, ?, 'doc.post', 'document', ?, ?, ?, ?)`,
    ),
  };
  const rand = rng(1234);
  const docs = Math.ceil(movements / LINES_PER_DOC);
  const start = Date.parse('2024-01-01T08:00:00Z');
  const chunk = db.transaction((from: number, to: number) => {
    for (let d = from; d < to; d++) {
      const receipt = d % 10 === 0;
      const at = new Date(start + d * 30_000).toISOString();
      const number = receipt ? `P-${String(nextReceipt++).padStart(6, '0')}` : `S-${String(nextSale++).padStart(6, '0')}`;
      const uuid = `00000000-0000-4000-8000-${d.toString(16).padStart(12, '0')}`;
      const lines = Array.from({ length: LINES_PER_DOC }, () => {
        const p = products[Math.floor(rand() * products.length)]!;
        const qty = receipt ? 100_000 : 1000 * (1 + Math.floor(rand() * 3));
        const amount = Math.round((p.price * qty) / 1000);
        return { p, qty, amount, cost: Math.round(amount * 0.7), tax: Math.round((amount * p.tax) / (10000 + p.tax)) };
      });
      const total = lines.reduce((a, l) => a + l.amount, 0);
      const taxTotal = lines.reduce((a, l) => a + l.tax, 0);
      const userId = receipt ? 1 : 2;
      const docId = s.doc.run(
        uuid,
        createHash('sha256').update(uuid).digest('hex'),
        receipt ? 'receipt' : 'sale',
        number,
        userId,
        total,
        taxTotal,
        at,
        at,
        at,
      ).lastInsertRowid;
      lines.forEach((l, i) => {
        const lineId = s.line.run(docId, i + 1, l.p.id, l.qty, l.p.price, l.amount, l.p.tax, l.tax, l.cost).lastInsertRowid;
        s.move.run(docId, lineId, l.p.id, receipt ? l.qty : -l.qty, receipt ? l.cost : -l.cost, at, at);
      });
      if (!receipt) s.pay.run(docId, d % 2 ? 'card' : 'cash', total);
      const data = JSON.stringify({ type: receipt ? 'receipt' : 'sale', number, total, lines: LINES_PER_DOC });
      const hash = createHash('sha256')
        .update(JSON.stringify([prevHash, at, userId, 'doc.post', 'document', String(docId), data]))
        .digest('hex');
      s.audit.run(at, userId, String(docId), data, prevHash, hash);
      prevHash = hash;
    }
  });
  for (let d = 0; d < docs; d += 20_000) chunk(d, Math.min(docs, d + 20_000));
  db.transaction(() => {
    db.prepare(`INSERT OR REPLACE INTO sequences (name, next) VALUES ('doc.sale', ?), ('doc.receipt', ?)`).run(nextSale, nextReceipt);
    db.prepare(
      `INSERT OR REPLACE INTO on_hand (product_id, location_id, qty, value) SELECT product_id, location_id, SUM(qty_delta), SUM(value_delta) FROM stock_movements GROUP BY product_id, location_id`,
    ).run();
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const check = openDatabase({ file: path.join(tmp, DB_FILE), migrationsDir: MIGRATIONS });
  const bad = ledgerViolations(check);
  const n = (check.raw.prepare('SELECT count(*) AS n FROM stock_movements').get() as { n: number }).n;
  check.raw.close();
  if (bad.length || n < movements) throw new Error(`built db is inconsistent: ${bad.length} violations, ${n} movements`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  renameSync(tmp, dir);
  // Older schema versions' dbs (~300 MB each) are dead weight now; leave other runs' half-built ones alone.
  for (const other of readdirSync(path.dirname(dir))) {
    if (other !== path.basename(dir) && !other.includes('.building-'))
      rmSync(path.join(path.dirname(dir), other), { recursive: true, force: true });
  }
}

/** The cached demo shop with `movements` movements (built on first use): path and, when built now, the seconds it took. */
export function movementsDb(movements: number): { cache: string; builtS: number | null } {
  const cache = cacheFile(movements);
  let builtS: number | null = null;
  if (!existsSync(cache)) {
    const t0 = nowMs();
    build(cache, movements);
    builtS = (nowMs() - t0) / 1000;
  }
  return { cache, builtS };
}

export interface DbOpenResult {
  /** AppHost start after a clean stop, until it serves: open, pragmas, migration check, base rows. */
  openMs: number[];
  /** The quick_check that then runs in a worker while the app already serves. */
  quickCheckMs: number[];
  /** Start after a crash (marker left behind): quick_check runs before serving. */
  afterCrashMs: number[];
  openNoCheckMs: number[];
  sizeMb: number;
  builtS: number | null;
  cache: string;
}

/** Samples on a copy of the cached db: the app's start after a clean stop and after a crash, and a bare open. */
export async function benchDbOpen(movements: number, runs: number): Promise<DbOpenResult> {
  const { cache, builtS } = movementsDb(movements);
  const t = tempDir('lavka-bench-open-');
  try {
    const file = path.join(t.dir, DB_FILE);
    copyFileSync(cache, file);
    const opts = { dataDir: t.dir, migrationsDir: MIGRATIONS, version: '0.0.0-bench', mode: 'local' as const };
    const warm = new AppHost(opts, { devices: false }); // warm the page cache and module state
    await warm.integrityChecked;
    await warm.close();
    const openMs: number[] = [];
    const quickCheckMs: number[] = [];
    const afterCrashMs: number[] = [];
    const openNoCheckMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t0 = nowMs();
      const host = new AppHost(opts, { devices: false });
      openMs.push(nowMs() - t0);
      if (!host.core) throw new Error('AppHost did not open the bench database');
      t0 = nowMs();
      await host.integrityChecked;
      quickCheckMs.push(nowMs() - t0);
      if (!host.core) throw new Error('the bench database failed quick_check');
      await host.close();

      writeFileSync(path.join(t.dir, 'lavka.running'), 'crashed');
      t0 = nowMs();
      const crashed = new AppHost(opts, { devices: false });
      afterCrashMs.push(nowMs() - t0);
      await crashed.close();

      t0 = nowMs();
      const db = openDatabase({ file, migrationsDir: MIGRATIONS, quickCheck: false });
      openNoCheckMs.push(nowMs() - t0);
      db.raw.close();
    }
    return { openMs, quickCheckMs, afterCrashMs, openNoCheckMs, sizeMb: statSync(file).size / 2 ** 20, builtS, cache };
  } finally {
    t.cleanup();
  }
}
