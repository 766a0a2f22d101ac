import { inTransaction } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import { apiSpec, type ApiOutput, type Method } from '../contract/api';
import type { Result } from '../contract/errors';
import type { Permission } from '../contract/permissions';
import { AppError } from '../errors';
import { handlers } from '../handlers';
import type { CallContext, Handler, Services } from './handler';

export const isMethod = (m: string): m is Method => Object.prototype.hasOwnProperty.call(apiSpec, m);

function describeZod(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/**
 * The one entry for every transport: validate, check access in the core, run, and wrap the result.
 * Nothing thrown escapes: a known failure keeps its code, anything else is logged and becomes 'internal'.
 */
export async function dispatch(svc: Services, ctx: CallContext, method: string, raw: unknown): Promise<Result<unknown>> {
  if (!isMethod(method))
    return { ok: false, error: { code: 'unknown_method', message: `no API method ${JSON.stringify(method).slice(0, 80)}` } };
  const spec = apiSpec[method];
  const access = spec.access as string;
  // A session ended by logout, lockout, idle timeout or a restore is dead even if a caller still holds it.
  if (ctx.session && !svc.sessions.get(ctx.session.token)) ctx = { ...ctx, session: null };
  if (access !== 'public') {
    if (!ctx.session) return { ok: false, error: { code: 'unauthenticated', message: 'log in first' } };
    if (access !== 'authenticated' && !ctx.session.permissions.has(access as Permission)) {
      const userId = ctx.session.userId;
      // Denials are evidence for loss control, so they are kept even though the call did nothing.
      inTransaction(svc.db, () =>
        appendAudit(svc.db, { userId, action: 'access.denied', entity: 'method', entityId: method, data: { permission: access } }),
      );
      return {
        ok: false,
        error: { code: 'forbidden', message: `${ctx.session.userName} (${ctx.session.roleId}) may not ${method}: needs ${access}` },
      };
    }
  }
  const parsed = spec.input.safeParse(raw ?? {});
  if (!parsed.success) return { ok: false, error: { code: 'validation', message: describeZod(parsed.error.issues) } };
  try {
    const handler = handlers[method] as Handler<Method>;
    const value = await handler(svc, ctx, parsed.data as never);
    return { ok: true, value };
  } catch (err) {
    if (err instanceof AppError)
      return {
        ok: false,
        error: { code: err.code, message: err.message, ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) },
      };
    console.error(`[lavka] ${method} failed:`, err);
    return { ok: false, error: { code: 'internal', message: `${method} failed: ${(err as Error).message}` } };
  }
}

/** Typed convenience for in-process callers (tests, Electron main, seed scripts). */
export type Caller = <M extends Method>(method: M, input: unknown) => Promise<Result<ApiOutput<M>>>;
