/**
 * Wrong PINs slow a guesser down instead of locking the shop out: the counter PC always lets the owner in,
 * a remote guesser gets a bounded number of tries a day however many addresses it uses, and the answers do not
 * tell a real user from a missing one.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallSource } from '../core/api/handler';
import { secretChecks } from '../core/auth/secrets';
import { delayAfter, THROTTLE_RULES, type ThrottleRule } from '../core/auth/throttle';
import type { Result } from '../core/contract/errors';
import { lavkaCli } from './cli-kit';
import { DEMO, openShift, tempDir, testCore, unwrap } from './helpers';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;
const T0 = Date.parse('2026-03-02T09:00:00.000Z');

const remote = (address = '10.0.0.5'): CallSource => ({ address, counter: false });
const COUNTER: CallSource = { address: 'ipc', counter: true };

type Core = ReturnType<typeof testCore>;
const cores: Core[] = [];
const shop = () => {
  const c = testCore();
  cores.push(c);
  return c;
};
afterEach(() => {
  vi.useRealTimers();
  while (cores.length) cores.pop()!.cleanup();
});

/** The shop's clock, moved by the test: delays are checked by stepping to them, never by waiting. */
function clockAt(ms: number): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(ms);
}

const login = (core: Core, source: CallSource, userId: number, pin: string) =>
  core.call({ session: null, source }, 'auth.login', { userId, pin }) as Promise<Result<{ token: string }>>;
const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);
const retryAfter = (r: Result<unknown>) => (r.ok ? undefined : r.error.retryAfterMs);

interface Row {
  source: string;
  failures: number;
  last_failure_at: string;
  next_try_at: string;
}
const throttleRows = (core: Core, userId: number) =>
  core.db.raw
    .prepare('SELECT source, failures, last_failure_at, next_try_at FROM auth_throttle WHERE user_id = ? ORDER BY source')
    .all(userId) as Row[];
/** How long after its last failure the user is held back from that source: the longest of the counts it runs into. */
const heldFor = (rows: Row[]) => Math.max(0, ...rows.map((r) => Date.parse(r.next_try_at) - Date.parse(r.last_failure_at)));
const lastAudit = (core: Core, action: string) => {
  const row = core.db.raw
    .prepare('SELECT user_id AS userId, entity_id AS entityId, data FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT 1')
    .get(action) as { userId: number | null; entityId: string; data: string } | undefined;
  return row && { ...row, data: JSON.parse(row.data) as Record<string, unknown> };
};

/**
 * The most tries a remote guesser gets at one user's PIN in 24 hours, from the rules alone: it tries the moment
 * every count it runs into allows, over `addresses` addresses (each with its own count, all sharing the remote one).
 */
function remoteTriesInADay(addresses: number): number {
  type Count = { failures: number; last: number; next: number };
  const fresh = (): Count => ({ failures: 0, last: -Infinity, next: 0 });
  const bump = (c: Count, rule: ThrottleRule, t: number) => {
    c.failures = t - c.last < rule.quietMs ? c.failures + 1 : 1;
    c.last = t;
    c.next = t + delayAfter(rule, c.failures);
  };
  const all = fresh();
  const each = Array.from({ length: addresses }, fresh);
  let t = 0;
  let tries = 0;
  for (;;) {
    const address = each.reduce((a, b) => (b.next < a.next ? b : a));
    t = Math.max(t, all.next, address.next);
    if (t >= DAY) return tries;
    tries++;
    bump(address, THROTTLE_RULES.address, t);
    bump(all, THROTTLE_RULES.remote, t);
  }
}

