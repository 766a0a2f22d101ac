/**
 * An update never resets a field that was not sent: a product keeps its cost, category, status, PLU and barcodes; a
 * user keeps their status; the printer and scanner keep their paper width, code page, drawer, baud rate and suffix,
 * and the discount limits of the roles not named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { as, testCore, unwrap } from './helpers';

let core: ReturnType<typeof testCore>;
let owner: Caller;

beforeAll(async () => {
  core = testCore();
  owner = await as(core, 'owner');
});
afterAll(() => core.cleanup());

describe('catalog.upsert', () => {
  it('an update that sends only the required fields keeps cost, category, status, PLU and barcodes', async () => {
    const category = Number(core.db.raw.prepare(`INSERT INTO categories (name) VALUES ('Bakery') RETURNING id`).pluck().get());
    const made = unwrap(
      await owner('catalog.upsert', {
        sku: 'BRD-1',
        name: 'Rye bread',
        unit: 'pcs',
        price: 6000,
        cost: 4100,
        taxRateBp: 1000,
        categoryId: category,
        plu: 777,
        barcodes: ['4607001999997'],
      }),
    );
    const { sku, name, unit, taxRateBp } = made;
    const repriced = unwrap(await owner('catalog.upsert', { id: made.id, sku, name, unit, price: 6500, taxRateBp }));
    expect(repriced).toEqual({ ...made, price: 6500 });

    unwrap(await owner('catalog.upsert', { id: made.id, sku, name, unit, price: 6500, taxRateBp, active: false }));
    expect(
      unwrap(await owner('catalog.upsert', { id: made.id, sku, name: 'Rye bread, sliced', unit, price: 6500, taxRateBp })),
    ).toMatchObject({ active: false, cost: 4100, plu: 777 });
    // null is a value: no PLU, no category; an empty list: no barcodes.
    expect(
      unwrap(
        await owner('catalog.upsert', { id: made.id, sku, name, unit, price: 6500, taxRateBp, plu: null, categoryId: null, barcodes: [] }),
      ),
    ).toMatchObject({ plu: null, categoryId: null, barcodes: [], cost: 4100 });
    const audit = core.db.raw
      .prepare(`SELECT data FROM audit_log WHERE action = 'product.update' AND entity_id = ? ORDER BY id LIMIT 1`)
      .pluck()
      .get(String(made.id)) as string;
    expect(JSON.parse(audit)).toMatchObject({ price: { from: 6000, to: 6500 }, cost: { from: 4100, to: 4100 } });
  });

  it('a new product without them gets the defaults: cost 0, active, no category, no PLU, no barcodes', async () => {
    expect(unwrap(await owner('catalog.upsert', { sku: 'NEW-1', name: 'Kvass', unit: 'l', price: 9000, taxRateBp: 2000 }))).toMatchObject({
      cost: 0,
      active: true,
      categoryId: null,
      plu: null,
      barcodes: [],
    });
  });
});

describe('users.upsert', () => {
  it('an update without active keeps a deactivated user deactivated; a new user is active', async () => {
    const u = unwrap(await owner('users.upsert', { name: 'Olga', roleId: 'cashier', pin: '6543' }));
    expect(u.active).toBe(true);
    unwrap(await owner('users.upsert', { id: u.id, name: 'Olga', roleId: 'cashier', active: false }));
    expect(unwrap(await owner('users.upsert', { id: u.id, name: 'Olga K.', roleId: 'cashier' }))).toMatchObject({
      name: 'Olga K.',
      active: false,
    });
    expect(await core.call({ session: null }, 'auth.login', { userId: u.id, pin: '6543' })).toMatchObject({ ok: false });
  });
});

describe('settings.set', () => {
  it('a printer sent without width, code page or drawer keeps them; the other fields are as sent', async () => {
    const rules = unwrap(await owner('settings.get', {})).counter.barcodeRules;
    unwrap(
      await owner('settings.set', {
        counter: { printer: { transport: 'tcp', host: '10.0.0.5', port: 9100, width: 58, codePage: 'wpc1251', drawer: false } },
      }),
    );
    const s = unwrap(await owner('settings.set', { counter: { printer: { transport: 'tcp', host: '10.0.0.6' } } }));
    expect(s.counter.printer).toEqual({ transport: 'tcp', host: '10.0.0.6', width: 58, codePage: 'wpc1251', drawer: false });
    expect(unwrap(await owner('settings.set', { counter: { printer: { transport: 'none' } } })).counter.printer).toEqual({
      transport: 'none',
      width: 58,
      codePage: 'wpc1251',
      drawer: false,
    });
    expect(unwrap(await owner('settings.get', {})).counter.barcodeRules).toEqual(rules);
  });

  it('a scanner keeps its baud rate and suffix; a new scanner gets 9600 and CR', async () => {
    unwrap(await owner('settings.set', { counter: { scanner: null } }));
    expect(unwrap(await owner('settings.set', { counter: { scanner: { path: '/dev/ttyS0' } } })).counter.scanner).toEqual({
      path: '/dev/ttyS0',
      baudRate: 9600,
      suffix: 'CR',
    });
    unwrap(await owner('settings.set', { counter: { scanner: { path: '/dev/ttyS0', baudRate: 115200, suffix: 'LF' } } }));
    expect(unwrap(await owner('settings.set', { counter: { scanner: { path: '/dev/ttyUSB0' } } })).counter.scanner).toEqual({
      path: '/dev/ttyUSB0',
      baudRate: 115200,
      suffix: 'LF',
    });
  });

  it('discount limits: the roles not named keep theirs', async () => {
    const before = unwrap(await owner('settings.get', {})).counter.maxDiscountBp;
    expect(unwrap(await owner('settings.set', { counter: { maxDiscountBp: { cashier: 300 } } })).counter.maxDiscountBp).toEqual({
      ...before,
      cashier: 300,
    });
  });
});
