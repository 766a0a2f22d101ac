import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../core/app';
import { copyDemoShop } from './demo-template';
import type { Caller } from '../core/api/dispatch';
import type { Result } from '../core/contract/api';
import { openShift as openShiftRow } from '../core/counter/shifts';
import { openShiftAt } from '../db/queries/counter/shifts';
import type { Db } from '../db/connection';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MIGRATIONS = path.join(ROOT, 'db', 'migrations');

/** A fresh data dir under the OS temp dir; removed by the returned cleanup. */
export function tempDir(prefix = 'lavka-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A core on a real SQLite file in a temp dir; `demo` gives it the demo shop (a copy of the run's seeded one). */
export function testCore(opts: { demo?: boolean; dataDir?: string } = {}): Core & { dir: string; cleanup: () => void } {
  const t = opts.dataDir ? { dir: opts.dataDir, cleanup: () => {} } : tempDir();
  if (opts.demo ?? true) copyDemoShop(t.dir);
  const core = createCore({ dataDir: t.dir, migrationsDir: MIGRATIONS, version: '0.0.0-test', mode: 'local', demo: opts.demo ?? true });
  return Object.assign(core, {
    dir: t.dir,
    cleanup: () => {
      core.close();
      t.cleanup();
    },
  });
}

/** Demo users and their PINs (README lists the same). */
export const DEMO = {
  owner: { id: 1, pin: '1111' },
  cashier: { id: 2, pin: '2222' },
  bookkeeper: { id: 3, pin: '3333' },
  manager: { id: 4, pin: '4444' },
} as const;

/** Logs a demo user in and returns a typed caller acting as them. */
export async function as(core: Core, who: keyof typeof DEMO): Promise<Caller> {
  const r = await core.call({ session: null }, 'auth.login', { userId: DEMO[who].id, pin: DEMO[who].pin });
  if (!r.ok) throw new Error(`login ${who} failed: ${r.error.message}`);
  const session = core.sessions.get((r.value as { token: string }).token);
  return core.caller({ session });
}

/** The same caller without its types, for input the core must refuse (not the compiler). */
export type LooseCaller = (method: string, input: unknown) => Promise<Result<unknown>>;
export const loose = (call: Caller): LooseCaller => call as unknown as LooseCaller;

export function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

export const uuid = (): string => randomUUID();

/** Sales need an open cash shift at their location: opens one (float 0, by the owner) where none is open. */
export function openShift(core: Pick<Core, 'db'>, locationIds: number[] = [1], userId = DEMO.owner.id): void {
  for (const loc of locationIds) if (!openShiftAt(core.db, loc)) openShiftRow(core.db, userId, loc, 0);
}

/** The file of a report.export answer, as it waits in the core's downloads store. */
export function exportedFile(core: Pick<Core, 'svc'>, f: { downloadId: string }): string {
  const held = core.svc.downloads.peek(f.downloadId);
  if (!held) throw new Error(`no download ${f.downloadId}`);
  return held.file;
}

/**
 * A test's big seed as one transaction under an in-memory rollback journal: under WAL a transaction this size spills
 * its pages into the log over and over (~2.5-3x the CPU of the inserts, most of it system calls). WAL is back, and
 * checked, before it returns, so the test runs on the file as the app keeps it.
 */
export function bulkLoad(db: Db, load: () => void): void {
  if (db.raw.pragma('journal_mode = MEMORY', { simple: true }) !== 'memory') throw new Error('journal_mode = MEMORY refused');
  try {
    db.raw.transaction(load)();
  } finally {
    db.raw.pragma('journal_mode = WAL');
  }
  if (db.raw.pragma('journal_mode', { simple: true }) !== 'wal') throw new Error('WAL not restored after the bulk load');
}