describe('a guesser cannot lock the shop out', () => {
  it('after any number of wrong PINs from other addresses, the owner signs in at the counter with the right PIN at once', async () => {
    const core = shop();
    clockAt(T0);
    const answers = new Set<string>();
    for (let i = 0; i < 40; i++) answers.add(code(await login(core, remote(`10.0.${i % 8}.${i}`), DEMO.owner.id, '0000')));
    // The guesser was first refused on the PIN, then held back.
    expect([...answers].sort()).toEqual(['bad_credentials', 'rate_limited']);
    expect(code(await login(core, remote('10.0.9.9'), DEMO.owner.id, DEMO.owner.pin))).toBe('rate_limited');
    expect(code(await login(core, COUNTER, DEMO.owner.id, DEMO.owner.pin))).toBe('ok');
    // In-process callers (the command line, the desktop shell's own calls) are the counter too.
    expect(code(await core.call({ session: null }, 'auth.login', { userId: DEMO.owner.id, pin: DEMO.owner.pin }))).toBe('ok');
    expect(throttleRows(core, DEMO.owner.id).map((r) => r.source)).not.toContain('counter');
  });

  it('wrong PINs at the counter hold the counter back for seconds, growing to at most a minute', async () => {
    const core = shop();
    let t = T0;
    clockAt(t);
    const waits: number[] = [];
    for (let n = 1; n <= 10; n++) {
      expect(code(await login(core, COUNTER, DEMO.cashier.id, '0000'))).toBe('bad_credentials');
      const wait = heldFor(throttleRows(core, DEMO.cashier.id));
      waits.push(wait);
      if (wait > 0) {
        // A moment too early even the right PIN is refused, and it is not checked.
        vi.setSystemTime(t + wait - 1);
        const checks = secretChecks.scrypt;
        const early = await login(core, COUNTER, DEMO.cashier.id, DEMO.cashier.pin);
        expect([code(early), retryAfter(early), secretChecks.scrypt]).toEqual(['rate_limited', 1, checks]);
        expect(early.ok ? '' : early.error.message).toMatch(/try again in 1 s/);
      }
      t += wait;
      vi.setSystemTime(t);
    }
    expect(waits).toEqual([0, 0, 0, 2, 4, 8, 16, 32, 60, 60].map((s) => s * SECOND));
    expect(waits).toEqual(waits.map((_, i) => delayAfter(THROTTLE_RULES.counter, i + 1)));
    expect(code(await login(core, COUNTER, DEMO.cashier.id, DEMO.cashier.pin))).toBe('ok');
  });

  it('one remote address is held back by its own count and by the count of all remote addresses, whichever is longer', async () => {
    const core = shop();
    let t = T0;
    clockAt(t);
    const waits: number[] = [];
    for (let n = 1; n <= 9; n++) {
      expect(code(await login(core, remote(), DEMO.bookkeeper.id, '0000'))).toBe('bad_credentials');
      const wait = heldFor(throttleRows(core, DEMO.bookkeeper.id));
      waits.push(wait);
      if (wait > 0) {
        vi.setSystemTime(t + wait - 1);
        expect(code(await login(core, remote(), DEMO.bookkeeper.id, '0000'))).toBe('rate_limited');
      }
      t += wait;
      vi.setSystemTime(t);
    }
    expect(waits).toEqual(
      waits.map((_, i) => Math.max(delayAfter(THROTTLE_RULES.address, i + 1), delayAfter(THROTTLE_RULES.remote, i + 1))),
    );
    // Growing: free at first, then each wait at least as long as the one before, and longer overall.
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    expect(waits.every((w, i) => i === 0 || w >= waits[i - 1]!)).toBe(true);
    expect(waits.at(-1)).toBeGreaterThan(waits[3]!);
    expect(throttleRows(core, DEMO.bookkeeper.id).map((r) => [r.source, r.failures])).toEqual([
      ['remote', 9],
      ['remote:10.0.0.5', 9],
    ]);
  });

  it('the count starts again after the right PIN, and after a quiet period', async () => {
    const core = shop();
    let t = T0;
    clockAt(t);
    for (let n = 0; n < 4; n++) await login(core, COUNTER, DEMO.manager.id, '0000');
    expect(throttleRows(core, DEMO.manager.id)).toMatchObject([{ source: 'counter', failures: 4 }]);
    t += delayAfter(THROTTLE_RULES.counter, 4);
    vi.setSystemTime(t);
    expect(code(await login(core, COUNTER, DEMO.manager.id, DEMO.manager.pin))).toBe('ok');
    expect(throttleRows(core, DEMO.manager.id)).toEqual([]);
    await login(core, COUNTER, DEMO.manager.id, '0000');
    expect(throttleRows(core, DEMO.manager.id)).toMatchObject([{ source: 'counter', failures: 1 }]);

    for (let n = 0; n < 3; n++) await login(core, COUNTER, DEMO.manager.id, '0000');
    expect(throttleRows(core, DEMO.manager.id)).toMatchObject([{ source: 'counter', failures: 4 }]);
    t += THROTTLE_RULES.counter.quietMs;
    vi.setSystemTime(t);
    expect(code(await login(core, COUNTER, DEMO.manager.id, '0000'))).toBe('bad_credentials');
    expect(throttleRows(core, DEMO.manager.id)).toMatchObject([{ source: 'counter', failures: 1 }]);
    expect(heldFor(throttleRows(core, DEMO.manager.id))).toBe(0);
  });

  it('a remote guesser gets far fewer than 100 tries a day at a PIN, however many addresses it uses', async () => {
    // Trying as soon as allowed is the best a guesser can do only if no wait is as long as a quiet period.
    for (const rule of Object.values(THROTTLE_RULES)) expect(rule.maxDelayMs).toBeLessThan(rule.quietMs);
    const byAddresses = [1, 2, 10, 1000].map(remoteTriesInADay);
    expect(Math.max(...byAddresses)).toBeLessThan(100);
    const unbounded = byAddresses.at(-1)!;
    expect(remoteTriesInADay(5000)).toBe(unbounded);

    // The shop's code follows the rules: a guesser using a fresh address for every try, for a whole day.
    const core = shop();
    let t = T0;
    clockAt(t);
    let tries = 0;
    // Bounded, so a throttle that never holds back fails the count instead of running forever.
    for (let i = 0; t < T0 + DAY && tries < 1000; i++) {
      vi.setSystemTime(t);
      const r = await login(core, remote(`172.16.${i >> 8}.${i & 255}`), DEMO.owner.id, '0000');
      if (code(r) === 'rate_limited') t += retryAfter(r)!;
      else {
        expect(code(r)).toBe('bad_credentials');
        tries++;
      }
    }
    expect(tries).toBe(unbounded);
  });

  it('the throttle outlives a restart', async () => {
    const t = tempDir();
    clockAt(T0);
    const first = testCore({ dataDir: t.dir });
    for (let n = 0; n < 8; n++) await login(first, remote(), DEMO.owner.id, '0000');
    first.close();
    const again = testCore({ dataDir: t.dir, demo: false });
    cores.push(again);
    expect(code(await login(again, remote(), DEMO.owner.id, DEMO.owner.pin))).toBe('rate_limited');
    again.close();
    cores.pop();
    t.cleanup();
  });
});

