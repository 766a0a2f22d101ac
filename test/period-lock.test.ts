/**
 * The period lock: once the bookkeeper closes the books through a day, nothing is posted, back-dated or cancelled
 * into it, through any path (the one posting path refuses); what is refused changes nothing; unlocking is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { auditSince, auditCount, dumpTables } from './db-dump';
import { as, loose, openShift, testCore, unwrap, uuid } from './helpers';

const ZONE = 'Europe/Moscow';
const today = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const daysFrom = (day: string, n: number) => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

let core: ReturnType<typeof testCore>;
let owner: Caller;
let bookkeeper: Caller;
afterAll(() => core?.cleanup());

const receipt = (businessDate: string, qty = 1000) =>
  owner('doc.post', { type: 'receipt', uuid: uuid(), locationId: 1, businessDate, lines: [{ productId: 2, qty, unitCost: 500 }] });

/** Tests run in a random order: each starts from its own lock, through `days` before today. */
async function lockedThrough(days: number): Promise<void> {
  if (unwrap(await owner('period.get', {})).lockedThrough !== null) unwrap(await owner('period.unlock', { through: null, reason: 'test' }));
  unwrap(await bookkeeper('period.lock', { through: daysFrom(today(), -days) }));
}

beforeAll(async () => {
  core = testCore();
  openShift(core);
  owner = await as(core, 'owner');
  bookkeeper = await as(core, 'bookkeeper');
  unwrap(await owner('settings.set', { timeZone: ZONE }));
});

describe('a locked period', () => {
  it('refuses a back-dated receipt into it and changes nothing', async () => {
    const lastWeek = daysFrom(today(), -7);
    if (unwrap(await owner('period.get', {})).lockedThrough !== null)
      unwrap(await owner('period.unlock', { through: null, reason: 'test' }));
    const early = unwrap(await receipt(daysFrom(today(), -10)));
    expect(unwrap(await bookkeeper('period.lock', { through: daysFrom(today(), -5) }))).toEqual({ lockedThrough: daysFrom(today(), -5) });
    const before = dumpTables(core.db);
    const r = await receipt(lastWeek);
    expect(r.ok || r.error.code).toBe('period_locked');
    expect(dumpTables(core.db)).toEqual(before);
    // The day after the lock is open.
    expect(unwrap(await receipt(daysFrom(today(), -4))).number).toMatch(/./);
    // Cancelling a document of the closed period still works: its reversal is dated today, the original stays in March.
    const reversal = unwrap(await owner('doc.cancel', { id: early.id, uuid: uuid(), reason: 'wrong supplier' }));
    expect(unwrap(await owner('doc.get', { id: reversal.id })).businessDate).toBe(today());
    expect(unwrap(await owner('doc.get', { id: early.id })).businessDate).toBe(daysFrom(today(), -10));
  });

  it('refuses a draft dated into it at posting, and a lock over an open draft names the draft', async () => {
    await lockedThrough(5);
    const draft = unwrap(
      await owner('draft.create', {
        uuid: uuid(),
        type: 'writeoff',
        locationId: 1,
        businessDate: daysFrom(today(), -6),
        lines: [{ productId: 2, qty: 1000 }],
      }),
    );
    const post = await owner('draft.post', { id: draft.id });
    expect(post.ok || post.error.code).toBe('period_locked');
    unwrap(await owner('period.unlock', { through: daysFrom(today(), -8), reason: 'late invoice' }));
    const lock = await bookkeeper('period.lock', { through: daysFrom(today(), -5) });
    expect(lock.ok || lock.error.code).toBe('invalid_state');
    expect(lock.ok || lock.error.message).toContain(`#${draft.id}`);
    unwrap(await owner('draft.discard', { id: draft.id }));
    unwrap(await bookkeeper('period.lock', { through: daysFrom(today(), -5) }));
  });

  it('cannot take in today, which is still being sold in', async () => {
    const r = await bookkeeper('period.lock', { through: today() });
    expect(r.ok || r.error.code).toBe('validation');
    // A sale today goes through while the past is locked.
    const cart = unwrap(await owner('cart.current', {}));
    unwrap(await owner('cart.add', { cartId: cart.id, productId: 1, qty: 1000 }));
    expect(
      unwrap(await owner('cart.pay', { cartId: cart.id, uuid: uuid(), payments: [{ method: 'cash', amount: 10 ** 7 }] })).id,
    ).toBeGreaterThan(0);
  });

  it('unlocking is audited, and then the back-dated receipt is allowed', async () => {
    await lockedThrough(5);
    const lastWeek = daysFrom(today(), -7);
    expect((await receipt(lastWeek)).ok).toBe(false);
    const n = auditCount(core.db);
    expect(unwrap(await bookkeeper('period.unlock', { through: null, reason: 'supplier invoice came late' }))).toEqual({
      lockedThrough: null,
    });
    expect(auditSince(core.db, n)).toEqual([{ action: 'period.unlock', entityId: null, userId: 3 }]);
    const data = JSON.parse(
      (core.db.raw.prepare("SELECT data FROM audit_log WHERE action = 'period.unlock' ORDER BY id DESC").get() as { data: string }).data,
    );
    expect(data).toEqual({ from: daysFrom(today(), -5), to: null, reason: 'supplier invoice came late' });
    expect(unwrap(await receipt(lastWeek)).total).toBe(500);
    expect(unwrap(await owner('period.get', {}))).toEqual({ lockedThrough: null });
  });

  it('its reports do not change when a document of it is cancelled later: the reversal counts on its own day', async () => {
    await lockedThrough(30);
    const closed = { from: daysFrom(today(), -4), to: daysFrom(today(), -1) };
    const writeoff = unwrap(
      await owner('doc.post', {
        type: 'writeoff',
        uuid: uuid(),
        locationId: 1,
        businessDate: daysFrom(today(), -2),
        lines: [{ productId: 2, qty: 1000 }],
      }),
    );
    await lockedThrough(1);
    const pnl = async (p: { from: string; to: string }) => unwrap(await bookkeeper('report.pnl', p)).rows;
    const before = await pnl(closed);
    const todayBefore = (await pnl({ from: today(), to: today() })).find((r) => r.line === 'writeoffs')!.amount as number;
    expect(before.find((r) => r.line === 'writeoffs')!.amount).toBeLessThan(0);
    unwrap(await owner('doc.cancel', { id: writeoff.id, uuid: uuid(), reason: 'goods found' }));
    expect(await pnl(closed)).toEqual(before);
    const todayAfter = (await pnl({ from: today(), to: today() })).find((r) => r.line === 'writeoffs')!.amount as number;
    expect(todayAfter - todayBefore).toBe(-(before.find((r) => r.line === 'writeoffs')!.amount as number));
  });

  it('is not the manager’s to lift, and a missing reason is refused', async () => {
    const manager = await as(core, 'manager');
    const r = await manager('period.lock', { through: daysFrom(today(), -30) });
    expect(r.ok || r.error.code).toBe('forbidden');
    const noReason = await loose(owner)('period.unlock', { through: null });
    expect(noReason.ok || (noReason as { error: { code: string } }).error.code).toBe('validation');
  });
});
