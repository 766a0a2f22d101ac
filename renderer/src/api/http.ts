import type { ApiEvent, Listener, Result, Transport } from './types';

/** Before login the server takes this placeholder: a custom header alone already defeats cross-site forms. */
const NO_SESSION = '1';
// The csrf value is not a secret from the page (CONTRIBUTING.md); keeping it per tab lets a reload resume the session.
const STORAGE_KEY = 'lavka.csrf';

function storedCsrf(): string {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? NO_SESSION;
  } catch {
    return NO_SESSION;
  }
}

function storeCsrf(value: string | null): void {
  try {
    if (value) sessionStorage.setItem(STORAGE_KEY, value);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage may be disabled; the in-memory value still works until reload.
  }
}

/** Browser mode: POST /api/<method>, events over SSE. */
export function createHttpTransport(base = '/api'): Transport {
  let csrf = storedCsrf();
  const listeners = new Set<Listener>();
  let source: EventSource | null = null;

  // The event stream belongs to a session, so it opens after login and closes on logout.
  function connect(): void {
    source?.close();
    source = new EventSource(`${base}/events`);
    source.onmessage = (m: MessageEvent<string>) => {
      let event: ApiEvent;
      try {
        event = JSON.parse(m.data) as ApiEvent;
      } catch (err) {
        // Our own server wrote it: a frame that does not parse is a bug worth seeing, not a reason to stop listening.
        console.error('[lavka] unreadable event from the server:', m.data, err);
        return;
      }
      for (const l of listeners) l(event);
    };
  }

  function disconnect(): void {
    source?.close();
    source = null;
  }

  function setSession(next: string | null): void {
    csrf = next ?? NO_SESSION;
    storeCsrf(next);
    if (next) connect();
    else disconnect();
  }

  async function call(method: string, input: unknown): Promise<Result<unknown>> {
    const res = await fetch(`${base}/${encodeURIComponent(method)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Lavka-Csrf': csrf },
      body: JSON.stringify(input ?? {}),
    });
    // The body is the Result whatever the status; the status only mirrors it.
    const result = (await res.json()) as Result<unknown>;
    // Sign-in results and auth.me carry the session's CSRF value.
    if (result.ok && result.value !== null && typeof result.value === 'object' && 'csrf' in result.value) {
      setSession((result.value as { csrf: string }).csrf);
    } else if (method === 'auth.logout' || (!result.ok && result.error.code === 'unauthenticated')) {
      setSession(null);
    }
    return result;
  }

  return {
    call,
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
