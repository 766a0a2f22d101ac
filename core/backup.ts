import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/connection';
import { checkInWorker } from '../db/integrity';

export type BackupReason = 'daily' | 'shift' | 'manual' | 'migration' | 'before-restore';

export interface BackupInfo {
  file: string;
  name: string;
  at: string;
  reason: BackupReason | 'unknown';
  bytes: number;
}

/** How many of each kind to keep; migration copies are few but precious. */
export const KEEP: Record<BackupReason, number> = { daily: 14, shift: 30, manual: 20, migration: 5, 'before-restore': 5 };

const NAME = /^lavka-(\d{8}T\d{6}\d{3}Z)-([a-z-]+)\.sqlite$/;

function stamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace('.', '');
}

function parseStamp(s: string): string {
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`;
}

export function listBackups(dir: string): BackupInfo[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => {
      const m = NAME.exec(name);
      const file = path.join(dir, name);
      if (m) return { file, name, at: parseStamp(m[1]!), reason: m[2] as BackupReason, bytes: statSync(file).size };
      // Pre-migration copies taken by db/connection.ts use their own name; list them too.
      if (name.endsWith('.sqlite'))
        return {
          file,
          name,
          at: statSync(file).mtime.toISOString(),
          reason: name.includes('-before-v') ? 'migration' : 'unknown',
          bytes: statSync(file).size,
        } as BackupInfo;
      return null;
    })
    .filter((b): b is BackupInfo => b !== null)
    .sort((a, b) => b.at.localeCompare(a.at));
}

/** A backup is only worth keeping if it opens and passes integrity_check. */
export function checkDatabaseFile(file: string): { ok: true } | { ok: false; problem: string } {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const ok = rows.length === 1 && rows[0]?.integrity_check === 'ok';
    return ok
      ? { ok: true }
      : {
          ok: false,
          problem: rows
            .map((r) => r.integrity_check)
            .slice(0, 3)
            .join('; '),
        };
  } catch (err) {
    return { ok: false, problem: (err as Error).message };
  } finally {
    db?.close();
  }
}

/**
 * Online backup from the writer connection (a write from another connection would restart it), paged so
 * sales keep posting meanwhile; the copy is checked, then older copies of the same kind are rotated out.
 */
export function backupNow(db: Db, dir: string, reason: BackupReason): Promise<BackupInfo> {
  const running = takeBackup(db, dir, reason);
  const all = inFlight.get(db) ?? new Set<Promise<unknown>>();
  inFlight.set(db, all);
  const settled: Promise<unknown> = running.then(
    () => all.delete(settled),
    () => all.delete(settled),
  );
  all.add(settled);
  return running;
}

const inFlight = new WeakMap<Db, Set<Promise<unknown>>>();

/**
 * Settles when every backup running on this database has finished or failed: closing the database under one
 * would cut it short (the shift's, the day's or an owner's), leaving a .partial file and no copy.
 */
export async function backupsDone(db: Db): Promise<void> {
  const all = inFlight.get(db);
  while (all?.size) await Promise.all([...all]);
}

/** A part-written copy untouched this long was cut short (the process killed mid-copy): nothing will finish it. */
const PARTIAL_ABANDONED_MS = 60 * 60 * 1000;

/** Copies cut short are as big as the database and listed nowhere: each backup clears those left behind. */
function removeAbandonedPartials(dir: string, now = Date.now()): void {
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.partial')) continue;
    const file = path.join(dir, name);
    if (now - statSync(file).mtimeMs > PARTIAL_ABANDONED_MS) rmSync(file, { force: true });
  }
}

async function takeBackup(db: Db, dir: string, reason: BackupReason): Promise<BackupInfo> {
  mkdirSync(dir, { recursive: true });
  removeAbandonedPartials(dir);
  const name = `lavka-${stamp()}-${reason}.sqlite`;
  const target = path.join(dir, name);
  const partial = `${target}.partial`;
  await db.raw.backup(partial, { progress: () => 200 });
  // In a worker: on a big catalog integrity_check takes a second or more, which the till must not wait through.
  const problems = await checkInWorker(partial, 'integrity_check', db.nativeBinding);
  if (problems.length) {
    rmSync(partial, { force: true });
    throw new Error(`backup failed its integrity check: ${problems.slice(0, 3).join('; ')}`);
  }
  renameSync(partial, target);
  rotate(dir, reason);
  return { file: target, name, at: new Date().toISOString(), reason, bytes: statSync(target).size };
}

export function rotate(dir: string, reason: BackupReason): void {
  const mine = listBackups(dir).filter((b) => b.reason === reason);
  for (const old of mine.slice(KEEP[reason])) rmSync(old.file, { force: true });
}

/**
 * Replaces the database file with a checked backup. The database must be closed. The current file is kept
 * as a 'before-restore' copy when it can still be read; the swap is a rename, so a crash leaves one or the other.
 */
export function restoreBackup(dbFile: string, backupFile: string, backupDir: string): { previous: string | null } {
  const check = checkDatabaseFile(backupFile);
  if (!check.ok) throw new Error(`${path.basename(backupFile)} cannot be restored: ${check.problem}`);
  mkdirSync(backupDir, { recursive: true });
  let previous: string | null = null;
  if (existsSync(dbFile)) {
    previous = path.join(backupDir, `lavka-${stamp()}-before-restore.sqlite`);
    // Copy even a damaged file: someone may want to recover rows from it later.
    copyFileSync(dbFile, previous);
    rotate(backupDir, 'before-restore');
  }
  const incoming = `${dbFile}.restoring`;
  copyFileSync(backupFile, incoming);
  const fd = openSync(incoming, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  // A stale WAL beside the new file would be replayed into it: remove it first.
  for (const ext of ['-wal', '-shm']) rmSync(dbFile + ext, { force: true });
  renameSync(incoming, dbFile);
  return { previous };
}

/** True when the newest daily backup is older than a day (or there is none). */
export function dailyBackupDue(dir: string, now = Date.now()): boolean {
  const last = listBackups(dir).find((b) => b.reason === 'daily');
  return !last || now - Date.parse(last.at) > 24 * 60 * 60 * 1000;
}