describe('answers that do not tell who exists', () => {
  it('an unknown user, an inactive user and a wrong PIN get the same answer after the same work, and are throttled alike', async () => {
    const core = shop();
    clockAt(T0);
    const owner = core.caller({ session: core.sessions.get(unwrap(await login(core, COUNTER, DEMO.owner.id, DEMO.owner.pin)).token) });
    const gone = unwrap(await owner('users.upsert', { name: 'Left the shop', roleId: 'cashier', pin: '5555' }));
    unwrap(await owner('users.upsert', { id: gone.id, name: 'Left the shop', roleId: 'cashier', active: false }));
    const claims = [
      { userId: 999, pin: '5555', dummy: 1 },
      { userId: gone.id, pin: '5555', dummy: 1 },
      { userId: DEMO.cashier.id, pin: '5555', dummy: 0 },
    ];
    for (let round = 1; round <= 8; round++) {
      const answers: unknown[] = [];
      for (const c of claims) {
        const before = { ...secretChecks };
        const r = await login(core, remote(), c.userId, c.pin);
        answers.push(r);
        const work = { scrypt: secretChecks.scrypt - before.scrypt, dummy: secretChecks.dummy - before.dummy };
        // Held back: no secret is checked at all. Otherwise exactly one scrypt, against a dummy when there is no real hash.
        expect(work).toEqual(code(r) === 'rate_limited' ? { scrypt: 0, dummy: 0 } : { scrypt: 1, dummy: c.dummy });
      }
      expect(answers[0], `round ${round}`).toEqual(answers[2]);
      expect(answers[1], `round ${round}`).toEqual(answers[2]);
      const rows = claims.map((c) => throttleRows(core, c.userId));
      expect(rows[0]).toEqual(rows[2]);
      expect(rows[1]).toEqual(rows[2]);
    }
    expect(code((await login(core, remote(), 999, '5555')) as Result<unknown>)).toBe('rate_limited');
    const failed = core.db.raw.prepare(`SELECT user_id AS userId, data FROM audit_log WHERE action = 'auth.failed' ORDER BY id`).all() as {
      userId: number;
      data: string;
    }[];
    const shapes = new Map(failed.map((f) => [f.userId, JSON.parse(f.data) as unknown]));
    expect(shapes.get(999)).toEqual(shapes.get(DEMO.cashier.id));
    expect(shapes.get(gone.id)).toEqual(shapes.get(DEMO.cashier.id));
  });
});

