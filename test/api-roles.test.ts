import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import type { Session } from '../core/auth/sessions';
import { apiSpec, type ApiInput, type KindMethod, type Method } from '../core/contract/api';
import { DOC_KIND_PERMISSION, PERMISSIONS, type Permission } from '../core/contract/permissions';
import type { DocType } from '../core/contract/types';
import { insertLocation } from '../db/queries/people';
import { backupsDone } from '../core/backup';
import { auditCount, auditSince, dumpTables, totalChanges } from './db-dump';
import { as, DEMO, loose, testCore, unwrap, uuid } from './helpers';

type Role = 'owner' | 'manager' | 'cashier' | 'bookkeeper' | 'stocker';
let core: ReturnType<typeof testCore>;
let owner: Caller;
let backupName = '';
let n = 0;

/**
 * A valid input per method, made fresh for each call, so an allowed role's call is seen to succeed. Optional: a
 * method without one is still walked with an empty input (a refused role is refused before validation; an allowed
 * one gets past the access check to a validation error). Methods whose access is by kind take KIND_SAMPLES instead.
 */
const samples: { [M in Exclude<Method, KindMethod>]?: () => Promise<ApiInput<M>> | ApiInput<M> } = {
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
  'catalog.list': () => ({ filters: { archived: 'active', q: 'milk' } }),
  'catalog.newBarcode': () => ({ prefix: '20' }),
  'labels.pdf': () => ({ source: { kind: 'products', items: [{ productId: 1, copies: 1 }] } }),
  'category.list': () => ({}),
  'category.upsert': () => ({ name: `Category ${++n}`, markupBp: 3000 }),
  'supplier.list': () => ({}),
  'supplier.get': async () => ({ id: unwrap(await (await kept('owner'))('supplier.upsert', { name: `Supplier ${++n}` })).id }),
  'supplier.upsert': () => ({ name: `Supplier ${++n}`, taxId: '7701234567' }),
  'price.bulkPreview': () => ({ selection: { by: 'products', productIds: [1, 2] }, change: { kind: 'percent', bp: 100 } }),
  'price.bulkApply': async () => {
    const request = { selection: { by: 'products' as const, productIds: [1, 2] }, change: { kind: 'amount' as const, minor: 1 } };
    return { ...request, token: unwrap(await (await kept('owner'))('price.bulkPreview', request)).token };
  },
  'price.markupPreview': async () => ({ receiptId: await postedReceipt() }),
  'price.markupApply': async () => {
    const receiptId = await postedReceipt();
    return { receiptId, token: unwrap(await (await kept('owner'))('price.markupPreview', { receiptId })).token };
  },
  'purchase.create': async () => ({ uuid: uuid(), supplierId: await supplierId(), lines: [{ productId: 2, qty: 5000, unitCost: 450 }] }),
  'purchase.update': async () => ({ id: (await orderOf(false)).id, note: 'call before noon' }),
  'purchase.setLines': async () => ({ id: (await orderOf(false)).id, lines: [{ productId: 3, qty: 2000 }] }),
  'purchase.get': async () => ({ id: (await orderOf(false)).id }),
  'purchase.list': () => ({ filters: { status: 'sent' } }),
  'purchase.send': async () => ({ id: (await orderOf(false)).id }),
  'purchase.close': async () => ({ id: (await orderOf(true)).id }),
  'purchase.cancel': async () => ({ id: (await orderOf(true)).id }),
  'purchase.receiveDraft': async () => ({ id: (await orderOf(true)).id, uuid: uuid() }),
  'sale.post': async () => {
    await ensureShift();
    return { uuid: uuid(), lines: [{ productId: 1, qty: 1000 }], payments: [{ method: 'cash', amount: 100_000 }] };
  },
  'sale.list': () => ({}),
  'doc.get': () => ({ id: 1 }),
  'doc.cancel': async () => {
    // A fresh owner session: an earlier backup.restore in the walk ends every session.
    const sale = unwrap(await (await as(core, 'owner'))('sale.post', await samples['sale.post']!()));
    return { id: sale.id, uuid: uuid(), reason: 'test' };
  },
  'draft.get': async () => ({ id: (await draftOf('receipt')).id }),
  'draft.list': () => ({ type: 'receipt' }),
  'stock.onHand': () => ({ filters: { productId: 1 } }),
  'stock.movements': () => ({ productId: 1 }),
  'stock.byLocation': () => ({ productId: 1 }),
  'location.all': () => ({}),
  'location.create': () => ({ name: `Shelf ${++n}` }),
  'location.update': () => ({ id: backRoom, name: 'Back room' }),
  'transfer.inTransit': () => ({}),
  'transfer.receive': async () => {
    const sent = unwrap(
      await (
        await kept('owner')
      )('doc.post', { type: 'transfer', uuid: uuid(), locationId: 1, toLocationId: backRoom, lines: [{ productId: 2, qty: 1000 }] }),
    );
    return { transferId: sent.id, uuid: uuid() };
  },
  'report.negativeStock': () => ({}),
  'reorder.suggest': () => ({}),
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
  'report.sales': () => ({ from: '2026-01-01', to: '2026-01-31' }),
  'report.dashboard': () => ({}),
  'report.profit': () => ({ from: '2026-01-01', to: '2026-01-31', by: 'customer' }),
  'report.pnl': () => ({ from: '2026-01-01', to: '2026-01-31' }),
  'expense.post': () => ({ uuid: uuid(), category: 'utilities', amount: 1500, method: 'bank' }),
  'expense.list': () => ({ from: '2026-01-01', to: '2026-01-31' }),
  'expense.cancel': async () => {
    const r = unwrap(await (await as(core, 'owner'))('expense.post', await samples['expense.post']!()));
    return { id: r.id, uuid: uuid(), reason: 'entered twice' };
  },
  'supplier.pay': async () => ({ uuid: uuid(), supplierId: await supplierId(), amount: 2500, method: 'bank' }),
  'supplier.cancelPayment': async () => {
    const r = unwrap(await (await as(core, 'owner'))('supplier.pay', await samples['supplier.pay']!()));
    return { id: r.id, uuid: uuid(), reason: 'paid twice' };
  },
  'report.valuation': () => ({ date: '2026-01-31' }),
  'report.abcxyz': () => ({ from: '2026-01-01', to: '2026-01-31' }),
  'report.turnover': () => ({ from: '2026-01-01', to: '2026-01-31' }),
  'report.rfm': () => ({ from: '2026-01-01', to: '2026-01-31' }),
  'report.movements': () => ({ from: '2026-01-01', to: '2026-01-31', docType: 'sale' }),
  'report.export': () => ({ report: 'report.pnl', params: { from: '2026-01-01', to: '2026-01-31' }, title: 'P&L', headers: {} }),
  'period.get': () => ({}),
  // Far in the past, so the walk's own postings (dated today) are never refused.
  'period.lock': async () => {
    const o = await kept('owner');
    if (unwrap(await o('period.get', {})).lockedThrough !== null) unwrap(await o('period.unlock', { through: null, reason: 'walk' }));
    return { through: '2000-01-31' };
  },
  'period.unlock': async () => {
    const o = await kept('owner');
    if (unwrap(await o('period.get', {})).lockedThrough === null) unwrap(await o('period.lock', { through: '2000-01-31' }));
    return { through: null, reason: 'late invoice' };
  },
  'count.create': () => ({ uuid: uuid(), mode: 'partial' }),
  'count.list': () => ({}),
  'count.get': async () => ({ id: await countWithLine() }),
  'count.progress': async () => ({ id: await countWithLine() }),
  'count.scan': async () => ({ id: await countWithLine(), productId: 3, qty: 3000 }),
  'count.variance': async () => ({ id: await countWithLine() }),
  'count.post': async () => ({ id: await countWithLine() }),
  'count.cancel': async () => ({ id: await countWithLine() }),
  'count.export': async () => ({ id: await countWithLine(), what: 'sheet' }),
  'count.accuracy': () => ({}),
  'store.status': () => ({}),
  'store.panel': () => ({}),
  'store.settings': () => ({}),
  'store.orders': () => ({}),
  'store.retryDeadLetter': () => ({ id: 999_999 }),
  'store.order': () => ({ number: '999999' }),
  'store.fulfil': () => ({ orderId: 'order_none', uuid: uuid() }),
  'store.collect': () => ({ orderId: 'order_none', uuid: uuid(), payments: [] }),
  'store.startPicking': () => ({ orderId: 'order_none' }),
  'store.pick': () => ({ orderId: 'order_none', code: '4607001000013' }),
  'store.ready': () => ({ orderId: 'order_none' }),
  'store.cancel': () => ({ orderId: 'order_none' }),
  'store.configure': () => ({
    enabled: false,
    url: 'http://127.0.0.1:9/',
    stockLocationId: 'sloc_1',
    currency: 'rub',
    locationId: 1,
    apiKey: 'sk_walk_key',
  }),
};

