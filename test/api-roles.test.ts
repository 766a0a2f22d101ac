import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import type { Session } from '../core/auth/sessions';
import { apiSpec, type ApiInput, type Method } from '../core/contract/api';
import { shiftBackupDone } from '../core/handlers/counter/shifts';
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
  'users.unlock': () => ({ userId: DEMO.cashier.id }),
  'roles.list': () => ({}),
  'roles.upsert': () => ({ id: `custom-${++n}`, name: 'Custom', permissions: ['catalog.view'] }),
  'settings.get': () => ({}),
  'settings.set': () => ({ shopAddress: `Street ${++n}` }),
  'locations.list': () => ({}),
  'catalog.search': () => ({ q: 'milk' }),
  'catalog.scan': () => ({ code: '4607001000013' }),
  'catalog.get': () => ({ id: 1 }),
  'catalog.upsert': () => ({ sku: `T-${++n}`, name: 'Test item', unit: 'pcs', price: 1000, taxRateBp: 2000 }),
  'sale.post': async () => {
    await ensureShift();
    return { uuid: uuid(), lines: [{ productId: 1, qty: 1000 }], payments: [{ method: 'cash', amount: 100_000 }] };
  },
  'sale.list': () => ({}),
  'doc.get': () => ({ id: 1 }),
  'doc.post': () => ({ type: 'receipt', uuid: uuid(), locationId: 1, lines: [{ productId: 2, qty: 5000, unitCost: 500 }] }),
  'doc.cancel': async () => {
    // A fresh owner session: an earlier backup.restore in the walk ends every session.
    const sale = unwrap(await (await as(core, 'owner'))('sale.post', await samples['sale.post']()));
    return { id: sale.id, uuid: uuid(), reason: 'test' };
  },
  'draft.create': () => ({ uuid: uuid(), type: 'receipt', lines: [{ productId: 2, qty: 1000, unitCost: 500 }] }),
  'draft.get': async () => ({ id: (await receiptDraft()).id }),
  'draft.list': () => ({ type: 'receipt' }),
  'draft.update': async () => ({ id: (await receiptDraft()).id, note: 'invoice 42' }),
  'draft.setLines': async () => ({ id: (await receiptDraft()).id, lines: [{ productId: 3, qty: 2000, unitCost: 700 }] }),
  'draft.addLine': async () => ({ id: (await receiptDraft()).id, productId: 3, qty: 1000, unitCost: 700 }),
  'draft.updateLine': async () => {
    const d = await receiptDraft();
    return { id: d.id, lineId: d.lines[0]!.id, qty: 3000 };
  },
  'draft.removeLine': async () => {
    const d = await receiptDraft();
    return { id: d.id, lineId: d.lines[0]!.id };
  },
  'draft.post': async () => ({ id: (await receiptDraft()).id }),
  'draft.discard': async () => ({ id: (await receiptDraft()).id }),
  'stock.onHand': () => ({ filters: { productId: 1 } }),
  'stock.movements': () => ({ productId: 1 }),
  'audit.verify': () => ({}),
  'backup.list': () => ({}),
  'backup.create': () => ({}),
  'backup.restore': () => ({ name: backupName }),
  'recovery.restore': () => ({ name: backupName }),
  'shift.current': () => ({}),
  'shift.open': async () => {
    const o = await kept('owner');
    if (unwrap(await o('shift.current', {}))) unwrap(await o('shift.close', { countedCash: 0 }));
    return { float: 5000 };
  },
  'shift.cash': async () => {
    await ensureShift();
    return { uuid: uuid(), kind: 'in', amount: 1000, reason: 'change fund' };
  },
  'shift.x': async () => (await ensureShift(), {}),
  'shift.close': async () => (await ensureShift(), { countedCash: 10_000 }),
  'shift.list': () => ({}),
  'shift.report': async () => ({ id: await ensureShift() }),
  'cart.current': () => ({}),
  'cart.scan': async () => ({ cartId: (await cartWithLine()).cartId, code: '4607001000013' }),
  'cart.add': async () => ({ cartId: (await cartWithLine()).cartId, productId: 2 }),
  'cart.setQty': async () => ({ ...(await cartWithLine()), qty: 3000, approval: MANAGER }),
  'cart.setPrice': async () => ({ ...(await cartWithLine()), price: 999, approval: MANAGER }),
  'cart.removeLine': async () => ({ ...(await cartWithLine()), approval: MANAGER }),
  'cart.discount': async () => ({ cartId: (await cartWithLine()).cartId, percentBp: 100 }),
  'cart.customer': async () => {
    unwrap(await (await kept('owner'))('customer.upsert', { phone: '+79990000001', name: 'Olga' }));
    return { cartId: (await cartWithLine()).cartId, phone: '+79990000001' };
  },
  'cart.park': async () => ({ cartId: (await cartWithLine()).cartId, note: 'back soon' }),
  'cart.parked': () => ({}),
  'cart.recall': async () => {
    const { cartId } = await cartWithLine(await kept('owner'));
    unwrap(await (await kept('owner'))('cart.park', { cartId }));
    return { cartId };
  },
  'cart.clear': async () => ({ cartId: (await cartWithLine()).cartId, approval: MANAGER }),
  'cart.pay': async () => {
    await ensureShift();
    return { cartId: (await cartWithLine()).cartId, uuid: uuid(), payments: [{ method: 'cash', amount: 10_000_000 }] };
  },
  'customer.find': () => ({ phone: '+79990000001' }),
  'customer.upsert': () => ({ phone: `+7999${String(++n).padStart(7, '0')}`, name: 'Customer' }),
  'receipt.find': async () => ({ code: (await postedSale()).number }),
  'receipt.search': () => ({ q: 'S-' }),
  'return.post': async () => {
    const sale = await postedSale();
    const doc = unwrap(await (await kept('owner'))('doc.get', { id: sale.id }));
    return { kind: 'receipt', uuid: uuid(), saleId: sale.id, lines: [{ saleLineId: doc.lines[0]!.id, qty: 1000 }] };
  },
  'receipt.preview': async () => ({ docId: (await postedSale()).id }),
  'receipt.reprint': async () => ({ docId: (await postedSale()).id }),
  'printer.status': () => ({}),
  'scanner.status': () => ({}),
  'drawer.open': () => ({ reason: 'change for a note', approval: MANAGER }),
  'report.loss': () => ({}),
};

