/**
 * The device service's outbox poll on an aged shop. It looks for printer jobs every 3 s and after every sale, on the
 * thread that answers the till, so it must cost next to nothing however much history the outbox holds.
 *
 * The database: a year of a shop's outbox, `rows` rows: stock and price changes for a web store whose sync went
 * offline a third of the way in (its rows are all still held), and receipts, Z reports and drawer kicks the printer
 * has printed, followed by a few receipts waiting for paper. Built with raw SQL in one transaction and cached under
 * os.tmpdir() keyed by the migrations, the builder and `rows` (like catalog-db.ts).
 *
 * Measured, interleaved poll by poll on a copy: the printer's pending lookup as the service runs it (the print store's
 * load: its consumer state, one seek per printer topic, the rows parsed), against a floor of the same lookup as
 * plain prepared `SELECT ... WHERE topic = ? AND id > ? ORDER BY id LIMIT ?` statements (one per printer topic); the
 * queue depth the status publishes; and prune batches (what the hourly prune holds the writer lock for).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createCore, DB_FILE } from '../core/app';
import { outboxPrintStore, printerOutbox } from '../core/devices/print-outbox';
import type { PrintJob } from '../core/devices/print-queue';
import { DEVICE_TOPICS } from '../core/devices/receipt-data';
import { pruneOutbox } from '../core/outbox';
import { knownSchemaVersion, openDatabase } from '../db/connection';
import { MIGRATIONS, nowMs, tempDir } from './util';

/** Bump when the generated content changes, so old caches are not reused. */
const BUILDER = 1;
const CACHE_ROOT = path.join(tmpdir(), 'lavka-bench-outbox');
const WEB_TOPICS = ['stock.changed', 'price.changed'];
/** Receipts waiting for the printer at the end (paper out). */
const WAITING = 5;
const YEAR_MS = 365 * 86400_000;

function cacheFile(rows: number): string {
  const h = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort())
    h.update(f).update(readFileSync(path.join(MIGRATIONS, f)));
  return path.join(CACHE_ROOT, `v${knownSchemaVersion(MIGRATIONS)}-${h.digest('hex').slice(0, 10)}-b${BUILDER}-r${rows}`, DB_FILE);
}

/** Row i of the history: 40% stock changes, 20% price changes, 30% receipts, 5% Z reports, 5% drawer kicks. */
function historyRow(i: number): [string, string] {
  const k = i % 20;
  if (k < 8) return ['stock.changed', `{"productId":${(i * 7919) % 20000},"qty":${(i % 50) * 1000}}`];
  if (k < 12) return ['price.changed', `{"productId":${(i * 104729) % 20000},"price":${1000 + (i % 900) * 10}}`];
  if (k < 18) return ['receipt.print', `{"docId":${i},"change":${(i % 7) * 100}}`];
  if (k === 18) return ['report.print', `{"shiftId":${i},"kind":"Z"}`];
  return ['drawer.kick', `{"reason":"change","userId":2}`];
}

function build(file: string, rows: number): void {
  const dir = path.dirname(file);
  const tmp = `${dir}.building-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  createCore({ dataDir: tmp, migrationsDir: MIGRATIONS, version: '0.0.0-bench', mode: 'local' }).close();
  const db = new Database(path.join(tmp, DB_FILE));
  try {
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -200000');
    const insert = db.prepare('INSERT INTO outbox (topic, payload, created_at) VALUES (?, ?, ?)');
    const start = Date.now() - YEAR_MS;
    const history = rows - WAITING;
    db.transaction(() => {
      for (let i = 1; i <= history; i++) insert.run(...historyRow(i), new Date(start + (i * YEAR_MS) / rows).toISOString());
      const printed =
        (db
          .prepare(`SELECT max(id) FROM outbox WHERE topic IN ('receipt.print', 'report.print', 'drawer.kick')`)
          .pluck()
          .get() as number) ?? 0;
      db.prepare(`UPDATE outbox_consumers SET cursor = ? WHERE name = 'printer'`).run(printed);
      const offlineSince = Math.floor(history / 3);
      db.prepare('INSERT INTO outbox_consumers (name, topics, cursor) VALUES (?, ?, ?)').run(
        'webstore',
        JSON.stringify(WEB_TOPICS),
        offlineSince,
      );
      for (let i = 0; i < WAITING; i++) insert.run('receipt.print', `{"docId":${history + i + 1}}`, new Date().toISOString());
    })();
    const n = db.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
    if (n !== rows) throw new Error(`built outbox has ${n} rows, not ${rows}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  renameSync(tmp, dir);
  for (const other of readdirSync(CACHE_ROOT)) {
    if (other !== path.basename(dir) && !other.includes('.building-'))
      rmSync(path.join(CACHE_ROOT, other), { recursive: true, force: true });
  }
}

