import { copyFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DB_FILE } from '../core/app';
import { AppHost } from '../core/host';
import { openDatabase } from '../db/connection';
import { historyDb, MOVEMENTS_PER_SALE } from './history';
import { MIGRATIONS, nowMs, tempDir } from './util';

/**
 * The demo shop with about `movements` stock movements of history (bench/history.ts, the bench's one history
 * builder: shifts, sales, returns, receipts, audit, outbox as the app leaves them), built on first use and cached.
 */
export function movementsDb(movements: number, log: (s: string) => void = () => {}): { cache: string; builtS: number | null } {
  const { file, builtS } = historyDb({ sales: Math.ceil(movements / MOVEMENTS_PER_SALE), catalog: 0 }, log);
  return { cache: file, builtS };
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
