import { inTransaction } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import { activeUsers, getRole } from '../../db/queries/people';
import { actorOf, sourceOf, type CallContext, type DomainHandlers, type Services } from '../api/handler';
import { checkCredentials } from '../auth/credentials';
import type { Session } from '../auth/sessions';
import type { Permission } from '../contract/permissions';
import type { LoginResult, Me } from '../contract/types';
import { fail } from '../errors';
import type { authApi } from '../contract/methods/auth';

const meOf = (s: Session): Me => ({ id: s.userId, name: s.userName, role: s.roleId, signIn: s.signIn, permissions: [...s.permissions] });

function login(svc: Services, ctx: CallContext, userId: number, secret: string, kind: 'pin' | 'password'): LoginResult {
  const user = checkCredentials(svc, ctx, userId, secret, kind, 'login');
  const role = getRole(svc.db, user.roleId) ?? fail('internal', `role ${user.roleId} is missing`);
  inTransaction(svc.db, () =>
    appendAudit(svc.db, {
      userId: user.id,
      action: 'auth.login',
      entity: 'user',
      entityId: user.id,
      data: { kind, source: sourceOf(ctx).address },
    }),
  );
  const session = svc.sessions.create({
    userId: user.id,
    userName: user.name,
    roleId: role!.id,
    permissions: new Set(role!.permissions as Permission[]),
    signIn: user.pinHash ? 'pin' : 'password',
  });
  return { user: meOf(session), token: session.token, csrf: session.csrf };
}

export const authHandlers: DomainHandlers<typeof authApi> = {
  'auth.users': (svc) => activeUsers(svc.db),
  'auth.login': (svc, ctx, input) => login(svc, ctx, input.userId, input.pin, 'pin'),
  'auth.loginPassword': (svc, ctx, input) => login(svc, ctx, input.userId, input.password, 'password'),
  'auth.logout': (svc, ctx) => {
    inTransaction(svc.db, () => appendAudit(svc.db, { userId: actorOf(ctx).userId, action: 'auth.logout' }));
    svc.sessions.end(ctx.session!.token);
    return null;
  },
  'auth.me': (_svc, ctx) => ({ user: meOf(ctx.session!), csrf: ctx.session!.csrf }),
};
