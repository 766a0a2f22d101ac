import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, type Db } from '../db/connection';
import { dispatch, type Caller } from './api/dispatch';
import type { CallContext, Services } from './api/handler';
import { SessionStore } from './auth/sessions';
import { backupsDone, restoreBackup } from './backup';
import { ensureBaseRows, userCount } from './bootstrap';
import type { SystemInfo } from './contract/types';
import { seedDemo } from './demo/seed';
import { EventBus } from './events';
import { backupPath } from './handlers/backup';
import { UploadStore } from './pricelists/uploads';
import { DownloadStore } from './exports/downloads';
import { createReader } from './reader';

export interface CoreOptions {
  dataDir: string;
  migrationsDir: string;
  version: string;
  mode: SystemInfo['mode'];
  /** Seed the demo shop when the database has no users yet. */
  demo?: boolean;
  nativeBinding?: string;
  idleLogoutMs?: number;
  /** Run quick_check before opening (default: when the file exists). AppHost runs it in a worker instead after a clean shutdown. */
  quickCheck?: boolean;
  /** Worker threads for long reads (core/reader); 0 or absent: inline on a read-only connection (tests, CLI). AppHost uses workers. */
  readerWorkers?: number;
  /** Runtime assets (fonts for PDFs); default: `resources/` of the app root that holds `db/migrations`. */
  resourcesDir?: string;
}

export interface Core {
  readonly svc: Services;
  /** The open database; a restore replaces it, so read it each time rather than keeping it. */
  readonly db: Db;
  readonly events: EventBus;
  readonly sessions: SessionStore;
  readonly dbFile: string;
  readonly backupDir: string;
  /** The one API entry: transports pass the caller's session; the core checks everything else. */
  call(ctx: CallContext, method: string, input: unknown): ReturnType<typeof dispatch>;
  /** In-process caller bound to a context, typed by method. */
  caller(ctx: CallContext): Caller;
  close(): void;
}

export const DB_FILE = 'lavka.sqlite';

export const dataFiles = (dataDir: string) => ({ dbFile: path.join(dataDir, DB_FILE), backupDir: path.join(dataDir, 'backups') });

export function openShopDb(opts: CoreOptions): Db {
  const { dbFile, backupDir } = dataFiles(opts.dataDir);
  const db = openDatabase({
    file: dbFile,
    migrationsDir: opts.migrationsDir,
    backupDir,
    nativeBinding: opts.nativeBinding,
    quickCheck: opts.quickCheck ?? existsSync(dbFile),
  });
  ensureBaseRows(db);
  return db;
}

export function createCore(opts: CoreOptions): Core {
  mkdirSync(opts.dataDir, { recursive: true });
  const { dbFile, backupDir } = dataFiles(opts.dataDir);
  const db = openShopDb(opts);
  if (opts.demo && userCount(db) === 0) seedDemo(db);
  const events = new EventBus();
  const sessions = new SessionStore(opts.idleLogoutMs ?? 8 * 60 * 60 * 1000);
  const reader = createReader({ file: dbFile, nativeBinding: opts.nativeBinding, workers: opts.readerWorkers ?? 0 });
  const svc: Services = {
    db,
    sessions,
    reader,
    uploads: new UploadStore(path.join(opts.dataDir, 'uploads')),
    downloads: new DownloadStore(path.join(opts.dataDir, 'downloads')),
    events,
    version: opts.version,
    mode: opts.mode,
    backupDir,
    resourcesDir: opts.resourcesDir ?? path.resolve(opts.migrationsDir, '..', '..', 'resources'),
    restore: async (name) => {
      // The reader's connections would go on reading the replaced file: they let go first and reopen after.
      await reader.suspend('the database is being restored from a backup');
      await backupsDone(svc.db);
      svc.db.raw.close();
      try {
        restoreBackup(dbFile, backupPath(backupDir, name), backupDir);
      } finally {
        try {
          // Reopen whatever is in place now: the restored file, or the untouched original if the restore refused.
          svc.db = openShopDb(opts);
        } finally {
          reader.resume();
        }
      }
      sessions.endAll();
    },
  };
  const call: Core['call'] = (ctx, method, input) => dispatch(svc, ctx, method, input);
  return {
    svc,
    get db() {
      return svc.db;
    },
    events,
    sessions,
    dbFile,
    backupDir,
    call,
    caller: (ctx) => ((method, input) => call(ctx, method, input)) as Caller,
    close: () => {
      void reader.close();
      svc.uploads.clear();
      svc.downloads.clear();
      svc.db.raw.close();
    },
  };
}
