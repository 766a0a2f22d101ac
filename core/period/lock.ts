/** Locking and unlocking the books: one transaction each, audited with the day before and after. */
import { inTransaction, type Db } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import { lockedThrough, openDraftsDatedThrough, setLockedThrough } from '../../db/queries/period';
import type { PeriodLock } from '../contract/report-types';
import { fail } from '../errors';
import { shopToday } from '../posting/dates';

export const periodLock = (db: Db): PeriodLock => ({ lockedThrough: lockedThrough(db) });

export function lockPeriod(db: Db, userId: number, through: string): PeriodLock {
  return inTransaction(db, () => {
    const before = lockedThrough(db);
    const today = shopToday(db);
    // Today is still being sold in: locking it would stop the till.
    if (through >= today) fail('validation', `only days before today (${today}) can be locked, not ${through}`);
    if (before !== null && through <= before)
      fail('invalid_state', `the books are already locked through ${before}; to open days again, unlock them`);
    const drafts = openDraftsDatedThrough(db, through);
    if (drafts.length)
      fail(
        'invalid_state',
        `open drafts are dated in the period: ${drafts.map((d) => `#${d.id} (${d.type}, ${d.businessDate})`).join(', ')}; post or discard them, or change their date, first`,
      );
    setLockedThrough(db, through);
    appendAudit(db, { userId, action: 'period.lock', entity: 'period', entityId: null, data: { from: before, to: through } });
    return { lockedThrough: through };
  });
}

export function unlockPeriod(db: Db, userId: number, through: string | null, reason: string): PeriodLock {
  return inTransaction(db, () => {
    const before = lockedThrough(db) ?? fail('invalid_state', 'no period is locked');
    if (through !== null && through >= before!)
      fail('invalid_state', `the books are locked through ${before}; unlocking moves the lock to an earlier day, not ${through}`);
    setLockedThrough(db, through);
    appendAudit(db, { userId, action: 'period.unlock', entity: 'period', entityId: null, data: { from: before, to: through, reason } });
    return { lockedThrough: through };
  });
}
