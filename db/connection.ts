import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as schema from './schema';
import { perConnection } from './prepared';

export type Orm = BetterSQLite3Database<typeof schema>;

/** The one writer connection: drizzle for queries, the raw handle for pragmas, backup and transactions. */
export interface Db {
  readonly raw: Database.Database;
  readonly orm: Orm;
  readonly file: string;
  /** The better-sqlite3 build this connection was opened with, for workers that open the file on their own. */
  readonly nativeBinding?: string;
}

export type DbOpenErrorCode = 'db_too_new' | 'db_corrupt' | 'db_open_failed';

export class DbOpenError extends Error {
  constructor(
    readonly code: DbOpenErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DbOpenError';
  }
}

export interface OpenOptions {
  file: string;
  migrationsDir: string;
  /** Where the pre-migration copy goes; defaults to `<dir of file>/backups`. */
  backupDir?: string;
  /** better-sqlite3 built for another ABI (Electron) lives outside node_modules. */
  nativeBinding?: string;
  /** Run `PRAGMA quick_check` before migrating; a failing check refuses to open. */
  quickCheck?: boolean;
  /** Called with the backup path when a backup was taken before migrating. */
  onBackup?: (file: string) => void;
}

interface Journal {
  entries: { idx: number; tag: string }[];
}

export function knownSchemaVersion(migrationsDir: string): number {
  const journal = JSON.parse(readFileSync(path.join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as Journal;
  return journal.entries.length;
}

export function openDatabase(opts: OpenOptions): Db {
  const known = knownSchemaVersion(opts.migrationsDir);
  let raw: Database.Database;
  try {
    raw = new Database(opts.file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  } catch (err) {
    throw new DbOpenError('db_open_failed', `cannot open ${opts.file}: ${(err as Error).message}`);
  }
  try {
    // Reading the header first: a file that is not a database fails here, before any write.
    const current = raw.pragma('user_version', { simple: true }) as number;
    if (current > known) {
      throw new DbOpenError(
        'db_too_new',
        `${opts.file} was written by a newer Lavka (schema ${current}, this build knows ${known}); update Lavka instead of opening it with this version`,
      );
    }
    if (opts.quickCheck) {
      const rows = raw.pragma('quick_check') as { quick_check: string }[];
      if (rows.length !== 1 || rows[0]?.quick_check !== 'ok') {
        throw new DbOpenError(
          'db_corrupt',
          // One line: a problem may span several lines of SQLite's own text.
          `${opts.file} failed quick_check: ${rows
            .map((r) => r.quick_check.replace(/\s*\n\s*/g, '; '))
            .slice(0, 5)
            .join('; ')}`,
        );
      }
    }
    raw.pragma('journal_mode = WAL');
    // FULL syncs the WAL on every commit: a sale acknowledged to the cashier survives power loss.
    raw.pragma('synchronous = FULL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    const orm = drizzle(raw, { schema });
    if (current < known) {
      const hasData =
        current > 0 || (raw.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'`).get() as { n: number }).n > 0;
      if (hasData) {
        const dir = opts.backupDir ?? path.join(path.dirname(opts.file), 'backups');
        mkdirSync(dir, { recursive: true });
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        const target = path.join(dir, `${path.basename(opts.file, '.sqlite')}-${stamp}-before-v${known}.sqlite`);
        raw.prepare('VACUUM INTO ?').run(target);
        opts.onBackup?.(target);
      }
      migrate(orm, { migrationsFolder: opts.migrationsDir });
      raw.pragma(`user_version = ${known}`);
    }
    return { raw, orm, file: opts.file, nativeBinding: opts.nativeBinding };
  } catch (err) {
    raw.close();
    if (err instanceof DbOpenError) throw err;
    const msg = (err as Error).message;
    if (/not a database|malformed|corrupt/i.test(msg)) throw new DbOpenError('db_corrupt', `${opts.file} is damaged: ${msg}`);
    throw err;
  }
}

/** Runs fn in one synchronous transaction (BEGIN IMMEDIATE: the writer lock up front). */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.raw.transaction(fn).immediate();
}

/**
 * inTransaction, or the caller's transaction when one is open, without a savepoint: SQLite copies every page first
 * touched under a savepoint to a sub-journal, which cost a sale about as much as its own inserts. Only for work that
 * fails as a whole: a caller must never catch its failure and carry on in the same transaction.
 */
export function inOuterTransaction<T>(db: Db, fn: () => T): T {
  return db.raw.inTransaction ? fn() : inTransaction(db, fn);
}

/**
 * inTransaction for drafts (a line scanned into the open cart): the commit is not synced to disk (synchronous=NORMAL
 * for it alone), which takes an fsync off every scan. WAL order keeps it safe: a process crash loses nothing, a power
 * cut can lose only the newest unsynced drafts, and the next synced commit (a sale) syncs every draft before it.
 * Never for documents, stock, money or the audit log.
 */
export function inDraftTransaction<T>(db: Db, fn: () => T): T {
  const s = syncPragmas(db);
  s.normal.run();
  try {
    return inTransaction(db, fn);
  } finally {
    s.full.run();
  }
}

const syncPragmas = perConnection((db) => ({
  normal: db.raw.prepare('PRAGMA synchronous = NORMAL'),
  full: db.raw.prepare('PRAGMA synchronous = FULL'),
}));
