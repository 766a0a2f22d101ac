/**
 * A shop with two years of history, as the app itself leaves it, written with raw prepared statements in big
 * transactions (synchronous=OFF while building). The one history builder of the bench: db-open.ts and reader.ts use
 * it on the demo shop (sized by movements), the aged figures (aged.ts, outbox.ts) on the scan bench's catalog.
 *
 * Every day of the 730 up to yesterday (in the shop's time zone, the setting timeZone): a morning receipt from the
 * suppliers (at cost, at most 200 lines a document) restocking what would otherwise run short that day, a shift
 * opened at 08:00 with a float, the day's sales (1-8 lines, ~3 on average; products drawn with a long tail: a few sell
 * every day, most now and then; paid cash with change or by card), a return now and then (a line of a recent sale,
 * refunded to the card it was paid with, else cash), and the shift closed at 21:00 with the counted cash and its Z
 * report. Each document carries its business date, shift, lines, movements at cost, payments and a hash-chained
 * audit row as writeDocument writes them; shift open and close are audited as core/counter/shifts.ts does. The outbox
 * holds what cart.pay, returns and shift closes enqueue, but only the last OUTBOX_RETENTION_MS of it: the device
 * service's hourly prune has taken everything older (ids keep counting, AUTOINCREMENT). The printer's cursor stands
 * before the last WAITING rows (paper out last night), and two jobs it could not render are dead letters.
 * Sequences are advanced and on-hand is rebuilt from the movement sums; ledgerViolations must find nothing.
 *
 * Cached under os.tmpdir() keyed by schema version, a hash of the migrations, BUILDER and the sizes.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createCore, DB_FILE } from '../core/app';
import { DEVICE_TOPICS } from '../core/devices/receipt-data';
import { OUTBOX_RETENTION_MS } from '../core/outbox';
import { machineTimeZone } from '../core/settings';
import { openDatabase, type Db } from '../db/connection';
import { derivedViolations } from '../db/queries/derived-check';
import { buildMonthStep } from '../db/queries/month-balances';
import { addDays } from '../db/queries/reports/shares';
import { catalogDb } from './catalog-db';
import { writeHistory, type Meta } from './history-days';
import { ledgerViolationCount } from './ledger-check';
import { migrationsKey } from './cache-key';
import { MIGRATIONS, nowMs } from './util';

/** Bump when the generated content changes, so old caches are not reused. */
const BUILDER = 4;
const CACHE_ROOT = path.join(tmpdir(), 'lavka-bench-history');
/**
 * Movements a sale brings on average (its lines, the receipts' share, returns): sizes db-open's shop by movements.
 * Under the real average (303,031 sales made 937,704 movements: 3.09), so a shop asked for 1M movements has them.
 */
export const MOVEMENTS_PER_SALE = 3.0;
/** Tables the history fills: their indexes go while loading (a unique one checks what it guards when created again). */
const HISTORY_TABLES = ['document_lines', 'stock_movements', 'payments', 'audit_log', 'documents'];

export interface HistorySpec {
  sales: number;
  /** Generated products of catalog-db.ts on top of the demo shop; 0: the demo shop alone. */
  catalog: number;
  /** Days of history up to yesterday (history-days.ts DAYS_DEFAULT, two years, unless given). */
  days?: number;
}

export interface HistoryDb {
  file: string;
  builtS: number | null;
  meta: Meta;
}