const MANAGER = { userId: DEMO.manager.id, pin: DEMO.manager.pin };
/** The role being walked: cart samples are made on its own cart (carts belong to their cashier). */
let current: Role = 'owner';

const sessions = new Map<Role, Session>();
/** A kept session per role for making samples (a login per sample would make the walk slow); renewed when it ended. */
async function kept(role: Role): Promise<Caller> {
  let s = sessions.get(role);
  if (!s || !core.sessions.get(s.token)) {
    const u = roleUsers[role];
    const r = u.password
      ? await core.call({ session: null }, 'auth.loginPassword', { userId: u.id, password: u.secret })
      : await core.call({ session: null }, 'auth.login', { userId: u.id, pin: u.secret });
    s = core.sessions.get((unwrap(r) as { token: string }).token)!;
    sessions.set(role, s);
  }
  return core.caller({ session: s });
}

/** The walked role's caller when it may sell, else the owner's (a refused call only needs a valid input). */
const seller = (): Promise<Caller> => kept(['owner', 'manager', 'cashier'].includes(current) ? current : 'owner');

/** Sales and returns need an open shift at the counter's location. */
async function ensureShift(): Promise<number> {
  const o = await kept('owner');
  const open = unwrap(await o('shift.current', {}));
  return open ? open.id : unwrap(await o('shift.open', { float: 10_000 })).id;
}

async function cartWithLine(call?: Caller): Promise<{ cartId: number; lineId: number }> {
  const c = call ?? (await seller());
  let cart = unwrap(await c('cart.current', {}));
  if (cart.lines.length === 0) cart = unwrap(await c('cart.add', { cartId: cart.id, productId: 1, qty: 2000 }));
  return { cartId: cart.id, lineId: cart.lines[0]!.id };
}

/** An open receipt draft with one line, made by the owner. */
async function receiptDraft() {
  return unwrap(
    await (
      await kept('owner')
    )('draft.create', { uuid: uuid(), type: 'receipt', lines: [{ productId: 2, qty: 1000, unitCost: 500 }] }),
  );
}

async function postedSale() {
  await ensureShift();
  return unwrap(
    await (
      await kept('owner')
    )('sale.post', { uuid: uuid(), lines: [{ productId: 1, qty: 2000 }], payments: [{ method: 'cash', amount: 100_000 }] }),
  );
}

/** Allowed but refused by the state of the shop, not by the role. */
const STATE_REFUSALS: Partial<Record<Method, string>> = {
  'setup.demo': 'invalid_state',
  'setup.shop': 'invalid_state',
  'recovery.restore': 'invalid_state',
};

const roleUsers: Record<Role, { id: number; secret: string; password?: boolean }> = {
  owner: { id: DEMO.owner.id, secret: DEMO.owner.pin },
  cashier: { id: DEMO.cashier.id, secret: DEMO.cashier.pin },
  bookkeeper: { id: DEMO.bookkeeper.id, secret: DEMO.bookkeeper.pin },
  manager: { id: DEMO.manager.id, secret: DEMO.manager.pin },
  stocker: { id: 6, secret: 'stock-password', password: true },
};