describe('manager approval at the counter', () => {
  it('the approver PIN is throttled like a login, per approver and source, and every approval row records the source', async () => {
    const core = shop();
    clockAt(T0);
    openShift(core);
    const till = remote('192.168.1.20');
    const session = core.sessions.get(unwrap(await login(core, till, DEMO.cashier.id, DEMO.cashier.pin)).token);
    const cashier = (method: string, input: unknown) => core.call({ session, source: till }, method, input);
    const cart = unwrap(await cashier('cart.current', {})) as { id: number };
    const line = (unwrap(await cashier('cart.add', { cartId: cart.id, productId: 1, qty: 2000 })) as { lines: { id: number }[] }).lines[0]!
      .id;
    const discount = (pin?: string) =>
      cashier('cart.discount', {
        cartId: cart.id,
        lineId: line,
        percentBp: 1500,
        ...(pin ? { approval: { userId: DEMO.manager.id, pin } } : {}),
      });

    expect(code(await discount())).toBe('forbidden');
    expect(lastAudit(core, 'approval.required')?.data).toMatchObject({ source: '192.168.1.20' });
    const answers: string[] = [];
    for (let n = 0; n < 6; n++) answers.push(code(await discount('0000')));
    expect(answers).toEqual(['bad_credentials', 'bad_credentials', 'bad_credentials', 'bad_credentials', 'rate_limited', 'rate_limited']);
    // Held back, the right PIN is refused too, and the refusal is on record against the cashier.
    expect(code(await discount(DEMO.manager.pin))).toBe('rate_limited');
    expect(lastAudit(core, 'approval.refused')).toMatchObject({
      userId: DEMO.cashier.id,
      data: { reason: 'rate_limited', source: '192.168.1.20' },
    });
    expect(lastAudit(core, 'auth.failed')).toMatchObject({
      userId: DEMO.manager.id,
      data: { purpose: 'approve cart.discount', source: '192.168.1.20', counter: false },
    });
    // The same count as the manager's own sign-in from that address; the counter is untouched.
    expect(code(await login(core, till, DEMO.manager.id, DEMO.manager.pin))).toBe('rate_limited');
    expect(code(await login(core, COUNTER, DEMO.manager.id, DEMO.manager.pin))).toBe('ok');

    vi.setSystemTime(T0 + heldFor(throttleRows(core, DEMO.manager.id)));
    expect(code(await discount(DEMO.manager.pin))).toBe('ok');
    expect(lastAudit(core, 'approval.granted')?.data).toMatchObject({ approver: DEMO.manager.id, source: '192.168.1.20' });
    expect(lastAudit(core, 'auth.login')?.data).toMatchObject({ source: 'ipc' });
  });
});

