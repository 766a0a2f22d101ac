import { inTransaction } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import { activeUsers, getRole, getUser, recordLoginFailure, recordLoginSuccess } from '../../db/queries/people';
import { actorOf, type HandlerMap, type Services } from '../api/handler';
import { verifySecret } from '../auth/secrets';
import type { Session } from '../auth/sessions';
import type { Permission } from '../contract/permissions';
import type { Me } from '../contract/types';
import { fail } from '../errors';

export const MAX_PIN_ATTEMPTS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

const meOf = (s: Session): Me => ({ id: s.userId, name: s.userName, role: s.roleId, permissions: [...s.permissions] });

function login(svc: Services, userId: number, pin: string) {
  const user = getUser(svc.db, userId);
  // One message for unknown user and wrong PIN: the login screen must not confirm who exists.
  if (!user || !user.active) fail('bad_credentials', 'wrong user or PIN');
  if (user!.lockedUntil && Date.parse(user!.lockedUntil) > Date.now()) fail('user_locked', `${user!.name} is locked after too many wrong PINs until ${user!.lockedUntil}`);
  const ok = verifySecret(pin, user!.pinHash);
  // The failure is written even though the call fails: a lockout that rolls back protects nothing.
  const outcome = inTransaction(svc.db, () => {
    if (!ok) {
      const attempts = user!.failedAttempts + 1;
      const lockedUntil = attempts >= MAX_PIN_ATTEMPTS ? new Date(Date.now() + LOCKOUT_MS).toISOString() : null;
      recordLoginFailure(svc.db, user!.id, attempts, lockedUntil);
      appendAudit(svc.db, { userId: user!.id, action: lockedUntil ? 'auth.locked' : 'auth.login_failed', entity: 'user', entityId: user!.id, data: { attempts } });
      return lockedUntil ? 'locked' : 'bad';
    }
    recordLoginSuccess(svc.db, user!.id);
    appendAudit(svc.db, { userId: user!.id, action: 'auth.login', entity: 'user', entityId: user!.id });
    return 'ok';
  });
  if (outcome === 'locked') fail('user_locked', `${user!.name} is now locked after ${MAX_PIN_ATTEMPTS} wrong PINs`);
  if (outcome === 'bad') fail('bad_credentials', 'wrong user or PIN');
  const role = getRole(svc.db, user!.roleId) ?? fail('internal', `role ${user!.roleId} is missing`);
  const session = svc.sessions.create({ userId: user!.id, userName: user!.name, roleId: role!.id, permissions: new Set(role!.permissions as Permission[]) });
  return { user: meOf(session), token: session.token, csrf: session.csrf };
}

export const authHandlers: HandlerMap<'auth.users' | 'auth.login' | 'auth.logout' | 'auth.me'> = {
  'auth.users': (svc) => activeUsers(svc.db),
  'auth.login': (svc, _ctx, input) => login(svc, input.userId, input.pin),
  'auth.logout': (svc, ctx) => {
    inTransaction(svc.db, () => appendAudit(svc.db, { userId: actorOf(ctx).userId, action: 'auth.logout' }));
    svc.sessions.end(ctx.session!.token);
    return null;
  },
  'auth.me': (_svc, ctx) => ({ user: meOf(ctx.session!), csrf: ctx.session!.csrf }),
};
