/**
 * Business dates: the day a document belongs to in the shop's time zone, apart from when it was posted. Counter
 * documents and cancellations are dated today; back-office documents may be back-dated by who may (doc.backdate),
 * never dated ahead. The shop's zone is a setting, pinned at setup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { createCore } from '../core/app';
import type { Doc } from '../core/contract/types';
import { dumpTables } from './db-dump';
import { as, loose, MIGRATIONS, openShift, testCore, unwrap, uuid } from './helpers';

/** Today in a zone, worked out apart from core/posting/dates.ts. */
const dayIn = (timeZone: string, at = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
const daysFrom = (day: string, n: number) => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

let core: ReturnType<typeof testCore>;
let owner: Caller;
let clerk: Caller;
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

beforeAll(async () => {
  core = testCore();
  cleanups.push(core.cleanup);
  openShift(core);
  owner = await as(core, 'owner');
  // Posts stock documents, but was not given doc.backdate.
  unwrap(
    await owner('roles.upsert', {
      id: 'clerk',
      name: 'Stock clerk',
      permissions: ['catalog.view', 'stock.view', 'stock.receive', 'stock.writeoff', 'stock.transfer', 'stock.count'],
    }),
  );
  const u = unwrap(await owner('users.upsert', { name: 'Clerk', roleId: 'clerk', pin: '7777' }));
  const r = unwrap(await core.call({ session: null }, 'auth.login', { userId: u.id, pin: '7777' }));
  clerk = core.caller({ session: core.sessions.get((r as { token: string }).token) });
});

const doc = async (id: number) => unwrap(await owner('doc.get', { id })) as Doc;
const movementDates = (id: number) =>
  (core.db.raw.prepare('SELECT DISTINCT business_date AS d FROM stock_movements WHERE document_id = ?').all(id) as { d: string }[]).map(
    (r) => r.d,
  );
const shopZone = async () => unwrap(await owner('settings.get', {})).timeZone;
const receipt = (extra: object = {}) => ({
  type: 'receipt' as const,
  uuid: uuid(),
  locationId: 1,
  lines: [{ productId: 2, qty: 3000, unitCost: 400 }],
  ...extra,
});

/** The call's result code; a refused call must leave every table as it was. */
async function refused(call: Caller, method: string, input: unknown): Promise<string> {
  const before = dumpTables(core.db, ['audit_log']);
  const r = await loose(call)(method, input);
  expect(dumpTables(core.db, ['audit_log']), `${method} was refused but changed data`).toEqual(before);
  return r.ok ? 'ok' : r.error.code;
}

async function sellOne(): Promise<number> {
  const cart = unwrap(await owner('cart.current', {}));
  unwrap(await owner('cart.add', { cartId: cart.id, productId: 1, qty: 1000 }));
  return unwrap(await owner('cart.pay', { cartId: cart.id, uuid: uuid(), payments: [{ method: 'cash', amount: 10 ** 7 }] })).id;
}

describe('the shop time zone', () => {
  it('a new shop keeps the machine zone; settings.set takes an IANA name and refuses anything else', async () => {
    const fresh = testCore({ demo: false });
    cleanups.push(fresh.cleanup);
    const machine = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(fresh.db.raw.prepare(`SELECT value FROM settings WHERE key = 'timeZone'`).get()).toEqual({ value: JSON.stringify(machine) });
    expect(await refused(owner, 'settings.set', { timeZone: 'Mars/Olympus_Mons' })).toBe('validation');
    expect(await refused(owner, 'settings.set', { timeZone: '' })).toBe('validation');
    expect(unwrap(await owner('settings.set', { timeZone: 'asia/vladivostok' })).timeZone).toBe('Asia/Vladivostok');
    expect(await shopZone()).toBe('Asia/Vladivostok');
  });
});

describe('counter documents', () => {
  it('are dated today in the shop zone, not in UTC; posted_at stays the instant; movements carry the date', async () => {
    // UTC+14 and UTC-11 are 25 hours apart: at any moment their dates differ.
    const dated: string[] = [];
    for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      unwrap(await owner('settings.set', { timeZone: zone }));
      const before = dayIn(zone);
      const id = await sellOne();
      const d = await doc(id);
      expect([before, dayIn(zone)]).toContain(d.businessDate);
      expect(Date.now() - Date.parse(d.postedAt!)).toBeLessThan(60_000);
      expect(movementDates(id)).toEqual([d.businessDate]);
      dated.push(d.businessDate);
    }
    expect(dated[0]).not.toBe(dated[1]);
    // A return of the first sale, now in the other zone, belongs to today there.
    const sale = await doc(
      (core.db.raw.prepare(`SELECT id FROM documents WHERE type = 'sale' AND business_date = ?`).get(dated[0]) as { id: number }).id,
    );
    const ret = unwrap(
      await owner('return.post', { kind: 'receipt', uuid: uuid(), saleId: sale.id, lines: [{ saleLineId: sale.lines[0]!.id, qty: 1000 }] }),
    );
    expect((await doc(ret.id)).businessDate).toBe(dated[1]);
  });
});

describe('a stored zone this system does not know', () => {
  it('dates by the machine zone instead, so the counter keeps selling', async () => {
    const machine = Intl.DateTimeFormat().resolvedOptions().timeZone;
    core.db.raw.prepare(`UPDATE settings SET value = '"Atlantis/Poseidonia"' WHERE key = 'timeZone'`).run();
    try {
      const before = dayIn(machine);
      expect([before, dayIn(machine)]).toContain((await doc(await sellOne())).businessDate);
    } finally {
      unwrap(await owner('settings.set', { timeZone: machine }));
    }
  });
});

