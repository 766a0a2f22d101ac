/**
 * The device service's outbox poll on the aged shop. It looks for printer jobs every 3 s and after every sale, on the
 * thread that answers the till, so it must cost next to nothing however much history the shop has.
 *
 * The database: the aged shop of history.ts (two years of sales), whose outbox is as the app leaves it: the receipt
 * and Z report jobs of the last retention window (older ones pruned), the printer's cursor before the last few
 * receipts (paper out), two dead letters. Measured, interleaved poll by poll on a copy: the printer's pending lookup as
 * the service runs it (the print store's load: its consumer state, one seek per printer topic, the rows parsed),
 * against a floor of the same lookup as plain prepared `SELECT ... WHERE topic = ? AND id > ? ORDER BY id LIMIT ?`
 * statements (one per printer topic); the queue depth the status publishes; and the prune batches the hourly prune
 * runs the next day (a day's jobs have left the retention window meanwhile).
 */
import path from 'node:path';
import { DB_FILE } from '../core/app';
import { outboxPrintStore, printerOutbox } from '../core/devices/print-outbox';
import type { PrintJob } from '../core/devices/print-queue';
import { DEVICE_TOPICS } from '../core/devices/receipt-data';
import { pruneOutbox } from '../core/outbox';
import { openDatabase } from '../db/connection';
import type { HistoryDb } from './history';
import { WAITING } from './history-days';
import { copySynced, MIGRATIONS, nowMs, tempDir } from './util';

export interface OutboxBenchResult {
  pendingMs: number[];
  floorMs: number[];
  depthMs: number[];
  pruneBatchMs: number[];
  pruned: number;
  rows: number;
  builtS: number | null;
  cache: string;
}

export async function benchOutbox(aged: HistoryDb, polls: number, pruneBatches: number): Promise<OutboxBenchResult> {
  const { file: cache, builtS } = aged;
  const t = tempDir('lavka-bench-outbox-');
  try {
    const file = path.join(t.dir, DB_FILE);
    // On disk before the clock starts: otherwise the first prune batch's commit waits for the copy's write-back.
    copySynced(cache, file);
    const db = openDatabase({ file, migrationsDir: MIGRATIONS });
    try {
      // What the device service runs: the print store's load (transport 'none' renders nothing), then the depth.
      const store = outboxPrintStore(db, { render: () => Buffer.alloc(0) });
      const load = (): PrintJob[] => store.load() as PrintJob[]; // the outbox store is synchronous
      const printer = printerOutbox(db);
      const cursor = db.raw.prepare('SELECT cursor FROM outbox_consumers WHERE name = ?').pluck().get('printer') as number;
      const floor = db.raw.prepare('SELECT id, topic, payload FROM outbox WHERE topic = ? AND id > ? ORDER BY id LIMIT ?');
      const floorPoll = () => DEVICE_TOPICS.map((topic) => floor.all(topic, cursor, 50));
      const rows = db.raw.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
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
      const nextDay = new Date(Date.parse(aged.meta.now) + 86_400_000);
      let pruned = 0;
      for (let i = 0; i < pruneBatches; i++) {
        const t0 = nowMs();
        const n = pruneOutbox(db, { now: nextDay });
        pruneBatchMs.push(nowMs() - t0);
        pruned += n;
        if (n === 0) break;
      }
      if (load().length !== WAITING) throw new Error('pruning lost a waiting receipt');
      return { pendingMs, floorMs, depthMs, pruneBatchMs, pruned, rows, builtS, cache };
    } finally {
      db.raw.close();
    }
  } finally {
    t.cleanup();
  }
}
