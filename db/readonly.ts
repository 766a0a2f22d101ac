import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Db } from './connection';
import * as schema from './schema';

/**
 * A second connection to the shop's file that can only read: reports and exports run on it (core/reader), in a
 * worker, so a long read never holds up the writer's thread. WAL lets it read while the writer writes; each read
 * sees what was committed when it began.
 */
export function openReadOnly(file: string, nativeBinding?: string): Db {
  const raw = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    // The read-only handle refuses writes to the file; query_only also refuses TEMP tables and any write a query
    // function might attempt, so a read registered by mistake as a write fails instead of doing half of it.
    raw.pragma('query_only = ON');
    raw.pragma('busy_timeout = 5000');
    return { raw, orm: drizzle(raw, { schema }), file, nativeBinding };
  } catch (err) {
    raw.close();
    throw err;
  }
}