describe('back-office documents', () => {
  beforeAll(async () => {
    unwrap(await owner('settings.set', { timeZone: 'Europe/Moscow' }));
  });

  it('the owner back-dates a receipt: the document and its movements carry that day, posted_at is now', async () => {
    const today = dayIn('Europe/Moscow');
    const r = unwrap(await owner('doc.post', receipt({ businessDate: daysFrom(today, -3) })));
    const d = await doc(r.id);
    expect(d.businessDate).toBe(daysFrom(today, -3));
    expect([today, dayIn('Europe/Moscow')]).toContain(dayIn('Europe/Moscow', new Date(d.postedAt!)));
    expect(movementDates(r.id)).toEqual([daysFrom(today, -3)]);
    // The audit row says which day it was posted as.
    const audit = core.db.raw.prepare(`SELECT data FROM audit_log WHERE action = 'doc.post' AND entity_id = ?`).get(String(r.id)) as {
      data: string;
    };
    expect(JSON.parse(audit.data)).toMatchObject({ businessDate: daysFrom(today, -3) });
  });

  it('without doc.backdate an earlier day is refused; today, given or not, is fine', async () => {
    const today = dayIn('Europe/Moscow');
    expect(await refused(clerk, 'doc.post', receipt({ businessDate: daysFrom(today, -1) }))).toBe('forbidden');
    expect((await doc(unwrap(await clerk('doc.post', receipt({ businessDate: today }))).id)).businessDate).toBe(today);
    expect((await doc(unwrap(await clerk('doc.post', receipt())).id)).businessDate).toBe(today);
  });

  it('a later day is refused, for the owner too; so is a day that is not on the calendar', async () => {
    const today = dayIn('Europe/Moscow');
    expect(await refused(owner, 'doc.post', receipt({ businessDate: daysFrom(today, 1) }))).toBe('validation');
    expect(
      await refused(owner, 'doc.post', {
        type: 'count',
        uuid: uuid(),
        locationId: 1,
        lines: [{ productId: 2, qty: 0 }],
        businessDate: daysFrom(today, 400),
      }),
    ).toBe('validation');
    expect(await refused(owner, 'doc.post', receipt({ businessDate: '2025-02-30' }))).toBe('validation');
    expect(await refused(owner, 'doc.post', receipt({ businessDate: '1.2.2025' }))).toBe('validation');
  });

  it('a return through doc.post takes no date: it is a counter document', async () => {
    const sale = await doc(await sellOne());
    const input = {
      type: 'return',
      uuid: uuid(),
      saleId: sale.id,
      lines: [{ saleLineId: sale.lines[0]!.id, qty: 1000 }],
      businessDate: '2020-01-01',
    };
    expect(await refused(owner, 'doc.post', input)).toBe('validation');
  });

  it('cancelling a back-dated document posts its reversal on the day of the cancellation', async () => {
    const today = dayIn('Europe/Moscow');
    const r = unwrap(await owner('doc.post', receipt({ businessDate: daysFrom(today, -10) })));
    const rev = unwrap(await owner('doc.cancel', { id: r.id, uuid: uuid(), reason: 'wrong supplier' }));
    expect((await doc(rev.id)).businessDate).toBe(dayIn('Europe/Moscow'));
    expect(movementDates(rev.id)).toEqual([dayIn('Europe/Moscow')]);
    expect(await doc(r.id)).toMatchObject({ status: 'cancelled', businessDate: daysFrom(today, -10) });
  });

  it('a manager may back-date in a new shop', async () => {
    const manager = await as(core, 'manager');
    const r = unwrap(await manager('doc.post', receipt({ businessDate: daysFrom(dayIn('Europe/Moscow'), -1) })));
    expect((await doc(r.id)).businessDate).toBe(daysFrom(dayIn('Europe/Moscow'), -1));
  });
});

describe('an existing shop after the update', () => {
  it('the owner gets doc.backdate; the other built-in roles keep the permissions they had', async () => {
    const first = testCore();
    cleanups.push(first.cleanup);
    // As a database of the previous version has them: nobody holds doc.backdate, the zone is not set yet.
    const drop = first.db.raw.prepare(
      `UPDATE roles SET permissions = (SELECT json_group_array(value) FROM json_each(permissions) WHERE value <> 'doc.backdate') WHERE id = ?`,
    );
    drop.run('owner');
    drop.run('manager');
    first.db.raw.prepare(`DELETE FROM settings WHERE key = 'timeZone'`).run();
    const managerBefore = first.db.raw.prepare(`SELECT permissions FROM roles WHERE id = 'manager'`).get();
    first.close();
    const again = createCore({ dataDir: first.dir, migrationsDir: MIGRATIONS, version: 't', mode: 'local' });
    try {
      const perms = (id: string) =>
        JSON.parse(
          (again.db.raw.prepare('SELECT permissions FROM roles WHERE id = ?').get(id) as { permissions: string }).permissions,
        ) as string[];
      expect(perms('owner')).toContain('doc.backdate');
      expect(again.db.raw.prepare(`SELECT permissions FROM roles WHERE id = 'manager'`).get()).toEqual(managerBefore);
      expect(perms('manager')).not.toContain('doc.backdate');
      expect(again.db.raw.prepare(`SELECT value FROM settings WHERE key = 'timeZone'`).get()).toEqual({
        value: JSON.stringify(Intl.DateTimeFormat().resolvedOptions().timeZone),
      });
      const manager = await as(again, 'manager');
      const r = await manager('doc.post', receipt({ businessDate: daysFrom(dayIn(Intl.DateTimeFormat().resolvedOptions().timeZone), -1) }));
      expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
    } finally {
      again.close();
    }
  });
});
