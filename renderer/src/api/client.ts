import { createHttpTransport } from './http';
import type { ApiInput, ApiOutput, ClientErrorCode, Listener, Method, Result, Transport } from './types';

/** A failed call as a thrown value, for react-query; `code` picks the translated message. */
export class ApiFailure extends Error {
  /** rate_limited: when (this clock, ms) a try is allowed again. */
  readonly retryAt?: number;

  constructor(
    readonly code: ClientErrorCode,
    message: string,
    retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ApiFailure';
    if (retryAfterMs !== undefined) this.retryAt = Date.now() + retryAfterMs;
  }
}

const transport: Transport = window.api ?? createHttpTransport();

// A session can end on the server (idle logout, user locked) between two calls: whoever shows the login screen listens here.
const sessionLost = new Set<() => void>();
export function onSessionLost(listener: () => void): () => void {
  sessionLost.add(listener);
  return () => sessionLost.delete(listener);
}

export const api = {
  /** Never throws: a dead connection comes back as a `network` failure like any other. */
  async call<M extends Method>(
    method: M,
    input: ApiInput<M>,
  ): Promise<Result<ApiOutput<M>> | { ok: false; error: { code: 'network'; message: string } }> {
    try {
      const r = (await transport.call(method, input)) as Result<ApiOutput<M>>;
      if (!r.ok && r.error.code === 'unauthenticated') for (const l of sessionLost) l();
      return r;
    } catch (err) {
      return { ok: false, error: { code: 'network', message: (err as Error).message } };
    }
  },
  on(listener: Listener): () => void {
    const off = transport.on(listener);
    return typeof off === 'function' ? off : () => {};
  },
};

/** The value or an ApiFailure thrown: what react-query's queryFn/mutationFn want. */
export async function request<M extends Method>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const r = await api.call(method, input);
  if (!r.ok) throw new ApiFailure(r.error.code, r.error.message, 'retryAfterMs' in r.error ? r.error.retryAfterMs : undefined);
  return r.value;
}

export function errorCode(err: unknown): ClientErrorCode {
  return err instanceof ApiFailure ? err.code : 'internal';
}

/** When a throttled sign-in may be tried again (ms, this clock), or null when the failure was not a throttle. */
export const retryAt = (err: unknown): number | null => (err instanceof ApiFailure && err.retryAt !== undefined ? err.retryAt : null);