/** Builds the history shop of `spec` at `file` (its folder replaced), checked; the caller keeps the cache. */
export function buildHistory(file: string, spec: HistorySpec, log: (s: string) => void): Meta {
  const dir = path.dirname(file);
  const tmp = `${dir}.building-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  if (spec.catalog > 0) {
    mkdirSync(tmp, { recursive: true });
    copyFileSync(catalogDb(spec.catalog, log).file, path.join(tmp, DB_FILE));
  } else createCore({ dataDir: tmp, migrationsDir: MIGRATIONS, version: '0.0.0-bench', mode: 'local', demo: true }).close();
  const db = new Database(path.join(tmp, DB_FILE));
  let meta: Meta;
  try {
    // No journal while building (a failed build is thrown away); the app's WAL mode is set back at the end.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -400000');
    const tz = db.prepare(`SELECT value FROM settings WHERE key = 'timeZone'`).pluck().get() as string | undefined;
    const timeZone = tz ? (JSON.parse(tz) as string) : machineTimeZone();
    const topics = db.prepare(`SELECT topics FROM outbox_consumers WHERE name = 'printer'`).pluck().get() as string | undefined;
    if (topics !== JSON.stringify(DEVICE_TOPICS))
      throw new Error(`the printer consumer reads ${topics}, not ${JSON.stringify(DEVICE_TOPICS)}`);
    // The history tables' secondary indexes are dropped while loading and created again after, from their own SQL:
    // one sort each instead of millions of random inserts (the schema ends up exactly as the migrations made it).
    const indexes = db
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${HISTORY_TABLES.map(() => '?').join(', ')})`,
      )
      .all(...HISTORY_TABLES) as { name: string; sql: string }[];
    for (const i of indexes) db.exec(`DROP INDEX "${i.name}"`);
    const t0 = nowMs();
    meta = writeHistory(db, { sales: spec.sales, days: spec.days, timeZone, now: new Date(), retentionMs: OUTBOX_RETENTION_MS, log });
    log(`  rows written in ${((nowMs() - t0) / 1000).toFixed(1)} s; indexing…`);
    for (const i of indexes) db.exec(i.sql);
    db.pragma('journal_mode = WAL');
    log(`  history written in ${((nowMs() - t0) / 1000).toFixed(1)} s; checking the ledger…`);
  } finally {
    db.close();
  }
  const check = openDatabase({ file: path.join(tmp, DB_FILE), migrationsDir: MIGRATIONS, quickCheck: false });
  try {
    // The check reads every movement in product order, the rows themselves at random: a cache that holds them.
    check.raw.pragma('cache_size = -400000');
    const t1 = nowMs();
    const bad = ledgerViolationCount(check);
    log(`  ledger checked in ${((nowMs() - t1) / 1000).toFixed(1)} s`);
    if (bad) throw new Error(`built history is inconsistent: ${bad} ledger violations (on-hand against the movement sums)`);
    const n = (sql: string) => check.raw.prepare(sql).pluck().get() as number;
    if (n(`SELECT count(*) FROM documents WHERE type = 'sale'`) !== spec.sales) throw new Error('built history lacks sales');
    if (n(`SELECT count(*) FROM documents WHERE type IN ('sale', 'return') AND shift_id IS NULL`))
      throw new Error('a sale outside a shift');
    if (n(`SELECT count(*) FROM shifts WHERE closed_at IS NULL`)) throw new Error('a shift left open');
    // The month-end balances as the app leaves an aged shop (its writer builds each ended month once,
    // core/month-balances.ts): a cached copy without them would have the server build two years of them in the
    // background while the bench times its scans and sales.
    const t2 = nowMs();
    const chunks = buildMonthEnds(check, meta.lastDay);
    log(`  month ends built (${chunks} chunks) and derived tables checked in ${((nowMs() - t2) / 1000).toFixed(1)} s`);
  } finally {
    check.raw.close();
  }
  writeFileSync(path.join(tmp, 'history.json'), `${JSON.stringify(meta, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  renameSync(tmp, dir);
  return meta;
}

/**
 * The month ends a history's shop has once the app's writer has run (core/month-balances.ts), built every chunk in a
 * row: the history ends on `lastDay`, so every month before the next day's is built. Then the derived tables are
 * checked against the ledger (a difference throws). Returns the chunks built.
 */
export function buildMonthEnds(db: Db, lastDay: string): number {
  const today = addDays(lastDay, 1);
  let chunks = 0;
  while (buildMonthStep(db, today)) chunks += 1;
  const derived = derivedViolations(db);
  if (derived.length) throw new Error(`the derived tables differ from the ledger: ${JSON.stringify(derived.slice(0, 5))}`);
  return chunks;
}

/** The cached history shop (built when missing): its file, the build time in s (null when cached) and what it holds. */
export function historyDb(spec: HistorySpec, log: (s: string) => void): HistoryDb {
  const k = `${migrationsKey()}-b${BUILDER}`;
  const file = path.join(CACHE_ROOT, `${k}-s${spec.sales}-c${spec.catalog}`, DB_FILE);
  const metaFile = path.join(path.dirname(file), 'history.json');
  if (existsSync(file) && existsSync(metaFile)) {
    log(`  cached history db ${file}`);
    return { file, builtS: null, meta: JSON.parse(readFileSync(metaFile, 'utf8')) as Meta };
  }
  log(`  building a history db: ${spec.sales} sales over 2 years on ${spec.catalog || 'the demo'} products (cached for later runs)…`);
  const t0 = nowMs();
  const meta = buildHistory(file, spec, log);
  const builtS = (nowMs() - t0) / 1000;
  log(`  built ${file} in ${builtS.toFixed(1)} s: ${JSON.stringify(meta.counts)}`);
  // Other schema versions' or builders' dbs are dead weight; other sizes of this one stay (db-open and aged differ).
  for (const other of readdirSync(CACHE_ROOT)) {
    if (!other.startsWith(`${k}-`) && !other.includes('.building-')) rmSync(path.join(CACHE_ROOT, other), { recursive: true, force: true });
  }
  return { file, builtS, meta };
}
