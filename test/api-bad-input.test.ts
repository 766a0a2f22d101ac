/**
 * Malformed and unauthorised calls: each gets its error code, and the database is exactly as it was —
 * except that a denied call leaves precisely one 'access.denied' audit row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import type { Core } from '../core/app';
import { as, loose, openShift, testCore, unwrap, uuid } from './helpers';

type Row = Record<string, unknown>;

/** Every row of every table in sqlite_master (and the schema itself), in rowid order (key order for WITHOUT ROWID ones). */
function dump(core: Core): Record<string, Row[]> {
  const raw = core.db.raw;
  const tables = (raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map(
    (t) => t.name,
  );
  return Object.fromEntries([
    ['sqlite_master', raw.prepare('SELECT * FROM sqlite_master ORDER BY rowid').all() as Row[]],
    ...tables.map((t) => {
      const withoutRowid = /WITHOUT\s+ROWID/i.test(
        (raw.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(t) as { sql: string }).sql,
      );
      return [t, raw.prepare(`SELECT * FROM "${t}" ORDER BY ${withoutRowid ? '1, 2' : 'rowid'}`).all() as Row[]];
    }),
  ]);
}

let core: ReturnType<typeof testCore>;
let owner: Caller;
let cashier: Caller;
let product: { id: number; price: number };
let saleId: number;

beforeAll(async () => {
  core = testCore();
  openShift(core);
  owner = await as(core, 'owner');
  cashier = await as(core, 'cashier');
  product = core.db.raw
    .prepare(`SELECT id, price FROM products WHERE active = 1 AND unit = 'pcs' ORDER BY id LIMIT 1`)
    .get() as typeof product;
  const sale = await owner('sale.post', {
    uuid: uuid(),
    lines: [{ productId: product.id, qty: 2000 }],
    payments: [{ method: 'cash', amount: 10 ** 7 }],
  });
  if (!sale.ok) throw new Error(sale.error.message);
  saleId = sale.value.id;
});
afterAll(() => core.cleanup());

const goodLine = () => ({ productId: product.id, qty: 1000 });
const cash = [{ method: 'cash' as const, amount: 10 ** 7 }];
const sale = (over: Row = {}) => ({ uuid: uuid(), lines: [goodLine()], payments: cash, ...over });

/** [what, method, expected code, input] — called as the owner. */
const cases: [string, string, string, () => unknown][] = [
  ['qty as a string', 'sale.post', 'validation', () => sale({ lines: [{ productId: product.id, qty: '1000' }] })],
  ['productId as a string', 'sale.post', 'validation', () => sale({ lines: [{ productId: String(product.id), qty: 1000 }] })],
  ['payments missing', 'sale.post', 'validation', () => ({ uuid: uuid(), lines: [goodLine()] })],
  ['uuid missing', 'sale.post', 'validation', () => ({ lines: [goodLine()], payments: cash })],
  ['not a uuid', 'sale.post', 'validation', () => sale({ uuid: 'sale-1' })],
  ['no input at all', 'sale.post', 'validation', () => undefined],
  ['an array for input', 'sale.post', 'validation', () => [sale()]],
  ['extra top-level field', 'sale.post', 'validation', () => sale({ discount: 100 })],
  ['extra line field', 'sale.post', 'validation', () => sale({ lines: [{ ...goodLine(), cost: 1 }] })],
  ['extra payment field', 'sale.post', 'validation', () => sale({ payments: [{ method: 'cash', amount: 10 ** 7, tip: 5 }] })],
  ['no lines', 'sale.post', 'validation', () => sale({ lines: [] })],
  ['501 lines', 'sale.post', 'validation', () => sale({ lines: Array.from({ length: 501 }, goodLine) })],
  ['unknown product', 'sale.post', 'unknown_product', () => sale({ lines: [goodLine(), { productId: 987_654, qty: 1000 }] })],
  ['negative quantity', 'sale.post', 'validation', () => sale({ lines: [{ productId: product.id, qty: -1000 }] })],
  ['zero quantity', 'sale.post', 'validation', () => sale({ lines: [{ productId: product.id, qty: 0 }] })],
  ['fractional quantity', 'sale.post', 'validation', () => sale({ lines: [{ productId: product.id, qty: 1.5 }] })],
  ['float money (payment)', 'sale.post', 'validation', () => sale({ payments: [{ method: 'cash', amount: 100000.5 }] })],
  ['float money (price)', 'sale.post', 'validation', () => sale({ lines: [{ ...goodLine(), price: 99.9 }] })],
  ['negative money', 'sale.post', 'validation', () => sale({ payments: [{ method: 'cash', amount: -5 }] })],
  ['NaN / Infinity money', 'sale.post', 'validation', () => sale({ payments: [{ method: 'cash', amount: Number.POSITIVE_INFINITY }] })],
  ['unknown payment method', 'sale.post', 'validation', () => sale({ payments: [{ method: 'iou', amount: 10 ** 7 }] })],
  ['payment short', 'sale.post', 'payment_mismatch', () => sale({ payments: [{ method: 'cash', amount: 1 }] })],
  ['card above the total', 'sale.post', 'payment_mismatch', () => sale({ payments: [{ method: 'card', amount: product.price + 1 }] })],
  ['unknown location', 'sale.post', 'unknown_location', () => sale({ locationId: 999 })],
  ['unknown document type', 'doc.post', 'validation', () => ({ type: 'gift', uuid: uuid(), locationId: 1, lines: [goodLine()] })],
  ['receipt without unitCost', 'doc.post', 'validation', () => ({ type: 'receipt', uuid: uuid(), locationId: 1, lines: [goodLine()] })],
  [
    'receipt float unitCost',
    'doc.post',
    'validation',
    () => ({ type: 'receipt', uuid: uuid(), locationId: 1, lines: [{ ...goodLine(), unitCost: 1.25 }] }),
  ],
  [
    'receipt unknown product',
    'doc.post',
    'unknown_product',
    () => ({ type: 'receipt', uuid: uuid(), locationId: 1, lines: [{ productId: 987_654, qty: 1000, unitCost: 5 }] }),
  ],
  [
    'writeoff negative qty',
    'doc.post',
    'validation',
    () => ({ type: 'writeoff', uuid: uuid(), locationId: 1, lines: [{ productId: product.id, qty: -1 }] }),
  ],
  [
    'transfer to itself',
    'doc.post',
    'same_location',
    () => ({ type: 'transfer', uuid: uuid(), locationId: 1, toLocationId: 1, lines: [goodLine()] }),
  ],
  [
    'transfer to nowhere',
    'doc.post',
    'unknown_location',
    () => ({ type: 'transfer', uuid: uuid(), locationId: 1, toLocationId: 999, lines: [goodLine()] }),
  ],
  [
    'count negative',
    'doc.post',
    'validation',
    () => ({ type: 'count', uuid: uuid(), locationId: 1, lines: [{ productId: product.id, qty: -1 }] }),
  ],
  [
    'return of an unknown sale',
    'doc.post',
    'not_found',
    () => ({ type: 'return', uuid: uuid(), saleId: 99_999, lines: [{ saleLineId: 1, qty: 1 }] }),
  ],
  [
    'return above what was sold',
    'doc.post',
    'return_exceeds_sold',
    () => ({ type: 'return', uuid: uuid(), saleId, lines: [{ saleLineId: lineOf(saleId), qty: 2001 }] }),
  ],
  [
    'return of a line not on the sale',
    'doc.post',
    'not_found',
    () => ({ type: 'return', uuid: uuid(), saleId, lines: [{ saleLineId: 1, qty: 1 }] }),
  ],
  ['cancel of an unknown document', 'doc.cancel', 'not_found', () => ({ id: 99_999, uuid: uuid(), reason: 'x' })],
  ['cancel with a blank reason', 'doc.cancel', 'validation', () => ({ id: saleId, uuid: uuid(), reason: '   ' })],
  ['doc.get of an unknown id', 'doc.get', 'not_found', () => ({ id: 99_999 })],
  ['doc.get with id 0', 'doc.get', 'validation', () => ({ id: 0 })],
  ['settings.set bad currency', 'settings.set', 'validation', () => ({ currency: 'rubles' })],
  ['catalog.upsert float price', 'catalog.upsert', 'validation', () => ({ sku: 'X-1', name: 'X', unit: 'pcs', price: 1.5, taxRateBp: 0 })],
  ['catalog.upsert unknown unit', 'catalog.upsert', 'validation', () => ({ sku: 'X-1', name: 'X', unit: 'box', price: 100, taxRateBp: 0 })],
  ['unknown method', 'sale.delete', 'unknown_method', () => ({})],
  ['prototype key as method', '__proto__', 'unknown_method', () => ({})],
  ['constructor as method', 'constructor', 'unknown_method', () => ({})],
];

function lineOf(docId: number): number {
  return (core.db.raw.prepare('SELECT id FROM document_lines WHERE document_id = ? ORDER BY line_no LIMIT 1').get(docId) as { id: number })
    .id;
}

describe('malformed calls change nothing', () => {
  it.each(cases)('%s (%s) -> %s', async (_what, method, code, input) => {
    const before = dump(core);
    const r = await loose(owner)(method, input());
    expect(r.ok ? 'ok' : r.error.code).toBe(code);
    expect(dump(core)).toEqual(before);
  });

  it('no session: unauthenticated, and nothing is written (not even an audit row)', async () => {
    for (const [method, input] of [
      ['sale.post', sale()],
      ['doc.post', { type: 'writeoff' }],
      ['auth.me', {}],
      ['audit.verify', {}],
    ] as const) {
      const before = dump(core);
      const r = await core.call({ session: null }, method, input);
      expect(r.ok ? 'ok' : r.error.code).toBe('unauthenticated');
      expect(dump(core)).toEqual(before);
    }
  });
});

describe('a cashier calling owner-only methods', () => {
  const denied: [string, () => unknown][] = [
    ['doc.post', () => ({ type: 'receipt', uuid: uuid(), locationId: 1, lines: [{ ...goodLine(), unitCost: 1 }] })],
    // A cashier may post returns through doc.post (return.post), not receipts; the kind is known once the input is valid.
    ['catalog.upsert', () => ({ id: product.id, sku: 'HACK', name: 'Free', unit: 'pcs', price: 0, taxRateBp: 0 })],
    ['settings.set', () => ({ shopName: 'Taken over' })],
    ['doc.cancel', () => ({ id: saleId, uuid: uuid(), reason: 'refund to my pocket' })],
    ['sale.list', () => ({})],
  ];
  it.each(denied)('%s is forbidden and leaves exactly one access.denied row', async (method, input) => {
    const before = dump(core);
    const r = await loose(cashier)(method, input());
    expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
    const after = dump(core);
    const { audit_log: auditAfter, ...restAfter } = after;
    const { audit_log: auditBefore, ...restBefore } = before;
    expect(restAfter).toEqual(restBefore);
    expect(auditAfter!.slice(0, auditBefore!.length)).toEqual(auditBefore);
    expect(auditAfter!.slice(auditBefore!.length)).toEqual([
      expect.objectContaining({
        action: 'access.denied',
        user_id: 2,
        entity: 'method',
        entity_id: method,
        prev_hash: auditBefore!.at(-1)!['hash'],
      }),
    ]);
    expect(JSON.parse(auditAfter!.at(-1)!['data'] as string)).toMatchObject({ permission: expect.any(String) });
    expect(await owner('audit.verify', {})).toMatchObject({ ok: true, value: { ok: true } });
  });

  it('by document kind: one who may post no kind is refused before the input is read; a cashier is refused a receipt, by kind', async () => {
    // A clerk who may read reports and nothing else: no document kind at all (the bookkeeper now pays suppliers).
    unwrap(await owner('roles.upsert', { id: 'reader-only', name: 'Reports only', permissions: ['report.view'] }));
    const clerk = unwrap(await owner('users.upsert', { name: 'Clerk', roleId: 'reader-only', pin: '5151' }));
    const login = await core.call({ session: null }, 'auth.login', { userId: clerk.id, pin: '5151' });
    if (!login.ok) throw new Error(login.error.message);
    const reader = loose(core.caller({ session: core.sessions.get((login.value as { token: string }).token) }));
    expect(await reader('doc.post', { nonsense: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const r = await loose(cashier)('doc.post', { type: 'receipt', uuid: uuid(), locationId: 1, lines: [{ ...goodLine(), unitCost: 1 }] });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('needs stock.receive') } });
    const last = core.db.raw.prepare(`SELECT data FROM audit_log ORDER BY id DESC LIMIT 1`).get() as { data: string };
    expect(JSON.parse(last.data)).toEqual({ permission: 'stock.receive', kind: 'receipt' });
  });

  it('the same cashier may still sell (the denials did not break the session), and the dump sees that', async () => {
    const before = dump(core);
    const r = await cashier('sale.post', sale());
    expect(r.ok).toBe(true);
    expect(dump(core)).not.toEqual(before);
  });
});
