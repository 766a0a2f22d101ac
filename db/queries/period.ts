/** The period lock: the last business day of the closed books, kept as a setting (absent until the first lock). */
import type { Db } from '../connection';
import { readSetting, writeSetting } from './people';

const KEY = 'periodLockedThrough';

/** YYYY-MM-DD, or null when no period was ever locked (or every lock was lifted). */
export function lockedThrough(db: Db): string | null {
  const v = readSetting(db, KEY) as { through?: unknown } | undefined;
  return typeof v?.through === 'string' ? v.through : null;
}

/** Stored as an object: a setting's value is JSON that is never SQL NULL, and a lifted lock is `through: null`. */
export function setLockedThrough(db: Db, date: string | null): void {
  writeSetting(db, KEY, { through: date });
}

export interface DatedDraft {
  id: number;
  type: string;
  businessDate: string;
}

/** Open drafts dated on or before a day: locking over them would strand them (they could never be posted). */
export function openDraftsDatedThrough(db: Db, date: string): DatedDraft[] {
  return db.raw
    .prepare(
      `SELECT id, type, business_date AS businessDate FROM drafts
       WHERE status = 'open' AND business_date IS NOT NULL AND business_date <= ? ORDER BY business_date, id`,
    )
    .all(date) as DatedDraft[];
}
