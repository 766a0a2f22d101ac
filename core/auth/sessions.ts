import { randomBytes } from 'node:crypto';
import type { Permission } from '../contract/permissions';
import type { ApiEvent } from '../contract/types';

export interface Session {
  token: string;
  csrf: string;
  userId: number;
  userName: string;
  roleId: string;
  permissions: ReadonlySet<Permission>;
  signIn: 'pin' | 'password';
  lastSeen: number;
}

/** Why a session ended, in the words of the `session.ended` event: logout, idle time or a restore, the user locked or changed. */
export type SessionEndReason = Extract<ApiEvent, { type: 'session.ended' }>['reason'];
export type SessionEndListener = (reason: SessionEndReason) => void;

/** setTimeout's longest delay; a longer idle limit is simply checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** In-memory: a restart logs everyone out, which is what a counter PC wants. */
export class SessionStore {
  private readonly byToken = new Map<string, Session>();
  /**
   * Who holds a connection open for a session (event streams, sockets, desktop windows) and wants to know the moment
   * it ends. A watched session also gets a timer for its idle limit, so an idle one ends on time rather than at its
   * next use.
   */
  private readonly watched = new Map<string, { listeners: Set<SessionEndListener>; timer: NodeJS.Timeout | null }>();

  constructor(private readonly idleMs: number) {}

  create(s: Omit<Session, 'token' | 'csrf' | 'lastSeen'>): Session {
    const session: Session = { ...s, token: randomBytes(32).toString('hex'), csrf: randomBytes(16).toString('hex'), lastSeen: Date.now() };
    this.byToken.set(session.token, session);
    return session;
  }

  /** The live session for a token, touching it; an idle one is dropped. */
  get(token: string | undefined | null): Session | null {
    const s = this.peek(token);
    if (s) s.lastSeen = Date.now();
    return s;
  }

  /** The live session for a token without counting as activity (event streams must not keep a session awake). */
  peek(token: string | undefined | null): Session | null {
    if (!token) return null;
    const s = this.byToken.get(token);
    if (!s) return null;
    if (Date.now() - s.lastSeen > this.idleMs) {
      this.drop(token, 'expired');
      return null;
    }
    return s;
  }

  end(token: string): void {
    this.drop(token, 'logout');
  }

  endAll(): void {
    for (const t of [...this.byToken.keys()]) this.drop(t, 'expired');
  }

  endUser(userId: number): void {
    for (const [t, s] of [...this.byToken]) if (s.userId === userId) this.drop(t, 'locked');
  }

  /**
   * Calls `listener` once when the session ends, however it ends (logout, idle limit, lockout, a user change, a
   * restore). A token that is not live gets the call at once (on a microtask). Returns the unsubscribe.
   */
  onEnd(token: string, listener: SessionEndListener): () => void {
    if (!this.peek(token)) {
      let cancelled = false;
      queueMicrotask(() => cancelled || listener('expired'));
      return () => (cancelled = true);
    }
    let w = this.watched.get(token);
    if (!w) {
      w = { listeners: new Set(), timer: null };
      this.watched.set(token, w);
      this.armIdleTimer(token);
    }
    w.listeners.add(listener);
    return () => {
      const now = this.watched.get(token);
      if (!now) return;
      now.listeners.delete(listener);
      if (now.listeners.size === 0) {
        if (now.timer) clearTimeout(now.timer);
        this.watched.delete(token);
      }
    };
  }

  /** Wakes when the session would reach its idle limit; activity meanwhile moves the limit, so it looks again. */
  private armIdleTimer(token: string): void {
    const w = this.watched.get(token);
    const s = this.byToken.get(token);
    if (!w || !s) return;
    const due = Math.min(Math.max(s.lastSeen + this.idleMs - Date.now() + 1, 1), MAX_TIMER_MS);
    w.timer = setTimeout(() => {
      w.timer = null;
      if (this.peek(token)) this.armIdleTimer(token);
    }, due);
    // A counter PC's process must be free to exit with sessions still open.
    w.timer.unref();
  }

  private drop(token: string, reason: SessionEndReason): void {
    const had = this.byToken.delete(token);
    const w = this.watched.get(token);
    this.watched.delete(token);
    if (!w) return;
    if (w.timer) clearTimeout(w.timer);
    if (!had) return;
    for (const l of w.listeners) {
      try {
        l(reason);
      } catch (err) {
        // One connection's failure to close must not keep the others open, nor fail the logout that ended them.
        console.error('[lavka] session end listener failed:', err);
      }
    }
  }
}
