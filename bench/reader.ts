/**
 * core/reader: what running a long read in a worker costs over running it on the calling thread, and what the till
 * sees meanwhile. The read is the bookkeeper's profitability by cashier over the whole history (report.profit by
 * employee: every sale and return line, grouped) on the cached demo shop with ~1M movements of history (db-open.ts
 * movementsDb, built by history.ts), through the app's own reader (a worker, read-only connection) against the same
 * function on a plain read-only connection in this thread.
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { createCore, DB_FILE, type Core } from '../core/app';
import { openShift } from '../core/counter/shifts';
import { openShiftAt } from '../db/queries/counter/shifts';
import { profitByPage } from '../db/queries/reports/sales';
import { openReadOnly } from '../db/readonly';
import { movementsDb } from './db-open';
import { MIGRATIONS, nowMs, tempDir } from './util';

const CASHIER = { id: 2, pin: '2222' };
const PER_CART = 20;
const BLOCK = 20;

export interface ReaderBenchResult {
  /** report.profit by employee through svc.reader (worker), ms per read. */
  workerMs: number[];
  /** The same function on a read-only connection in this thread. */
  mainMs: number[];
  rows: number;
  /** cart.scan in process while the worker runs the read over and over, and the same scans with no read running. */
  scanReadingMs: number[];
  scanIdleMs: number[];
  reads: number;
  builtS: number | null;
}

export async function benchReader(movements: number, rounds: number, scans: number, log: (s: string) => void): Promise<ReaderBenchResult> {
  const { cache, builtS } = movementsDb(movements);
  if (builtS !== null) log(`  built ${cache} in ${builtS.toFixed(1)} s`);
  const t = tempDir('lavka-bench-reader-');
  let core: Core | null = null;
  try {
    copyFileSync(cache, path.join(t.dir, DB_FILE));
    core = createCore({
      dataDir: t.dir,
      migrationsDir: MIGRATIONS,
      version: '0.0.0-bench',
      mode: 'local',
      quickCheck: false,
      readerWorkers: 1,
    });
    const reader = core.svc.reader;
    const plain = openReadOnly(core.dbFile);
    const days = plain.raw
      .prepare("SELECT MIN(business_date) AS from_, MAX(business_date) AS to_ FROM documents WHERE type = 'sale'")
      .get() as {
      from_: string;
      to_: string;
    };
    const read = { from: days.from_, to: days.to_, by: 'employee' as const, limit: 500 };
    const workerMs: number[] = [];
    const mainMs: number[] = [];
    let rows = 0;
    try {
      // Warm both: the worker started and its connection open, the pages in the OS cache.
      const viaWorker = await reader.run('report.profit', read);
      const direct = profitByPage(plain, read);
      if (JSON.stringify(viaWorker) !== JSON.stringify(direct)) throw new Error('report.profit differs between the worker and this thread');
      rows = direct.count;
      for (let r = 0; r < rounds; r++) {
        // Alternate which side goes first, so drift in the machine's speed hits both alike.
        const steps = [
          async () => {
            const t0 = nowMs();
            await reader.run('report.profit', read);
            workerMs.push(nowMs() - t0);
          },
          async () => {
            const t0 = nowMs();
            profitByPage(plain, read);
            mainMs.push(nowMs() - t0);
          },
        ];
        for (const step of r % 2 ? steps.reverse() : steps) await step();
      }
    } finally {
      plain.raw.close();
    }
    const s = await scansWhileReading(core, scans, () => reader.run('report.profit', read));
    return { workerMs, mainMs, rows, ...s, builtS };
  } finally {
    if (core) {
      await core.svc.reader.close();
      core.close();
    }
    t.cleanup();
  }
}

/** Blocks of scans, alternately with the worker reading every sale line in a loop and with nothing else running. */
async function scansWhileReading(
  core: Core,
  scans: number,
  longRead: () => Promise<unknown>,
): Promise<{ scanReadingMs: number[]; scanIdleMs: number[]; reads: number }> {
  if (!openShiftAt(core.db, 1)) openShift(core.db, 1, 1, 0);
  const r = await core.call({ session: null }, 'auth.login', { userId: CASHIER.id, pin: CASHIER.pin });
  if (!r.ok) throw new Error(`cashier login failed: ${r.error.message}`);
  const api = core.caller({ session: core.sessions.get((r.value as { token: string }).token) });
  const codes = (core.db.raw.prepare('SELECT code FROM barcodes ORDER BY code LIMIT 200').all() as { code: string }[]).map((c) => c.code);
  const cartId = async (): Promise<number> => {
    const c = await api('cart.current', {});
    if (!c.ok) throw new Error(`cart.current: ${c.error.message}`);
    if (!c.value.lines.length) return c.value.id;
    const p = await api('cart.park', { cartId: c.value.id });
    if (!p.ok) throw new Error(`cart.park: ${p.error.message}`);
    return cartId();
  };
  let id = await cartId();
  let n = 0;
  const scan = async (): Promise<number> => {
    if (n > 0 && n % PER_CART === 0) id = await cartId();
    const code = codes[n++ % codes.length]!;
    const t0 = nowMs();
    const x = await api('cart.scan', { cartId: id, code });
    const ms = nowMs() - t0;
    if (!x.ok) throw new Error(`cart.scan ${code}: ${x.error.code}: ${x.error.message}`);
    return ms;
  };
  const scanReadingMs: number[] = [];
  const scanIdleMs: number[] = [];
  let reads = 0;
  for (let b = 0; scanReadingMs.length < scans; b++) {
    if (b % 2) {
      for (let i = 0; i < BLOCK; i++) scanIdleMs.push(await scan());
      continue;
    }
    let reading = true;
    const loop = (async () => {
      while (reading) {
        await longRead();
        reads++;
      }
    })();
    // Let the worker get into its read before the first scan of the block.
    await new Promise((res) => setTimeout(res, 5));
    for (let i = 0; i < BLOCK; i++) scanReadingMs.push(await scan());
    reading = false;
    await loop;
  }
  return { scanReadingMs: scanReadingMs.sort((a, b) => a - b), scanIdleMs: scanIdleMs.sort((a, b) => a - b), reads };
}
