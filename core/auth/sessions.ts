import { randomBytes } from 'node:crypto';
import type { Permission } from '../contract/permissions';

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

/** In-memory: a restart logs everyone out, which is what a counter PC wants. */
export class SessionStore {
  private readonly byToken = new Map<string, Session>();

  constructor(private readonly idleMs: number) {}

  create(s: Omit<Session, 'token' | 'csrf' | 'lastSeen'>): Session {
    const session: Session = { ...s, token: randomBytes(32).toString('hex'), csrf: randomBytes(16).toString('hex'), lastSeen: Date.now() };
    this.byToken.set(session.token, session);
    return session;
  }

  /** The live session for a token, touching it; an idle one is dropped. */
  get(token: string | undefined | null): Session | null {
    if (!token) return null;
    const s = this.byToken.get(token);
    if (!s) return null;
    if (Date.now() - s.lastSeen > this.idleMs) {
      this.byToken.delete(token);
      return null;
    }
    s.lastSeen = Date.now();
    return s;
  }

  /** The live session for a token without counting as activity (event streams must not keep a session awake). */
  peek(token: string | undefined | null): Session | null {
    if (!token) return null;
    const s = this.byToken.get(token);
    if (!s || Date.now() - s.lastSeen > this.idleMs) return null;
    return s;
  }

  end(token: string): void {
    this.byToken.delete(token);
  }

  endAll(): void {
    this.byToken.clear();
  }

  endUser(userId: number): void {
    for (const [t, s] of this.byToken) if (s.userId === userId) this.byToken.delete(t);
  }
}
