import { inTransaction } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import { getUser, type UserRow } from '../../db/queries/people';
import { sourceOf, type CallContext, type Services } from '../api/handler';
import { AppError, fail } from '../errors';
import { verifySecret } from './secrets';
import { recordFailure, recordSuccess, throttledUntil } from './throttle';

/** The one answer to a throttled try, whoever was claimed: it says when, and nothing about the user. */
export function rateLimited(until: number, now: number): AppError {
  const waitMs = until - now;
  return new AppError(
    'rate_limited',
    `too many wrong attempts; try again in ${Math.ceil(waitMs / 1000)} s (at ${new Date(until).toISOString()})`,
    waitMs,
  );
}

/**
 * Checks a user's PIN or password, whatever the purpose (login or a manager's approval). Wrong secrets slow down
 * further tries of that user from that source (core/auth/throttle.ts) instead of locking the user out. An unknown
 * or inactive user and a wrong secret get the same answer after the same work, and are throttled alike, so the
 * answers cannot tell who exists. The failure is committed even though the call then fails.
 */
export function checkCredentials(
  svc: Services,
  ctx: CallContext,
  userId: number,
  secret: string,
  kind: 'pin' | 'password',
  purpose: string,
): UserRow {
  const source = sourceOf(ctx);
  const now = Date.now();
  const until = throttledUntil(svc.db, userId, source, now);
  // Refused before the secret is looked at: a throttled guess learns nothing, right or wrong.
  if (until !== null) throw rateLimited(until, now);
  const found = getUser(svc.db, userId);
  const user = found?.active ? found : undefined;
  const ok = verifySecret(secret, (kind === 'pin' ? user?.pinHash : user?.passwordHash) ?? null);
  if (ok && user) {
    recordSuccess(svc.db, user.id, source);
    return user;
  }
  inTransaction(svc.db, () => {
    const failures = recordFailure(svc.db, userId, source, now);
    appendAudit(svc.db, {
      userId,
      action: 'auth.failed',
      entity: 'user',
      entityId: userId,
      data: { kind, purpose, source: source.address, counter: source.counter, failures },
    });
  });
  return fail('bad_credentials', kind === 'pin' ? 'wrong user or PIN' : 'wrong user or password');
}
