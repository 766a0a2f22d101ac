/** Methods that start a session: the transports rate-limit them by address. */
export const SIGN_IN_METHODS: ReadonlySet<string> = new Set(['auth.login', 'auth.loginPassword']);

/**
 * Takes the session token out of a result, whichever method produced it: the transports keep it (an HttpOnly
 * cookie, the Electron main process) and never pass it on, so a new sign-in method cannot leak it by omission.
 */
export function takeSessionToken(value: unknown): string | null {
  if (!value || typeof value !== 'object' || !('token' in value)) return null;
  const token = (value as { token?: unknown }).token;
  delete (value as { token?: unknown }).token;
  return typeof token === 'string' ? token : null;
}
