import { inTransaction } from '../../db/connection';
import { appendAudit, type AuditEntry } from '../../db/queries/audit';
import { getRole } from '../../db/queries/people';
import { sourceOf, type CallContext, type Services } from '../api/handler';
import type { Permission } from '../contract/permissions';
import { AppError, fail } from '../errors';
import { checkCredentials } from './credentials';

export interface Approval {
  userId: number;
  pin: string;
}

/**
 * Lets a cashier do one thing their role does not allow when someone who may do it enters their PIN there
 * and then. Returns who approved, or null when the caller needed no approval. Call it BEFORE the action's
 * transaction: every attempt is audited in its own commit, so a refused one stays on record (loss control).
 */
export function requirePermission(
  svc: Services,
  ctx: CallContext,
  permission: Permission,
  action: string,
  approval: Approval | undefined,
  detail: unknown,
): number | null {
  const session = ctx.session ?? fail('unauthenticated', 'log in first');
  const source = sourceOf(ctx).address;
  const record = (e: AuditEntry) => inTransaction(svc.db, () => appendAudit(svc.db, e));
  if (session!.permissions.has(permission)) return null;
  if (!approval) {
    record({
      userId: session!.userId,
      action: 'approval.required',
      entity: 'action',
      entityId: action,
      data: { permission, detail, source },
    });
    return fail('forbidden', `${action} needs ${permission}: ask a manager to approve with their PIN`);
  }
  let approver: ReturnType<typeof checkCredentials>;
  try {
    // Throttled like a login, per approver and source: the till must not become a way round the sign-in limits.
    approver = checkCredentials(svc, ctx, approval.userId, approval.pin, 'pin', `approve ${action}`);
  } catch (err) {
    // checkCredentials records a wrong PIN against the approver; loss control counts every refusal against the asker too.
    if (err instanceof AppError && (err.code === 'bad_credentials' || err.code === 'rate_limited')) {
      record({
        userId: session!.userId,
        action: 'approval.refused',
        entity: 'action',
        entityId: action,
        data: { permission, approver: approval.userId, reason: err.code, detail, source },
      });
    }
    throw err;
  }
  const role = getRole(svc.db, approver.roleId);
  if (!role || !(role.permissions as string[]).includes(permission)) {
    record({
      userId: session!.userId,
      action: 'approval.refused',
      entity: 'action',
      entityId: action,
      data: { permission, approver: approver.id, detail, source },
    });
    return fail('forbidden', `${approver.name} may not approve ${action} (needs ${permission})`);
  }
  record({
    userId: session!.userId,
    action: 'approval.granted',
    entity: 'action',
    entityId: action,
    data: { permission, approver: approver.id, detail, source },
  });
  return approver.id;
}

/** A refused call, kept in the audit log in its own commit (evidence for loss control, though nothing changed). */
export function recordDenial(svc: Services, userId: number, method: string, data: Record<string, unknown>): void {
  inTransaction(svc.db, () => appendAudit(svc.db, { userId, action: 'access.denied', entity: 'method', entityId: method, data }));
}

/**
 * Refuses a caller without the permission, auditing the denial in its own commit as dispatch does, for a right that
 * depends on what the input changes (a product's price, not its name). Call before the action's transaction.
 */
export function requireOwnPermission(svc: Services, ctx: CallContext, permission: Permission, method: string, detail: unknown): void {
  const session = ctx.session ?? fail('unauthenticated', 'log in first');
  if (session!.permissions.has(permission)) return;
  recordDenial(svc, session!.userId, method, { permission, detail });
  fail('forbidden', `${session!.userName} (${session!.roleId}) may not ${method} this way: needs ${permission}`);
}
