import { createHttpTransport } from './http';
import type { ApiInput, ApiOutput, ClientErrorCode, Listener, Method, Result, Transport, UploadedFile } from './types';

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
  /** True in the desktop window: files come from the shell's dialog, not from a file input. */
  picksFiles: typeof transport.pickFile === 'function',
  /** A file for import into the core's upload store (browser: the file the input holds; desktop: the shell's dialog). */
  async sendFile(file: File | null): Promise<UploadedFile> {
    let r: Result<UploadedFile>;
    try {
      if (transport.pickFile) r = await transport.pickFile();
      else if (transport.upload && file) r = await transport.upload(file);
      else throw new Error('no way to send a file from this window');
    } catch (err) {
      throw new ApiFailure('network', (err as Error).message);
    }
    if (!r.ok) throw new ApiFailure(r.error.code, r.error.message);
    return r.value;
  },
  /** An exported file (report.export's answer) saved the way this window saves files; a dismissed dialog is no error. */
  async saveDownload(file: { downloadId: string; fileName: string }): Promise<void> {
    if (!transport.download) throw new ApiFailure('internal', 'no way to save a file from this window');
    let r: Result<unknown> | void;
    try {
      r = await transport.download(file);
    } catch (err) {
      throw new ApiFailure('network', (err as Error).message);
    }
    if (r && !r.ok && r.error.code !== 'cancelled') throw new ApiFailure(r.error.code, r.error.message);
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
