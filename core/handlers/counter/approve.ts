import { inTransaction } from '../../../db/connection';
import { appendAudit } from '../../../db/queries/audit';
import type { CallContext, Services } from '../../api/handler';
import { requirePermission, type Approval } from '../../auth/approval';
import type { Permission } from '../../contract/permissions';
import { AppError } from '../../errors';

/**
 * requirePermission, plus: a wrong or locked approver PIN is also recorded against the cashier who asked
 * ('approval.refused'), since checkCredentials records the failure against the approver only and loss control
 * counts denied attempts per cashier. Call it before the action's transaction, like requirePermission.
 */
export function approve(svc: Services, ctx: CallContext, permission: Permission, action: string, approval: Approval | undefined, detail: unknown): number | null {
  try {
    return requirePermission(svc, ctx, permission, action, approval, detail);
  } catch (err) {
    if (err instanceof AppError && (err.code === 'bad_credentials' || err.code === 'user_locked') && ctx.session) {
      const userId = ctx.session.userId;
      inTransaction(svc.db, () =>
        appendAudit(svc.db, { userId, action: 'approval.refused', entity: 'action', entityId: action, data: { permission, approver: approval?.userId ?? null, reason: err.code, detail } }),
      );
    }
    throw err;
  }
}
