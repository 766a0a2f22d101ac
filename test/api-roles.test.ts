import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { apiSpec, type ApiInput, type Method } from '../core/contract/api';
import { auditCount, auditSince, dumpTables } from './db-dump';
import { as, DEMO, testCore, unwrap, uuid } from './helpers';

type Role = 'owner' | 'manager' | 'cashier' | 'bookkeeper' | 'stocker';
let core: ReturnType<typeof testCore>;
let owner: Caller;
let backupName = '';
let n = 0;

/** A valid input for every method (a missing one fails to compile), made fresh for each call. */
const samples: { [M in Method]: () => Promise<ApiInput<M>> | ApiInput<M> } = {
  'system.info': () => ({}),
  'setup.demo': () => ({}),
  'setup.shop': () => ({ shopName: 'X', ownerName: 'Y', pin: '1234' }),
  'auth.users': () => ({}),
  'auth.login': () => ({ userId: DEMO.cashier.id, pin: DEMO.cashier.pin }),
  'auth.loginPassword': () => ({ userId: 6, password: 'stock-password' }),
  'auth.logout': () => ({}),
  'auth.me': () => ({}),
  'users.list': () => ({}),
  'users.upsert': () => ({ name: `Temp ${++n}`, roleId: 'cashier', pin: '5678' }),
  'roles.list': () => ({}),
  'roles.upsert': () => ({ id: `custom-${++n}`, name: 'Custom', permissions: ['catalog.view'] }),
  'settings.get': () => ({}),
  'settings.set': () => ({ shopAddress: `Street ${++n}` }),
  'locations.list': () => ({}),
  'catalog.search': () => ({ q: 'milk' }),
  'catalog.scan': () => ({ code: '4607001000013' }),
  'catalog.get': () => ({ id: 1 }),
  'catalog.upsert': () => ({ sku: `T-${++n}`, name: 'Test item', unit: 'pcs', price: 1000, taxRateBp: 2000 }),
  'sale.post': () => ({ uuid: uuid(), lines: [{ productId: 1, qty: 1000 }], payments: [{ method: 'cash', amount: 100_000 }] }),
  'sale.list': () => ({}),
  'doc.get': () => ({ id: 1 }),
  'doc.post': () => ({ type: 'receipt', uuid: uuid(), locationId: 1, lines: [{ productId: 2, qty: 5000, unitCost: 500 }] }),
  'doc.cancel': async () => {
    // A fresh owner session: an earlier backup.restore in the walk ends every session.
    const sale = unwrap(await (await as(core, 'owner'))('sale.post', samples['sale.post']()));
    return { id: sale.id, uuid: uuid(), reason: 'test' };
  },
  'stock.onHand': () => ({ productId: 1 }),
  'stock.movements': () => ({ productId: 1 }),
  'audit.verify': () => ({}),
  'backup.list': () => ({}),
  'backup.create': () => ({}),
  'backup.restore': () => ({ name: backupName }),
  'recovery.restore': () => ({ name: backupName }),
};

/** Allowed but refused by the state of the shop, not by the role. */
const STATE_REFUSALS: Partial<Record<Method, string>> = { 'setup.demo': 'invalid_state', 'setup.shop': 'invalid_state', 'recovery.restore': 'invalid_state' };

const roleUsers: Record<Role, { id: number; secret: string; password?: boolean }> = {
  owner: { id: DEMO.owner.id, secret: DEMO.owner.pin },
  cashier: { id: DEMO.cashier.id, secret: DEMO.cashier.pin },
  bookkeeper: { id: DEMO.bookkeeper.id, secret: DEMO.bookkeeper.pin },
  manager: { id: DEMO.manager.id, secret: DEMO.manager.pin },
  stocker: { id: 6, secret: 'stock-password', password: true },
};

async function login(role: Role): Promise<Caller> {
  const u = roleUsers[role];
  const r = u.password ? await core.call({ session: null }, 'auth.loginPassword', { userId: u.id, password: u.secret }) : await core.call({ session: null }, 'auth.login', { userId: u.id, pin: u.secret });
  const session = core.sessions.get((unwrap(r) as { token: string }).token);
  return core.caller({ session });
}

beforeAll(async () => {
  core = testCore();
  owner = await as(core, 'owner');
  // A custom permission set, and a back-office user who signs in with a password.
  unwrap(await owner('roles.upsert', { id: 'stocker', name: 'Stock clerk', permissions: ['catalog.view', 'stock.view', 'stock.post'] }));
  const temp = unwrap(await owner('users.upsert', { name: 'Placeholder', roleId: 'cashier', pin: '9876' }));
  expect(temp.id).toBe(5);
  const stocker = unwrap(await owner('users.upsert', { name: 'Stock clerk', roleId: 'stocker', password: 'stock-password' }));
  expect(stocker.id).toBe(6);
  backupName = unwrap(await owner('backup.create', {})).name;
});
afterAll(() => core?.cleanup());

describe('every API method with every role', () => {
  for (const role of ['owner', 'manager', 'cashier', 'bookkeeper', 'stocker'] as Role[]) {
    it(`${role}: only the allowed methods succeed; each denial changes nothing and is audited`, async () => {
      const permissions = new Set<string>(unwrap(await (await login(role))('auth.me', {})).user.permissions);
      const denied: string[] = [];
      for (const method of Object.keys(apiSpec) as Method[]) {
        const access = apiSpec[method].access as string;
        const allowed = access === 'public' || access === 'authenticated' || permissions.has(access);
        const input = await samples[method]();
        const call = await login(role);
        const beforeAudit = auditCount(core.db);
        const before = dumpTables(core.db, ['audit_log']);
        const r = await call(method, input);
        if (allowed) {
          const expected = STATE_REFUSALS[method];
          if (expected) expect(r, `${role} ${method}`).toMatchObject({ ok: false, error: { code: expected } });
          else expect(r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`, `${role} ${method}`).toBe('ok');
        } else {
          denied.push(method);
          expect(r, `${role} ${method}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
          expect(dumpTables(core.db, ['audit_log']), `${role} ${method} changed data`).toEqual(before);
          expect(auditSince(core.db, beforeAudit), `${role} ${method} audit`).toEqual([{ action: 'access.denied', entityId: method, userId: roleUsers[role].id }]);
        }
      }
      // Owners may do everything; every other role is refused something, so this walk can fail.
      if (role === 'owner') expect(denied).toEqual([]);
      else expect(denied.length).toBeGreaterThan(0);
    });
  }

  it('the walk covers the whole contract', () => {
    expect(Object.keys(samples).sort()).toEqual(Object.keys(apiSpec).sort());
  });
});