type Sample = () => Promise<unknown> | unknown;
const STOCK_KINDS = ['receipt', 'writeoff', 'transfer', 'count'] as const;
type StockKind = (typeof STOCK_KINDS)[number];
let backRoom = 0;

const stockLines = (kind: StockKind) =>
  kind === 'receipt' ? [{ productId: 2, qty: 1000, unitCost: 500 }] : [{ productId: 2, qty: kind === 'count' ? 50_000 : 1000 }];
const stockHeader = (kind: StockKind) => (kind === 'transfer' ? { locationId: 1, toLocationId: backRoom } : { locationId: 1 });
const perStockKind = (make: (kind: StockKind) => Sample): Partial<Record<DocType, Sample>> =>
  Object.fromEntries(STOCK_KINDS.map((k) => [k, make(k)]));

/** For the methods whose access is the document kind's permission: a valid input per kind. */
const KIND_SAMPLES: { [M in KindMethod]: Partial<Record<DocType, Sample>> } = {
  'doc.post': {
    ...perStockKind((kind) => () => ({ type: kind, uuid: uuid(), ...stockHeader(kind), lines: stockLines(kind) })),
    supplier_return: async () => ({
      type: 'supplier_return',
      uuid: uuid(),
      locationId: 1,
      supplierId: await supplierId(),
      lines: [{ productId: 2, qty: 1000 }],
    }),
    return: async () => {
      const sale = await postedSale();
      const doc = unwrap(await (await kept('owner'))('doc.get', { id: sale.id }));
      return { type: 'return', uuid: uuid(), saleId: sale.id, lines: [{ saleLineId: doc.lines[0]!.id, qty: 1000 }] };
    },
  },
  'draft.create': perStockKind((kind) => () => ({ uuid: uuid(), type: kind, ...stockHeader(kind), lines: stockLines(kind) })),
  'draft.update': perStockKind((kind) => async () => ({ id: (await draftOf(kind)).id, note: 'invoice 42' })),
  'draft.setLines': perStockKind((kind) => async () => ({ id: (await draftOf(kind)).id, lines: stockLines(kind) })),
  'draft.addLine': perStockKind((kind) => async () => ({ id: (await draftOf(kind)).id, ...stockLines(kind)[0]!, productId: 3 })),
  'draft.updateLine': perStockKind((kind) => async () => {
    const d = await draftOf(kind);
    return { id: d.id, lineId: d.lines[0]!.id, qty: 3000 };
  }),
  'draft.removeLine': perStockKind((kind) => async () => {
    const d = await draftOf(kind);
    return { id: d.id, lineId: d.lines[0]!.id };
  }),
  'draft.post': perStockKind((kind) => async () => ({ id: (await draftOf(kind)).id })),
  'draft.discard': perStockKind((kind) => async () => ({ id: (await draftOf(kind)).id })),
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

/** An open draft of the kind with one line, made by the owner. */
async function draftOf(kind: StockKind) {
  const input = { uuid: uuid(), type: kind, ...stockHeader(kind), lines: stockLines(kind) } as ApiInput<'draft.create'>;
  return unwrap(await (await kept('owner'))('draft.create', input));
}

/** A fresh supplier each time: the walk's backup.restore takes the shop back to before any was made. */
async function supplierId(): Promise<number> {
  return unwrap(await (await kept('owner'))('supplier.upsert', { name: `Dairy ${++n}` })).id;
}

/** A purchase order for two products made by the owner; sent when asked. */
async function orderOf(sent: boolean) {
  const o = await kept('owner');
  const order = unwrap(
    await o('purchase.create', { uuid: uuid(), supplierId: await supplierId(), lines: [{ productId: 2, qty: 5000, unitCost: 450 }] }),
  );
  return sent ? unwrap(await o('purchase.send', { id: order.id })) : order;
}

/** A receipt of goods at a new cost, posted by the owner. */
async function postedReceipt(): Promise<number> {
  const lines = [{ productId: 2, qty: 1000, unitCost: 400 + (++n % 100) }];
  return unwrap(await (await kept('owner'))('doc.post', { type: 'receipt', uuid: uuid(), locationId: 1, lines })).id;
}

/** An open count with one item counted, made by the owner. */
async function countWithLine(): Promise<number> {
  const o = await kept('owner');
  const c = unwrap(await o('count.create', { uuid: uuid() }));
  unwrap(await o('count.scan', { id: c.id, productId: 2, qty: 5000 }));
  return c.id;
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
  // No sync runs in this process, and there is no dead letter to send again.
  'store.syncNow': 'invalid_state',
  'store.retryDeadLetter': 'not_found',
  // No web-store order in this shop: past the access check, nothing to hand over.
  'store.order': 'not_found',
  'store.fulfil': 'not_found',
  'store.collect': 'not_found',
  'store.startPicking': 'not_found',
  'store.pick': 'not_found',
  'store.ready': 'not_found',
  'store.cancel': 'not_found',
};

const roleUsers: Record<Role, { id: number; secret: string; password?: boolean }> = {
  owner: { id: DEMO.owner.id, secret: DEMO.owner.pin },
  cashier: { id: DEMO.cashier.id, secret: DEMO.cashier.pin },
  bookkeeper: { id: DEMO.bookkeeper.id, secret: DEMO.bookkeeper.pin },
  manager: { id: DEMO.manager.id, secret: DEMO.manager.pin },
  stocker: { id: 6, secret: 'stock-password', password: true },
};

beforeAll(async () => {
  core = testCore();
  owner = await as(core, 'owner');
  // A custom permission set, and a back-office user who signs in with a password.
  // A custom permission set: a clerk who receives and counts goods, but may not write any off or move them.
  unwrap(
    await owner('roles.upsert', {
      id: 'stocker',
      name: 'Stock clerk',
      permissions: ['catalog.view', 'stock.view', 'stock.receive', 'stock.count'],
    }),
  );
  backRoom = insertLocation(core.db, 'Back room', 'warehouse');
  const temp = unwrap(await owner('users.upsert', { name: 'Placeholder', roleId: 'cashier', pin: '9876' }));
  expect(temp.id).toBe(5);
  const stocker = unwrap(await owner('users.upsert', { name: 'Stock clerk', roleId: 'stocker', password: 'stock-password' }));
  expect(stocker.id).toBe(6);
  backupName = unwrap(await owner('backup.create', {})).name;
});
afterAll(async () => {
  if (core) await backupsDone(core.db);
  core?.cleanup();
});

/**
 * What each role may do, written out by hand (not read from core/roles.ts or the database, so a permission granted
 * by mistake, in the code or by a migration, fails here). Columns: owner, manager, cashier, bookkeeper, stocker (the
 * custom role above); x = granted. Who may call which method then follows from the contract: a new method needs no
 * row here.
 */
// A table aligned by hand so each role's column reads down:
// prettier-ignore
const GRANTS: Record<Permission, string> = {
  //                       OMCBS
  'sale.post':            'xxx--',
  'sale.view_all':        'xx-x-',
  'catalog.view':         'xxxxx',
  'catalog.edit':         'xx---',
  'price.edit':           'xx---',
  'suppliers.manage':     'xx---',
  'supplier.pay':         'xx-x-',
  'expense.post':         'x--x-',
  'purchase.manage':      'xx---',
  'stock.view':           'xxxxx',
  'stock.receive':        'xx--x',
  'stock.writeoff':       'xx---',
  'stock.transfer':       'xx---',
  'stock.count':          'xx--x',
  'count.scan':           'xxx--',
  'count.view_expected':  'xx---',
  'doc.backdate':         'xx-x-',
  'doc.cancel':           'xx---',
  'period.lock':          'x--x-',
  'report.view':          'xx-x-',
  'settings.edit':        'x----',
  'users.manage':         'x----',
  'audit.view':           'xx-x-',
  'backup.manage':        'x----',
  'store.manage':         'x----',
  'cash.move':            'xxx--',
  'return.post':          'xxx--',
  'return.no_receipt':    'xx---',
  'line.remove':          'xx---',
  'price.override':       'xx---',
  'discount.over_limit':  'xx---',
  'drawer.open':          'xx---',
};

/** The methods open to anyone, or to anyone signed in, by hand: a method opened up by mistake fails here. */
const OPEN: Record<'public' | 'authenticated', Method[]> = {
  public: ['system.info', 'setup.demo', 'setup.shop', 'auth.users', 'auth.login', 'auth.loginPassword', 'recovery.restore'],
  authenticated: ['auth.logout', 'auth.me', 'settings.get', 'locations.list', 'printer.status', 'scanner.status', 'store.status'],
};

const ROLES: Role[] = ['owner', 'manager', 'cashier', 'bookkeeper', 'stocker'];
const granted = (role: Role, p: Permission): boolean => GRANTS[p][ROLES.indexOf(role)] === 'x';
const KIND_PERMISSIONS = [...new Set(Object.values(DOC_KIND_PERMISSION))];
const isKindMethod = (m: Method): m is KindMethod => apiSpec[m].access === 'by-kind';

/** Each call of the walk: a method, the kind of document when access depends on it, its input, and who may. */
type Step = { method: Method; kind?: DocType; input: Sample; allowed: boolean };
function walk(role: Role): Step[] {
  return (Object.keys(apiSpec) as Method[]).flatMap((method): Step[] => {
    if (isKindMethod(method))
      return Object.entries(KIND_SAMPLES[method]).map(([kind, input]) => ({
        method,
        kind: kind as DocType,
        input: input!,
        allowed: granted(role, DOC_KIND_PERMISSION[kind as DocType]),
      }));
    const access = apiSpec[method].access;
    const input: Sample = (samples as Record<string, Sample | undefined>)[method] ?? (() => ({}));
    const allowed = access === 'public' || access === 'authenticated' || granted(role, access as Permission);
    return [{ method, input, allowed }];
  });
}

describe('every API method with every role', () => {
  it('each role holds exactly the permissions the table grants', async () => {
    // A kept session: the walk's backup.restore ends every session, the first owner's too.
    const roles = unwrap(await (await kept('owner'))('roles.list', {}));
    for (const role of ROLES) {
      const held = roles.find((r) => r.id === role)!.permissions;
      expect([...held].sort(), role).toEqual(PERMISSIONS.filter((p) => granted(role, p)).sort());
    }
  });

  it('only the listed methods are open; every other names a permission or the document kind', () => {
    for (const level of ['public', 'authenticated'] as const)
      expect((Object.keys(apiSpec) as Method[]).filter((m) => apiSpec[m].access === level).sort(), level).toEqual([...OPEN[level]].sort());
  });

  for (const role of ROLES) {
    // Each role walks every method (two table dumps per denial): the time grows with the API, not with a slowdown.
    it(
      `${role}: exactly what its permissions allow succeeds, per document kind; each denial changes nothing and is audited`,
      { timeout: 400_000 },
      async () => {
        current = role;
        let denialChanges: number | undefined;
        for (const { method, kind, input: sample, allowed } of walk(role)) {
          const what = `${role} ${method}${kind ? ` (${kind})` : ''}`;
          const input = await sample();
          const call = loose(await kept(role));
          const beforeAudit = auditCount(core.db);
          // The whole database is dumped around a role's first denial; every later denial must write exactly as many
          // rows as that one (its audit row), counted by the connection's total_changes(): dumping a shop with 90 days
          // of history per call made this file the slowest of the suite.
          const full = !allowed && denialChanges === undefined;
          const before = full ? dumpTables(core.db, ['audit_log']) : null;
          const changesBefore = totalChanges(core.db);
          const r = await call(method, input);
          const changed = totalChanges(core.db) - changesBefore;
          const hasSample = kind !== undefined || method in samples;
          if (allowed) {
            const expected = STATE_REFUSALS[method] ?? (hasSample ? null : 'validation');
            if (expected) expect(r, what).toMatchObject({ ok: false, error: { code: expected } });
            else expect(r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`, what).toBe('ok');
          } else {
            expect(r, what).toMatchObject({ ok: false, error: { code: 'forbidden' } });
            // By kind, the refusal names what was missing: that kind's permission, or any kind's for one who holds none.
            if (kind)
              expect(r.ok ? '' : r.error.message, what).toContain(
                KIND_PERMISSIONS.some((p) => granted(role, p))
                  ? `needs ${DOC_KIND_PERMISSION[kind]}`
                  : `needs the right to post some kind of document (one of ${KIND_PERMISSIONS.join(', ')})`,
              );
            if (full) {
              expect(dumpTables(core.db, ['audit_log']), `${what} changed data`).toEqual(before);
              denialChanges = changed;
            } else expect(changed, `${what} changed data`).toBe(denialChanges);
            expect(auditSince(core.db, beforeAudit), `${what} audit`).toEqual([
              { action: 'access.denied', entityId: method, userId: roleUsers[role].id },
            ]);
          }
        }
      },
    );
  }

  it('a by-kind method has a sample for every kind its input takes', () => {
    expect(Object.keys(KIND_SAMPLES['doc.post']).sort()).toEqual(['count', 'receipt', 'return', 'supplier_return', 'transfer', 'writeoff']);
    for (const m of Object.keys(KIND_SAMPLES) as KindMethod[])
      if (m !== 'doc.post') expect(Object.keys(KIND_SAMPLES[m]).sort(), m).toEqual([...STOCK_KINDS].sort());
  });
});
