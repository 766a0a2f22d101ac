import { eq } from 'drizzle-orm';
import { inTransaction, type Db } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import { clearUserThrottles } from '../../db/queries/auth';
import { getRole, getUser, insertUser, upsertRole } from '../../db/queries/people';
import { roles, users } from '../../db/schema';
import { actorOf, type DomainHandlers } from '../api/handler';
import { hashSecret } from '../auth/secrets';
import { throttleSummary, unlockUser } from '../auth/throttle';
import type { Permission } from '../contract/permissions';
import type { Role, UserAdmin } from '../contract/types';
import { fail } from '../errors';
import type { usersApi } from '../contract/methods/users';

function userAdmin(db: Db, id: number): UserAdmin {
  const u = getUser(db, id)!;
  const throttle = throttleSummary(db, id, Date.now());
  return {
    id: u.id,
    name: u.name,
    role: u.roleId,
    signIn: u.pinHash ? 'pin' : 'password',
    active: u.active,
    hasPin: !!u.pinHash,
    hasPassword: !!u.passwordHash,
    failedSignIns: throttle.failures,
    throttledUntil: throttle.until,
  };
}

/** A shop must keep an active user who can manage users, or nobody could ever fix the accounts again. */
function keepSomeoneInCharge(db: Db): void {
  const managers = db.raw
    .prepare(
      `SELECT count(*) AS n FROM users u JOIN roles r ON r.id = u.role_id WHERE u.active = 1 AND EXISTS (SELECT 1 FROM json_each(r.permissions) WHERE value = 'users.manage')`,
    )
    .get() as { n: number };
  if (managers.n === 0) fail('invalid_state', 'this would leave no active user who can manage users; make someone else an owner first');
}

const roleOut = (r: typeof roles.$inferSelect): Role => ({
  id: r.id,
  name: r.name,
  permissions: r.permissions as Permission[],
  builtin: r.builtin,
});

export const userHandlers: DomainHandlers<typeof usersApi> = {
  'users.list': (svc) =>
    svc.db.orm
      .select({ id: users.id })
      .from(users)
      .orderBy(users.name)
      .all()
      .map((u) => userAdmin(svc.db, u.id)),
  'users.upsert': (svc, ctx, input) => {
    const out = inTransaction(svc.db, () => {
      if (!getRole(svc.db, input.roleId)) fail('not_found', `no role ${input.roleId}`);
      const clash = svc.db.orm.select({ id: users.id }).from(users).where(eq(users.name, input.name)).get();
      if (clash && clash.id !== input.id) fail('duplicate', `a user named ${input.name} already exists`);
      const secrets = {
        ...(input.pin ? { pinHash: hashSecret(input.pin) } : {}),
        ...(input.password ? { passwordHash: hashSecret(input.password) } : {}),
      };
      let id: number;
      const before =
        input.id !== undefined ? (getUser(svc.db, input.id) ?? fail('not_found', `user ${input.id} does not exist`)) : undefined;
      if (before) {
        id = before.id;
        svc.db.orm
          .update(users)
          .set({ name: input.name, roleId: input.roleId, active: input.active ?? before.active, ...secrets })
          .where(eq(users.id, id))
          .run();
        // A new secret also lifts the sign-in delays: the owner has just vouched for the person.
        if (input.pin || input.password) clearUserThrottles(svc.db, id);
      } else {
        if (!input.pin && !input.password) fail('validation', 'a new user needs a PIN or a password');
        id = insertUser(svc.db, { name: input.name, roleId: input.roleId, active: input.active ?? true, ...secrets });
      }
      if (before) keepSomeoneInCharge(svc.db);
      appendAudit(svc.db, {
        userId: actorOf(ctx).userId,
        action: before ? 'user.update' : 'user.create',
        entity: 'user',
        entityId: id,
        data: {
          name: input.name,
          role: { from: before?.roleId, to: input.roleId },
          active: input.active ?? before?.active ?? true,
          pinChanged: !!input.pin,
          passwordChanged: !!input.password,
        },
      });
      return userAdmin(svc.db, id);
    });
    // Only after commit: a refused change must not sign anyone out. Role, status or secret changed: sign in again.
    if (input.id !== undefined) svc.sessions.endUser(out.id);
    return out;
  },
  'users.unlock': (svc, ctx, input) => {
    if (!getUser(svc.db, input.userId)) fail('not_found', `user ${input.userId} does not exist`);
    unlockUser(svc.db, input.userId, actorOf(ctx).userId, 'app');
    return userAdmin(svc.db, input.userId);
  },
  'roles.list': (svc) => svc.db.orm.select().from(roles).orderBy(roles.id).all().map(roleOut),
  'roles.upsert': (svc, ctx, input) => {
    const out = inTransaction(svc.db, () => {
      const before = getRole(svc.db, input.id);
      if (before?.builtin) fail('invalid_state', `${before.name} is a built-in role; make a custom one instead`);
      upsertRole(svc.db, { id: input.id, name: input.name, permissions: [...new Set(input.permissions)], builtin: false });
      keepSomeoneInCharge(svc.db);
      appendAudit(svc.db, {
        userId: actorOf(ctx).userId,
        action: before ? 'role.update' : 'role.create',
        entity: 'role',
        entityId: input.id,
        data: { from: before?.permissions, to: input.permissions },
      });
      return roleOut(getRole(svc.db, input.id)!);
    });
    // Sessions carry their permissions: after commit, users of the changed role sign in again to get the new set.
    for (const u of svc.db.orm.select({ id: users.id }).from(users).where(eq(users.roleId, input.id)).all()) svc.sessions.endUser(u.id);
    return out;
  },
};
