import { inTransaction } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import { getUser, recordLoginFailure, recordLoginSuccess, type UserRow } from '../../db/queries/people';
import type { Services } from '../api/handler';
import { fail } from '../errors';
import { verifySecret } from './secrets';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

/**
 * Checks a user's PIN or password. Failures count towards a lockout whatever the purpose (login or a
 * manager's approval), and the count is written even though the call then fails: a lockout that rolls back
 * protects nothing.
 */
export function checkCredentials(svc: Services, userId: number, secret: string, kind: 'pin' | 'password', purpose: string): UserRow {
  const user = getUser(svc.db, userId);
  // One message for an unknown user and a wrong secret: the screen must not confirm who exists.
  if (!user || !user.active) return fail('bad_credentials', 'wrong user or PIN');
  if (user.lockedUntil && Date.parse(user.lockedUntil) > Date.now()) fail('user_locked', `${user.name} is locked after too many wrong attempts until ${user.lockedUntil}`);
  const ok = verifySecret(secret, kind === 'pin' ? user.pinHash : user.passwordHash);
  const outcome = inTransaction(svc.db, () => {
    if (!ok) {
      const attempts = user.failedAttempts + 1;
      const lockedUntil = attempts >= MAX_FAILED_ATTEMPTS ? new Date(Date.now() + LOCKOUT_MS).toISOString() : null;
      recordLoginFailure(svc.db, user.id, attempts, lockedUntil);
      appendAudit(svc.db, { userId: user.id, action: lockedUntil ? 'auth.locked' : 'auth.failed', entity: 'user', entityId: user.id, data: { attempts, kind, purpose } });
      return lockedUntil ? 'locked' : 'bad';
    }
    if (user.failedAttempts > 0) recordLoginSuccess(svc.db, user.id);
    return 'ok';
  });
  if (outcome === 'locked') {
    svc.sessions.endUser(user.id);
    fail('user_locked', `${user.name} is now locked after ${MAX_FAILED_ATTEMPTS} wrong attempts`);
  }
  if (outcome === 'bad') fail('bad_credentials', kind === 'pin' ? 'wrong user or PIN' : 'wrong user or password');
  return user;
}
