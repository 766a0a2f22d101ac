import type { Db } from '../connection';
import { perConnection } from '../prepared';

export interface ThrottleRow {
  userId: number;
  source: string;
  failures: number;
  lastFailureAt: string;
  nextTryAt: string;
}

const COLUMNS = 'user_id AS userId, source, failures, last_failure_at AS lastFailureAt, next_try_at AS nextTryAt';

const stmts = perConnection((db) => ({
  get: db.raw.prepare<[number, string], ThrottleRow>(`SELECT ${COLUMNS} FROM auth_throttle WHERE user_id = ? AND source = ?`),
  ofUser: db.raw.prepare<[number], ThrottleRow>(`SELECT ${COLUMNS} FROM auth_throttle WHERE user_id = ? ORDER BY source`),
  put: db.raw.prepare(
    `INSERT INTO auth_throttle (user_id, source, failures, last_failure_at, next_try_at) VALUES (@userId, @source, @failures, @lastFailureAt, @nextTryAt)
     ON CONFLICT (user_id, source) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, next_try_at = excluded.next_try_at`,
  ),
  clear: db.raw.prepare<[number, string]>('DELETE FROM auth_throttle WHERE user_id = ? AND source = ?'),
  clearUser: db.raw.prepare<[number]>('DELETE FROM auth_throttle WHERE user_id = ?'),
  prune: db.raw.prepare<[string]>('DELETE FROM auth_throttle WHERE last_failure_at < ?'),
}));

export const getThrottle = (db: Db, userId: number, source: string): ThrottleRow | undefined => stmts(db).get.get(userId, source);
export const throttlesOfUser = (db: Db, userId: number): ThrottleRow[] => stmts(db).ofUser.all(userId);
export const putThrottle = (db: Db, row: ThrottleRow): void => void stmts(db).put.run(row);
export const clearThrottle = (db: Db, userId: number, source: string): void => void stmts(db).clear.run(userId, source);

/** Every source's throttle for the user; returns how many rows there were. */
export const clearUserThrottles = (db: Db, userId: number): number => stmts(db).clearUser.run(userId).changes;

/** Drops rows whose last failure is older than `before` (ISO): their count has reset anyway. */
export const pruneThrottles = (db: Db, before: string): number => stmts(db).prune.run(before).changes;

/** Lifts a lockout left by versions before throttling (the columns stay; nothing reads them now). */
export function clearLegacyLock(db: Db, userId: number): void {
  db.raw
    .prepare(
      'UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ? AND (failed_attempts <> 0 OR locked_until IS NOT NULL)',
    )
    .run(userId);
}
