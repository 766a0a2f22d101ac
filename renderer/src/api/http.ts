import type { ApiEvent, Listener, Result, Transport, UploadedFile } from './types';

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

/** What the server takes only over POST (it sets or clears the session cookie): see server/socket-api.ts. */
const overPostOnly = (method: string): boolean =>
  method.startsWith('auth.') || method.startsWith('setup.') || method.startsWith('recovery.');

interface Pending {
  method: string;
  input: unknown;
  resolve(r: Result<unknown>): void;
  reject(err: Error): void;
}

/**
 * Browser mode: calls over the session's WebSocket (/api/socket) while it is open, else POST /api/<method>; events
 * over SSE. A scan's round trip over the socket skips a request's cost in the browser's network stack.
 */
export function createHttpTransport(base = '/api'): Transport {
  let csrf = storedCsrf();
  const listeners = new Set<Listener>();
  let source: EventSource | null = null;
  /** The open socket and its calls awaiting an answer. */
  let link: { ws: WebSocket; pending: Map<number, Pending> } | null = null;
  let reopen: ReturnType<typeof setTimeout> | null = null;
  /** Wait before the next attempt to reopen: doubles while the server is away (1 s .. 30 s), back to 1 s once open. */
  let retryMs = 1000;
  let nextId = 1;

  function openSocket(): void {
    closeSocket();
    const url = new URL(`${base}/socket`, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    const pending = new Map<number, Pending>();
    const mine = { ws, pending };
    link = mine;
    ws.onopen = () => {
      retryMs = 1000;
    };
    ws.onmessage = (m: MessageEvent<string>) => {
      let reply: { id: number; result: Result<unknown> };
      try {
        reply = JSON.parse(m.data) as typeof reply;
      } catch (err) {
        console.error('[lavka] unreadable answer on the api socket:', m.data, err);
        return;
      }
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      p?.resolve(reply.result);
      if (link !== mine && !pending.size) ws.close();
    };
    ws.onclose = (e: CloseEvent) => {
      const unanswered = [...pending.values()];
      pending.clear();
      for (const p of unanswered) {
        // 4401: the session ended and the server closed at once, after answering every call it had read: those still
        // waiting were not run (a call without a session can only be a public read), so they go again over POST.
        if (e.code === 4401) overPost(p.method, p.input).then(p.resolve, p.reject);
        // Otherwise a call in flight has no answer now; whether it was applied is unknown, as with a dropped POST.
        else p.reject(new Error('the connection to the server closed'));
      }
      if (link !== mine) return;
      link = null;
      // 4401: the server ended the socket with its session; the next call (a POST) gets the login screen shown.
      if (e.code === 4401) return;
      // Again later while the session lasts; calls go over POST meanwhile (and a POST finds out if the session ended).
      if (csrf !== NO_SESSION) {
        reopen = setTimeout(openSocket, retryMs);
        retryMs = Math.min(retryMs * 2, 30_000);
      }
    };
  }

  /**
   * New calls go over POST from now on; the socket closes once the calls in flight have their answers (the call that
   * ended the session, a restore say, still gets its answer), or after a minute regardless.
   */
  function closeSocket(): void {
    if (reopen) clearTimeout(reopen);
    reopen = null;
    const old = link;
    link = null;
    if (!old) return;
    if (!old.pending.size) old.ws.close();
    else setTimeout(() => old.ws.close(), 60_000);
  }

  function overSocket({ ws, pending }: NonNullable<typeof link>, method: string, input: unknown): Promise<Result<unknown>> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { method, input, resolve, reject });
      ws.send(JSON.stringify({ id, method, input: input ?? {}, csrf }));
    });
  }

  async function overPost(method: string, input: unknown): Promise<Result<unknown>> {
    const res = await fetch(`${base}/${encodeURIComponent(method)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Lavka-Csrf': csrf },
      body: JSON.stringify(input ?? {}),
    });
    // The body is the Result whatever the status; the status only mirrors it.
    return (await res.json()) as Result<unknown>;
  }

  // The event stream and the socket belong to a session, so they open after login and close on logout.
  function connect(): void {
    source?.close();
    openSocket();
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
    closeSocket();
  }

  function setSession(next: string | null): void {
    csrf = next ?? NO_SESSION;
    storeCsrf(next);
    if (next) connect();
    else disconnect();
  }

  async function call(method: string, input: unknown): Promise<Result<unknown>> {
    const l = link;
    const result =
      l && l.ws.readyState === WebSocket.OPEN && !overPostOnly(method) ? await overSocket(l, method, input) : await overPost(method, input);
    // Sign-in results and auth.me carry the session's CSRF value.
    if (result.ok && result.value !== null && typeof result.value === 'object' && 'csrf' in result.value) {
      setSession((result.value as { csrf: string }).csrf);
    } else if (method === 'auth.logout' || (!result.ok && result.error.code === 'unauthenticated')) {
      setSession(null);
    }
    return result;
  }

  /** The file streams as the request body; its name rides in a header (percent-encoded: headers carry ASCII). */
  async function upload(file: File): Promise<Result<UploadedFile>> {
    const res = await fetch(`${base}/upload`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/octet-stream', 'X-Lavka-Csrf': csrf, 'X-Lavka-File-Name': encodeURIComponent(file.name) },
      body: file,
    });
    return (await res.json()) as Result<UploadedFile>;
  }

  /**
   * A link the browser follows as a download, so the file goes from the server's disk to the user's without passing
   * through this page. A link carries no header: the session's csrf value rides in the query (server/download.ts).
   */
  function download(file: { downloadId: string; fileName: string }): void {
    const a = document.createElement('a');
    a.href = `/download/${encodeURIComponent(file.downloadId)}?csrf=${encodeURIComponent(csrf)}`;
    a.download = file.fileName;
    a.click();
  }

  return {
    call,
    upload,
    download,
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
