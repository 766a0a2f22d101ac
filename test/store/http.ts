// JSON over HTTP to the test store, the two ways Medusa authenticates: the admin API with a secret key (HTTP Basic,
// `sk_...:`), the store API with a publishable key header. Any non-2xx is a StoreHttpError carrying the body.

export class StoreHttpError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} -> ${status} ${JSON.stringify(body).slice(0, 500)}`);
  }
}

export type Auth = { kind: 'secret'; key: string } | { kind: 'publishable'; key: string } | { kind: 'bearer'; token: string };

export interface Http {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Medusa's JSON, narrowed by each helper
  <T = any>(method: string, path: string, body?: unknown): Promise<T>;
}

export function http(baseUrl: string, auth: Auth, timeoutMs = 30_000): Http {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth.kind === 'secret') headers.authorization = `Basic ${Buffer.from(`${auth.key}:`).toString('base64')}`;
  else if (auth.kind === 'bearer') headers.authorization = `Bearer ${auth.token}`;
  else headers['x-publishable-api-key'] = auth.key;
  return async (method, path, body) => {
    const res = await fetch(baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    const json: unknown = text ? JSON.parse(text) : null;
    if (!res.ok) throw new StoreHttpError(method, path, res.status, json);
    return json as never;
  };
}

/** Medusa amounts are decimal major units (19.99); Lavka counts money in integer minor units. */
export const toMajor = (minor: number): number => minor / 100;
export const toMinor = (major: number): number => Math.round(major * 100);