export interface OutboxBenchResult {
  pendingMs: number[];
  floorMs: number[];
  depthMs: number[];
  pruneBatchMs: number[];
  pruned: number;
  builtS: number | null;
  cache: string;
}

export async function benchOutbox(rows: number, polls: number, pruneBatches: number): Promise<OutboxBenchResult> {
  const cache = cacheFile(rows);
  let builtS: number | null = null;
  if (!existsSync(cache)) {
    const t0 = nowMs();
    build(cache, rows);
    builtS = (nowMs() - t0) / 1000;
  }
  const t = tempDir('lavka-bench-outbox-');
  try {
    const file = path.join(t.dir, DB_FILE);
    copyFileSync(cache, file);
    const db = openDatabase({ file, migrationsDir: MIGRATIONS });
    try {
      // What the device service runs: the print store's load (transport 'none' renders nothing), then the depth.
      const store = outboxPrintStore(db, { render: () => Buffer.alloc(0) });
      const load = (): PrintJob[] => store.load() as PrintJob[]; // the outbox store is synchronous
      const printer = printerOutbox(db);
      const cursor = db.raw.prepare('SELECT cursor FROM outbox_consumers WHERE name = ?').pluck().get('printer') as number;
      const floor = db.raw.prepare('SELECT id, topic, payload FROM outbox WHERE topic = ? AND id > ? ORDER BY id LIMIT ?');
      const floorPoll = () => DEVICE_TOPICS.map((topic) => floor.all(topic, cursor, 50));
      const loaded = load();
      if (loaded.length !== WAITING || floorPoll().flat().length !== WAITING)
        throw new Error(`expected ${WAITING} waiting receipts, got ${loaded.length}`);
      const pendingMs: number[] = [];
      const floorMs: number[] = [];
      const depthMs: number[] = [];
      for (let i = 0; i < polls + 100; i++) {
        // Alternate which goes first, so drift in the machine's speed hits both alike.
        const runs: [number[], () => unknown][] = [
          [pendingMs, load],
          [floorMs, floorPoll],
        ];
        for (const [into, f] of i % 2 ? runs.reverse() : runs) {
          const t0 = nowMs();
          f();
          if (i >= 100) into.push(nowMs() - t0);
        }
        const t0 = nowMs();
        printer.depth();
        if (i >= 100) depthMs.push(nowMs() - t0);
      }
      // Prune batches on the aged copy (synchronous=FULL: each batch is a commit, as in the app).
      const pruneBatchMs: number[] = [];
      let pruned = 0;
      for (let i = 0; i < pruneBatches; i++) {
        const t0 = nowMs();
        const n = pruneOutbox(db);
        pruneBatchMs.push(nowMs() - t0);
        pruned += n;
        if (n === 0) break;
      }
      if (load().length !== WAITING) throw new Error('pruning lost a waiting receipt');
      return { pendingMs, floorMs, depthMs, pruneBatchMs, pruned, builtS, cache };
    } finally {
      db.raw.close();
    }
  } finally {
    t.cleanup();
  }
}