describe('letting a user in again', () => {
  it("an owner clears a user's delays from the users screen; it is audited", async () => {
    const core = shop();
    clockAt(T0);
    // Four wrong PINs, then the address is held back and further tries count for nothing.
    for (let n = 0; n < 7; n++) await login(core, remote(), DEMO.cashier.id, '0000');
    const owner = core.caller({ session: core.sessions.get(unwrap(await login(core, COUNTER, DEMO.owner.id, DEMO.owner.pin)).token) });
    const listed = async () => unwrap(await owner('users.list', {}));
    expect((await listed()).find((u) => u.id === DEMO.cashier.id)).toMatchObject({
      failedSignIns: 4,
      throttledUntil: new Date(T0 + delayAfter(THROTTLE_RULES.address, 4)).toISOString(),
    });
    const after = unwrap(await owner('users.unlock', { userId: DEMO.cashier.id }));
    expect(after).toMatchObject({ failedSignIns: 0, throttledUntil: null });
    expect(lastAudit(core, 'auth.unlocked')).toMatchObject({
      userId: DEMO.owner.id,
      entityId: String(DEMO.cashier.id),
      data: { by: 'app', sources: ['remote', 'remote:10.0.0.5'] },
    });
    expect(code(await login(core, remote(), DEMO.cashier.id, DEMO.cashier.pin))).toBe('ok');
    expect(await owner('users.unlock', { userId: 999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    // A new PIN set by the owner lifts the delays too: the owner has just vouched for the person.
    for (let n = 0; n < 7; n++) await login(core, remote(), DEMO.bookkeeper.id, '0000');
    expect(code(await login(core, remote(), DEMO.bookkeeper.id, DEMO.bookkeeper.pin))).toBe('rate_limited');
    unwrap(await owner('users.upsert', { id: DEMO.bookkeeper.id, name: 'Maria (bookkeeper)', roleId: 'bookkeeper', pin: '3434' }));
    expect(code(await login(core, remote(), DEMO.bookkeeper.id, '3434'))).toBe('ok');
  });

  it('lavka unlock-user clears every delay and an old lock, writes auth.unlocked, and refuses an unknown user', async () => {
    const core = shop();
    for (let n = 0; n < 8; n++) await login(core, remote(`10.9.0.${n}`), DEMO.owner.id, '0000');
    for (let n = 0; n < 5; n++) await login(core, COUNTER, DEMO.owner.id, '0000');
    // What a database from before throttling may hold.
    core.db.raw.prepare(`UPDATE users SET failed_attempts = 5, locked_until = '2099-01-01T00:00:00.000Z' WHERE id = ?`).run(DEMO.owner.id);
    expect(code(await login(core, remote(), DEMO.owner.id, DEMO.owner.pin))).toBe('rate_limited');
    core.close();

    const cli = (...args: string[]) => lavkaCli([...args, '--data-dir', core.dir]);
    const ok = cli('unlock-user', 'anna');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout.trim().split('\n')).toHaveLength(1);
    expect(ok.stdout).toMatch(/^unlocked Anna \(owner\) \(id 1\): cleared sign-in delays from counter, remote, remote:10\.9\.0\.\d/);
    const unknown = cli('unlock-user', 'Boris');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/no user "Boris"; users: .*Anna \(owner\) \(id 1\)/);

    const db = new Database(path.join(core.dir, 'lavka.sqlite'));
    expect(db.prepare('SELECT count(*) AS n FROM auth_throttle WHERE user_id = ?').get(DEMO.owner.id)).toEqual({ n: 0 });
    expect(db.prepare('SELECT failed_attempts AS n, locked_until AS until FROM users WHERE id = ?').get(DEMO.owner.id)).toEqual({
      n: 0,
      until: null,
    });
    const row = db.prepare(`SELECT user_id AS userId, entity_id AS entityId, data FROM audit_log WHERE action = 'auth.unlocked'`).all() as {
      userId: number | null;
      entityId: string;
      data: string;
    }[];
    db.close();
    expect(row).toHaveLength(1);
    expect({ ...row[0], data: JSON.parse(row[0]!.data) as unknown }).toMatchObject({ userId: null, entityId: '1', data: { by: 'cli' } });

    const reopened = testCore({ dataDir: core.dir, demo: false });
    expect(code(await login(reopened, remote(), DEMO.owner.id, DEMO.owner.pin))).toBe('ok');
    reopened.close();
  });
});
