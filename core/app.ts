import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, type Db } from '../db/connection';
import { dispatch, type Caller } from './api/dispatch';
import type { CallContext, Services } from './api/handler';
import { SessionStore } from './auth/sessions';
import { ensureBaseRows, userCount } from './bootstrap';
import { seedDemo } from './demo/seed';
import { EventBus } from './events';
import type { SystemInfo } from './contract/types';

export interface CoreOptions {
  dataDir: string;
  migrationsDir: string;
  version: string;
  mode: SystemInfo['mode'];
  /** Seed the demo shop when the database has no users yet. */
  demo?: boolean;
  nativeBinding?: string;
  idleLogoutMs?: number;
}

export interface Core {
  readonly svc: Services;
  readonly db: Db;
  readonly events: EventBus;
  readonly sessions: SessionStore;
  readonly dbFile: string;
  /** The one API entry: transports pass the caller's session; the core checks everything else. */
  call(ctx: CallContext, method: string, input: unknown): ReturnType<typeof dispatch>;
  /** In-process caller bound to a context, typed by method. */
  caller(ctx: CallContext): Caller;
  close(): void;
}

export const DB_FILE = 'lavka.sqlite';

export function createCore(opts: CoreOptions): Core {
  mkdirSync(opts.dataDir, { recursive: true });
  const dbFile = path.join(opts.dataDir, DB_FILE);
  const db = openDatabase({
    file: dbFile,
    migrationsDir: opts.migrationsDir,
    backupDir: path.join(opts.dataDir, 'backups'),
    nativeBinding: opts.nativeBinding,
    quickCheck: existsSync(dbFile),
  });
  ensureBaseRows(db);
  if (opts.demo && userCount(db) === 0) seedDemo(db);
  const events = new EventBus();
  const sessions = new SessionStore(opts.idleLogoutMs ?? 8 * 60 * 60 * 1000);
  const svc: Services = { db, sessions, events, version: opts.version, mode: opts.mode };
  const call: Core['call'] = (ctx, method, input) => dispatch(svc, ctx, method, input);
  return {
    svc,
    db,
    events,
    sessions,
    dbFile,
    call,
    caller: (ctx) => ((method, input) => call(ctx, method, input)) as Caller,
    close: () => db.raw.close(),
  };
}
