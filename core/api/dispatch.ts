import { apiSpec, type ApiInput, type ApiOutput, type KindMethod, type Method } from '../contract/api';
import type { Result } from '../contract/errors';
import { DOC_KIND_PERMISSION, type Access, type Permission } from '../contract/permissions';
import type { DocType } from '../contract/types';
import { AppError } from '../errors';
import { handlers } from '../handlers';
import type { CallContext, Handler, Services } from './handler';
import { KIND_OF } from './kind-access';
import { recordDenial } from '../auth/approval';

const ANY_KIND: readonly Permission[] = [...new Set(Object.values(DOC_KIND_PERMISSION))];

export const isMethod = (m: string): m is Method => Object.prototype.hasOwnProperty.call(apiSpec, m);

function describeZod(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/**
 * Refuses a caller without the permission (or, given several, without any of them), auditing the denial (evidence
 * for loss control though nothing changed).
 */
function deny(
  svc: Services,
  ctx: CallContext,
  method: Method,
  permission: Permission | readonly Permission[],
  kind?: DocType,
): Result<never> | null {
  const session = ctx.session!;
  const anyOf = typeof permission === 'string' ? [permission] : permission;
  if (anyOf.some((p) => session.permissions.has(p))) return null;
  const data = typeof permission !== 'string' ? { anyOf: permission } : kind ? { permission, kind } : { permission };
  recordDenial(svc, session.userId, method, data);
  const what = kind ? `${method} a ${kind}` : method;
  const needs = typeof permission === 'string' ? permission : `the right to post some kind of document (one of ${permission.join(', ')})`;
  return {
    ok: false,
    error: { code: 'forbidden', message: `${session.userName} (${session.roleId}) may not ${what}: needs ${needs}` },
  };
}

/**
 * The one entry for every transport: validate, check access in the core, run, and wrap the result.
 * Nothing thrown escapes: a known failure keeps its code, anything else is logged and becomes 'internal'.
 */
export async function dispatch(svc: Services, ctx: CallContext, method: string, raw: unknown): Promise<Result<unknown>> {
  if (!isMethod(method))
    return { ok: false, error: { code: 'unknown_method', message: `no API method ${JSON.stringify(method).slice(0, 80)}` } };
  const spec = apiSpec[method];
  const access: Access = spec.access;
  // A session ended by logout, lockout, idle timeout or a restore is dead even if a caller still holds it.
  if (ctx.session && !svc.sessions.get(ctx.session.token)) ctx = { ...ctx, session: null };
  if (access !== 'public' && !ctx.session) return { ok: false, error: { code: 'unauthenticated', message: 'log in first' } };
  if (access !== 'public' && access !== 'authenticated') {
    // By kind: one who may post no kind at all is refused before the input is looked at, like any other denial.
    const denied = deny(svc, ctx, method, access === 'by-kind' ? ANY_KIND : access);
    if (denied) return denied;
  }
  const parsed = spec.input.safeParse(raw ?? {});
  if (!parsed.success) return { ok: false, error: { code: 'validation', message: describeZod(parsed.error.issues) } };
  try {
    if (access === 'by-kind') {
      const kindOf = KIND_OF[method as KindMethod] as (svc: Services, input: unknown) => DocType | null;
      const kind = kindOf(svc, parsed.data);
      const denied = kind ? deny(svc, ctx, method, DOC_KIND_PERMISSION[kind], kind) : null;
      if (denied) return denied;
    }
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

/**
 * In-process callers (tests, Electron main, seed scripts): input and output typed by method. Deliberately bad input
 * goes through the untyped `core.call` instead.
 */
export type Caller = <M extends Method>(method: M, input: ApiInput<M>) => Promise<Result<ApiOutput<M>>>;
