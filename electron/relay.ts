// The IPC relay's bookkeeping, free of electron imports so it is tested against a real core in plain Node.
// The session token of a window lives here, in the main process; the renderer never sees it (the Electron
// equivalent of browser mode's HttpOnly cookie).
import { AppError } from '../core/errors';
import type { UploadedFile, UploadStore } from '../core/pricelists/uploads';
import type { DownloadStore, HeldDownload } from '../core/exports/downloads';
import { takeSessionToken } from '../core/api/session-token';
import type { CallContext } from '../core/api/handler';
import type { SessionStore } from '../core/auth/sessions';
import type { Result } from '../core/contract/errors';
import type { ApiEvent } from '../core/contract/types';
import { eventVisibleTo, type EventBus } from '../core/events';
import { isPlausibleMethod } from './policy';

/** The desktop window is the counter PC itself: sign-in throttling never shuts it out. */
const DESKTOP = { address: 'ipc', counter: true } as const;

export interface RelaySender {
  /** webContents.id */
  id: number;
  /** Delivers an event to that window (webContents.send('api:event', e)). */
  send(e: ApiEvent): void;
}

/** What the relay talks to: the core's AppHost (core/host.ts) in the app, a Core in tests. */
export interface RelayBackend {
  call(ctx: CallContext, method: string, input: unknown): Promise<Result<unknown>>;
  readonly sessions: SessionStore;
  readonly events: EventBus;
  /** The running core's upload store (files for import); absent while no shop is open. */
  readonly core?: { readonly svc: { readonly uploads: UploadStore; readonly downloads: DownloadStore } } | null;
}

interface WindowSession {
  token: string;
  send(e: ApiEvent): void;
  /** Stops listening for the end of the session. */
  unwatch(): void;
}

export class ApiRelay {
  private readonly windows = new Map<number, WindowSession>();
  private bus: EventBus | null = null;
  private off: () => void = () => {};

  constructor(private readonly core: RelayBackend) {
    this.subscribe();
  }

  /**
   * Committed changes go to logged-in windows only, each event to the windows whose session may see it. A window is
   * dropped the moment its session ends (logout, idle limit, lockout, restore), and liveness is re-checked on every
   * call and event. The host swaps its bus when a damaged database is restored: follow it.
   */
  private subscribe(): void {
    const bus = this.core.events;
    if (bus === this.bus) return;
    this.off();
    this.bus = bus;
    this.off = bus.on((e) => {
      for (const [id, w] of [...this.windows]) {
        const session = this.core.sessions.peek(w.token);
        if (!session) {
          this.drop(id);
          continue;
        }
        // The desktop window is the counter PC: it gets what a session there may see (core/events.ts).
        if (!eventVisibleTo(e, { session, counter: true })) continue;
        try {
          w.send(e);
        } catch (err) {
          console.error('[lavka] event delivery failed:', err);
        }
      }
    });
  }

  /** True while the window holds a session token (for tests and diagnostics; never exposes the token). */
  isLoggedIn(windowId: number): boolean {
    return this.windows.has(windowId);
  }

  async call(sender: RelaySender, method: unknown, input: unknown): Promise<Result<unknown>> {
    if (!isPlausibleMethod(method)) {
      return {
        ok: false,
        error: { code: 'unknown_method', message: `no API method ${JSON.stringify(method)?.slice(0, 80) ?? String(method)}` },
      };
    }
    const held = this.windows.get(sender.id);
    const session = held ? this.core.sessions.get(held.token) : null;
    if (held && !session) this.drop(sender.id);
    let result: Result<unknown>;
    try {
      result = await this.core.call({ session, source: DESKTOP }, method, input);
    } finally {
      this.subscribe();
    }
    if (!result.ok) return result;
    const token = takeSessionToken(result.value);
    if (token) {
      // A second login in the same window replaces the first session.
      if (held && held.token !== token) this.core.sessions.end(held.token);
      this.drop(sender.id);
      const unwatch = this.core.sessions.onEnd(token, () => {
        if (this.windows.get(sender.id)?.token === token) this.drop(sender.id);
      });
      this.windows.set(sender.id, { token, send: sender.send, unwatch });
      return result;
    }
    if (method === 'auth.logout') this.drop(sender.id);
    return result;
  }

  /**
   * The desktop's way to send a file for import (browser mode POSTs it to /api/upload): the path the shell's own
   * open dialog returned, copied into the upload store for this window's session. The page never names a path.
   */
  async adoptFile(windowId: number, file: string): Promise<Result<UploadedFile>> {
    const held = this.windows.get(windowId);
    const session = held ? this.core.sessions.get(held.token) : null;
    if (!session) return { ok: false, error: { code: 'unauthenticated', message: 'log in first' } };
    if (!session.permissions.has('price.edit') && !session.permissions.has('catalog.edit'))
      return { ok: false, error: { code: 'forbidden', message: 'sending files for import needs price.edit or catalog.edit' } };
    const uploads = this.core.core?.svc.uploads;
    if (!uploads) return { ok: false, error: { code: 'db_damaged', message: 'the shop database is not open' } };
    try {
      return { ok: true, value: await uploads.adopt(file, session.userId) };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: { code: err.code, message: err.message } };
      throw err;
    }
  }

  /**
   * The desktop's side of GET /download/<id>: the exported file behind an id, if this window's session made it. The
   * shell copies it where the user chooses to save it; the page never sees a path.
   */
  downloadOf(windowId: number, id: unknown): Result<HeldDownload> {
    const held = this.windows.get(windowId);
    const session = held ? this.core.sessions.get(held.token) : null;
    if (!session) return { ok: false, error: { code: 'unauthenticated', message: 'log in first' } };
    const file = typeof id === 'string' ? this.core.core?.svc.downloads.get(id, session.token) : null;
    if (!file) return { ok: false, error: { code: 'not_found', message: 'this download is gone (expired): export again' } };
    return { ok: true, value: file };
  }

  private drop(windowId: number): void {
    this.windows.get(windowId)?.unwatch();
    this.windows.delete(windowId);
  }

  /** The window is gone: its session ends with it. */
  forget(windowId: number): void {
    const held = this.windows.get(windowId);
    this.drop(windowId);
    if (held) this.core.sessions.end(held.token);
  }

  close(): void {
    this.off();
    this.bus = null;
    for (const id of [...this.windows.keys()]) this.forget(id);
  }
}
