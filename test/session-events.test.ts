// Sessions tell whoever holds a connection for them the moment they end, and pushed events reach only the sessions
// that may see them (core/events.ts eventVisibleTo), in the core and in the Electron relay.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionStore, type Session, type SessionEndReason } from '../core/auth/sessions';
import type { ApiEvent } from '../core/contract/types';
import { eventVisibleTo } from '../core/events';
import { ApiRelay } from '../electron/relay';
import { as, DEMO, testCore, unwrap } from './helpers';

const user = (userId: number) => ({
  userId,
  userName: `u${userId}`,
  roleId: 'cashier',
  permissions: new Set<never>(),
  signIn: 'pin' as const,
});

describe('a session tells its connections when it ends', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('logout, a user being locked or changed, and a restore each end the session with their reason', async () => {
    const store = new SessionStore(60_000);
    const a = store.create(user(1));
    const b = store.create(user(2));
    const c = store.create(user(3));
    const ended: [string, SessionEndReason][] = [];
    for (const [name, s] of [
      ['a', a],
      ['b', b],
      ['c', c],
    ] as const)
      store.onEnd(s.token, (why) => ended.push([name, why]));
    store.end(a.token);
    expect(ended).toEqual([['a', 'logout']]);
    store.endUser(2);
    expect(ended).toEqual([
      ['a', 'logout'],
      ['b', 'locked'],
    ]);
    store.endAll();
    expect(ended).toEqual([
      ['a', 'logout'],
      ['b', 'locked'],
      ['c', 'expired'],
    ]);
    // Once only: a session that is gone does not end again.
    store.end(a.token);
    expect(ended).toHaveLength(3);
  });

  it('an idle session ends when its idle limit passes, without anyone using it; activity moves the limit', () => {
    vi.useFakeTimers();
    const store = new SessionStore(30 * 60_000);
    const s = store.create(user(1));
    const ended: SessionEndReason[] = [];
    store.onEnd(s.token, (why) => ended.push(why));
    vi.advanceTimersByTime(20 * 60_000);
    expect(store.get(s.token)).not.toBeNull();
    vi.advanceTimersByTime(20 * 60_000);
    expect(ended).toEqual([]);
    vi.advanceTimersByTime(11 * 60_000);
    expect(ended).toEqual(['expired']);
    expect(store.peek(s.token)).toBeNull();
  });

  it('a connection that stopped listening is not called; a token that is not live is told at once', async () => {
    const store = new SessionStore(60_000);
    const s = store.create(user(1));
    const calls: string[] = [];
    const off = store.onEnd(s.token, () => calls.push('first'));
    store.onEnd(s.token, () => calls.push('second'));
    off();
    store.end(s.token);
    expect(calls).toEqual(['second']);
    const late: SessionEndReason[] = [];
    store.onEnd(s.token, (why) => late.push(why));
    await Promise.resolve();
    expect(late).toEqual(['expired']);
  });
});

describe('who receives which event', () => {
  let cleanup: (() => void) | null = null;
  afterEach(() => {
    cleanup?.();
    cleanup = null;
  });

  async function sessionsOf(core: ReturnType<typeof testCore>) {
    const login = async (who: keyof typeof DEMO): Promise<Session> => {
      const r = unwrap(await core.call({ session: null }, 'auth.login', { userId: DEMO[who].id, pin: DEMO[who].pin })) as { token: string };
      return core.sessions.get(r.token)!;
    };
    const owner = await as(core, 'owner');
    // A role that may only look at the catalog: it has no business knowing about sales.
    unwrap(await owner('roles.upsert', { id: 'shelf', name: 'Shelf stacker', permissions: ['catalog.view'] }));
    const shelf = unwrap(await owner('users.upsert', { name: 'Olga', roleId: 'shelf', pin: '5555' }));
    const r = unwrap(await core.call({ session: null }, 'auth.login', { userId: shelf.id, pin: '5555' })) as { token: string };
    return {
      cashier: await login('cashier'),
      manager: await login('manager'),
      bookkeeper: await login('bookkeeper'),
      shelf: core.sessions.get(r.token)!,
    };
  }

  it('a cart change goes to its own cashier only; documents to those who see sales or stock; scans to the counter PC', async () => {
    const core = testCore({ demo: true });
    cleanup = core.cleanup;
    const { cashier, manager, bookkeeper, shelf } = await sessionsOf(core);
    const at = (session: Session, counter = false) => ({ session, counter });

    const cartOfCashier: ApiEvent = { type: 'cart.changed', cartId: 1, userId: cashier.userId };
    expect([cashier, manager, bookkeeper, shelf].map((s) => eventVisibleTo(cartOfCashier, at(s)))).toEqual([true, false, false, false]);

    const sale: ApiEvent = { type: 'doc.posted', id: 1, docType: 'sale', number: 'S-1' };
    expect([cashier, manager, bookkeeper, shelf].map((s) => eventVisibleTo(sale, at(s)))).toEqual([true, true, true, false]);
    expect(eventVisibleTo({ type: 'doc.cancelled', id: 1 }, at(shelf))).toBe(false);
    expect(eventVisibleTo({ type: 'catalog.changed', productId: 1 }, at(shelf))).toBe(true);
    expect(eventVisibleTo({ type: 'shift.changed', shiftId: 1 }, at(shelf))).toBe(false);
    expect(eventVisibleTo({ type: 'shift.changed', shiftId: 1 }, at(cashier))).toBe(true);

    const scan: ApiEvent = { type: 'scanner.scan', code: '4607001000013' };
    expect([eventVisibleTo(scan, at(cashier, true)), eventVisibleTo(scan, at(cashier, false))]).toEqual([true, false]);
  });

  it('the core names the cart’s cashier in cart.changed', async () => {
    const core = testCore({ demo: true });
    cleanup = core.cleanup;
    const seen: ApiEvent[] = [];
    core.events.on((e) => seen.push(e));
    const cashier = await as(core, 'cashier');
    const cart = unwrap(await cashier('cart.current', {}));
    unwrap(await cashier('cart.scan', { cartId: cart.id, code: '4607001000013' }));
    expect(seen.filter((e) => e.type === 'cart.changed')).toEqual([
      { type: 'cart.changed', cartId: cart.id, userId: DEMO.cashier.id, updatedAt: expect.any(String) as string },
    ]);
  });

  it('the Electron relay sends each window only its own cart, and drops a window the moment its user is locked out', async () => {
    const core = testCore({ demo: true });
    cleanup = core.cleanup;
    const relay = new ApiRelay(core);
    const got: Record<number, ApiEvent[]> = { 1: [], 2: [] };
    const cashierWindow = { id: 1, send: (e: ApiEvent) => got[1]!.push(e) };
    const managerWindow = { id: 2, send: (e: ApiEvent) => got[2]!.push(e) };
    unwrap(await relay.call(cashierWindow, 'auth.login', { userId: DEMO.cashier.id, pin: DEMO.cashier.pin }));
    unwrap(await relay.call(managerWindow, 'auth.login', { userId: DEMO.manager.id, pin: DEMO.manager.pin }));
    const cart = unwrap(await relay.call(cashierWindow, 'cart.current', {})) as { id: number };
    unwrap(await relay.call(cashierWindow, 'cart.scan', { cartId: cart.id, code: '4607001000013' }));
    expect(got[1]!.map((e) => e.type)).toEqual(['cart.changed']);
    expect(got[2]).toEqual([]);

    core.sessions.endUser(DEMO.manager.id);
    expect(relay.isLoggedIn(2)).toBe(false);
    expect(relay.isLoggedIn(1)).toBe(true);
    relay.close();
  });
});