async function login(role: Role): Promise<Caller> {
  const u = roleUsers[role];
  const r = u.password
    ? await core.call({ session: null }, 'auth.loginPassword', { userId: u.id, password: u.secret })
    : await core.call({ session: null }, 'auth.login', { userId: u.id, pin: u.secret });
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
afterAll(async () => {
  if (core) await shiftBackupDone(core.db);
  core?.cleanup();
});

/**
 * Who may call what, written out by hand (not derived from apiSpec or the role data, so a changed access level or
 * a permission granted by mistake fails the walk). Columns: owner, manager, cashier, bookkeeper, stocker (the custom
 * role above: catalog.view, stock.view, stock.post); x = allowed, - = refused. A new method needs a new row.
 */
// A table aligned by hand so each role's column reads down:
// prettier-ignore
const EXPECTED: Record<Method, string> = {
  //                    OMCBS
  'system.info':        'xxxxx',
  'setup.demo':         'xxxxx',
  'setup.shop':         'xxxxx',
  'auth.users':         'xxxxx',
  'auth.login':         'xxxxx',
  'auth.loginPassword': 'xxxxx',
  'auth.logout':        'xxxxx',
  'auth.me':            'xxxxx',
  'users.list':         'x----',
  'users.upsert':       'x----',
  'users.unlock':       'x----',
  'roles.list':         'x----',
  'roles.upsert':       'x----',
  'settings.get':       'xxxxx',
  'settings.set':       'x----',
  'locations.list':     'xxxxx',
  'catalog.search':     'xxxxx',
  'catalog.scan':       'xxxxx',
  'catalog.get':        'xxxxx',
  'catalog.upsert':     'xx---',
  'sale.post':          'xxx--',
  'sale.list':          'xx-x-',
  'doc.get':            'xx-x-',
  'doc.post':           'xx--x',
  'draft.create':       'xx--x',
  'draft.get':          'xxxxx',
  'draft.list':         'xxxxx',
  'draft.update':       'xx--x',
  'draft.setLines':     'xx--x',
  'draft.addLine':      'xx--x',
  'draft.updateLine':   'xx--x',
  'draft.removeLine':   'xx--x',
  'draft.post':         'xx--x',
  'draft.discard':      'xx--x',
  'doc.cancel':         'xx---',
  'stock.onHand':       'xxxxx',
  'stock.movements':    'xxxxx',
  'audit.verify':       'xx-x-',
  'backup.list':        'x----',
  'backup.create':      'x----',
  'backup.restore':     'x----',
  'recovery.restore':   'xxxxx',
  'shift.current':      'xxx--',
  'shift.open':         'xxx--',
  'shift.cash':         'xxx--',
  'shift.x':            'xxx--',
  'shift.close':        'xxx--',
  'shift.list':         'xx-x-',
  'shift.report':       'xx-x-',
  'cart.current':       'xxx--',
  'cart.scan':          'xxx--',
  'cart.add':           'xxx--',
  'cart.setQty':        'xxx--',
  'cart.setPrice':      'xxx--',
  'cart.removeLine':    'xxx--',
  'cart.discount':      'xxx--',
  'cart.customer':      'xxx--',
  'cart.park':          'xxx--',
  'cart.parked':        'xxx--',
  'cart.recall':        'xxx--',
  'cart.clear':         'xxx--',
  'cart.pay':           'xxx--',
  'customer.find':      'xxx--',
  'customer.upsert':    'xxx--',
  'receipt.find':       'xxx--',
  'receipt.search':     'xxx--',
  'return.post':        'xxx--',
  'receipt.preview':    'xxx--',
  'receipt.reprint':    'xxx--',
  'printer.status':     'xxxxx',
  'scanner.status':     'xxxxx',
  'drawer.open':        'xxx--',
  'report.loss':        'xx-x-',
};
const ROLES: Role[] = ['owner', 'manager', 'cashier', 'bookkeeper', 'stocker'];
const mayCall = (role: Role, method: Method): boolean => EXPECTED[method][ROLES.indexOf(role)] === 'x';

describe('every API method with every role', () => {
  for (const role of ROLES) {
    it(`${role}: exactly the methods the table allows succeed; each denial changes nothing and is audited`, async () => {
      current = role;
      for (const method of Object.keys(apiSpec) as Method[]) {
        const input = await samples[method]();
        const call = await login(role);
        const beforeAudit = auditCount(core.db);
        const before = dumpTables(core.db, ['audit_log']);
        const r = await call(method, input);
        if (mayCall(role, method)) {
          const expected = STATE_REFUSALS[method];
          if (expected) expect(r, `${role} ${method}`).toMatchObject({ ok: false, error: { code: expected } });
          else expect(r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`, `${role} ${method}`).toBe('ok');
        } else {
          expect(r, `${role} ${method}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
          expect(dumpTables(core.db, ['audit_log']), `${role} ${method} changed data`).toEqual(before);
          expect(auditSince(core.db, beforeAudit), `${role} ${method} audit`).toEqual([
            { action: 'access.denied', entityId: method, userId: roleUsers[role].id },
          ]);
        }
      }
    });
  }

  it('the walk and the table cover the whole contract', () => {
    expect(Object.keys(samples).sort()).toEqual(Object.keys(apiSpec).sort());
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(apiSpec).sort());
    for (const [method, row] of Object.entries(EXPECTED)) expect(row, method).toMatch(/^[x-]{5}$/);
  });
});
