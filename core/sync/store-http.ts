/**
 * JSON over HTTP to a store, with a deadline on every call and every failure sorted into a StoreFailureKind (see
 * connector.ts): the sync decides from the kind whether to retry, dead-letter or stop.
 */
import { StoreError } from './connector';

export interface StoreHttpOptions {
  baseUrl: string;
  headers: Record<string, string>;
  /** Per call, connect to last byte. */
  timeoutMs: number;
}

export type StoreHttp = <T>(method: string, path: string, body?: unknown) => Promise<T>;

const RETRY_STATUSES = new Set([408, 425, 429]);

export function storeHttp(o: StoreHttpOptions): StoreHttp {
  const base = o.baseUrl.replace(/\/+$/, '');
  const send = async (method: string, path: string, body: unknown): Promise<{ res: Response; text: string }> => {
    const res = await fetch(base + path, {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...o.headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(o.timeoutMs),
    });
    return { res, text: await res.text() };
  };
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let res: Response;
    let text: string;
    try {
      ({ res, text } = await send(method, path, body).catch((error: unknown) => {
        // A kept-alive connection the store closed just as it was reused ("other side closed") fails a read that
        // never reached the store: a GET changes nothing, so it is sent once more on a fresh connection at once.
        if (method !== 'GET' || networkFailure(error, '').kind !== 'unavailable') throw error;
        return send(method, path, body);
      }));
    } catch (error) {
      throw networkFailure(error, `${method} ${path}`);
    }
    const what = `${method} ${path} answered ${res.status}`;
    if (res.status === 401 || res.status === 403)
      throw new StoreError('unauthorized', `${what}: the store refused the API key`, res.status);
    if (res.status >= 500 || RETRY_STATUSES.has(res.status)) throw new StoreError('unavailable', `${what}: ${brief(text)}`, res.status);
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new StoreError('not_json', `${what} with something that is not JSON (a wrong address?): ${brief(text)}`, res.status);
    }
    if (!res.ok) throw new StoreError('rejected', `${what}: ${brief(text)}`, res.status);
    return json as T;
  };
}

function networkFailure(error: unknown, what: string): StoreError {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return new StoreError('timeout', `${what}: no answer in time`);
  const code = e?.cause?.code ?? '';
  // Refused or unreachable: the store (or the internet) is down. Reset mid-answer: the store may or may not have acted.
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/.test(code)) return new StoreError('offline', `${what}: ${code}`);
  return new StoreError('unavailable', `${what}: ${e?.cause?.message ?? e?.message ?? String(error)}`);
}

const brief = (text: string): string => text.replace(/\s+/g, ' ').slice(0, 200);
