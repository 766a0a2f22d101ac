/** Focused tests of posting documents: payments, idempotency, stock documents, returns, cancellation, audit chain. */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import type { Doc, PostResult } from '../core/contract/types';
import { insertLocation } from '../db/queries/people';
import { getOnHand, ledgerViolations } from '../db/queries/stock';
import { as, loose, openShift, testCore, uuid } from './helpers';

let core: ReturnType<typeof testCore>;
let api: Caller;
let P: { id: number; price: number }[];
/** Weighed goods: the quantities that are not whole (goods sold by the piece are whole on every path). */
let W: { id: number; price: number }[];
let store: number;
let back: number;

const cleanups: (() => void)[] = [];
beforeAll(async () => {
  core = testCore();
  cleanups.push(core.cleanup);
  store = 1;
  back = insertLocation(core.db, 'Back room', 'warehouse');
  openShift(core);
  api = await as(core, 'owner');
  P = core.db.raw.prepare(`SELECT id, price FROM products WHERE active = 1 AND unit = 'pcs' ORDER BY id LIMIT 4`).all() as typeof P;
  W = core.db.raw.prepare(`SELECT id, price FROM products WHERE active = 1 AND unit = 'kg' ORDER BY id LIMIT 2`).all() as typeof W;
});
afterAll(() => cleanups.forEach((c) => c()));

const counts = () =>
  core.db.raw
    .prepare(
      `SELECT (SELECT count(*) FROM documents) d, (SELECT count(*) FROM document_lines) l, (SELECT count(*) FROM stock_movements) m,
    (SELECT count(*) FROM payments) p, (SELECT count(*) FROM audit_log) a, (SELECT count(*) FROM outbox) o`,
    )
    .get();

async function ok<T = PostResult>(method: string, input: unknown): Promise<T> {
  const r = await loose(api)(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
async function code(method: string, input: unknown): Promise<string> {
  const before = counts();
  const r = await loose(api)(method, input);
  expect(counts(), 'a refused call writes nothing').toEqual(before);
  return r.ok ? 'ok' : r.error.code;
}
const getDoc = (id: number) => ok<Doc>('doc.get', { id });
const sell = (lines: { productId: number; qty: number }[], payments: { method: string; amount: number }[], id = uuid()) =>
  ok('sale.post', { uuid: id, lines, payments });
const amountOf = (price: number, qty: number) => Math.round((price * qty) / 1000);

describe('sales and payments', () => {
  it('cash over the total gives change; only the total is recorded as cash', async () => {
    const total = amountOf(P[0]!.price, 2000);
    const r = await sell([{ productId: P[0]!.id, qty: 2000 }], [{ method: 'cash', amount: total + 1234 }]);
    expect(r).toMatchObject({ total, change: 1234, replayed: false });
    expect((await getDoc(r.id)).payments).toEqual([{ method: 'cash', amount: total }]);
  });

  it('split cash + card: the card part as given, change only from cash; card above the total is refused', async () => {
    const total = amountOf(P[1]!.price, 1000) + amountOf(W[0]!.price, 523);
    const lines = [
      { productId: P[1]!.id, qty: 1000 },
      { productId: W[0]!.id, qty: 523 },
    ];
    const r = await sell(lines, [
      { method: 'card', amount: 1000 },
      { method: 'cash', amount: total },
    ]);
    expect(r).toMatchObject({ total, change: 1000 });
    expect((await getDoc(r.id)).payments).toEqual([
      { method: 'cash', amount: total - 1000 },
      { method: 'card', amount: 1000 },
    ]);
    expect(await code('sale.post', { uuid: uuid(), lines, payments: [{ method: 'card', amount: total + 1 }] })).toBe('payment_mismatch');
    expect(
      await code('sale.post', {
        uuid: uuid(),
        lines,
        payments: [
          { method: 'card', amount: 1 },
          { method: 'cash', amount: total - 2 },
        ],
      }),
    ).toBe('payment_mismatch');
  });

  it('replaying the same uuid returns the first result and writes nothing; another body is idempotency_conflict', async () => {
    const id = uuid();
    const body = { uuid: id, lines: [{ productId: P[0]!.id, qty: 1000 }], payments: [{ method: 'cash', amount: 10 ** 6 }] };
    const first = await ok('sale.post', body);
    const before = counts();
    const again = await ok('sale.post', structuredClone(body));
    expect(again).toEqual({ ...first, replayed: true });
    expect(counts()).toEqual(before);
    expect(await code('sale.post', { ...body, lines: [{ productId: P[0]!.id, qty: 2000 }] })).toBe('idempotency_conflict');
    expect(await code('doc.post', { type: 'writeoff', uuid: id, locationId: store, lines: [{ productId: P[0]!.id, qty: 1000 }] })).toBe(
      'idempotency_conflict',
    );
    expect(core.db.raw.prepare('SELECT count(*) AS n FROM documents WHERE uuid = ?').get(id)).toEqual({ n: 1 });
  });
});

describe('stock documents', () => {
  it('a transfer moves quantity and value at the moving average', async () => {
    const p = P[3]!.id;
    const from0 = getOnHand(core.db, p, store);
    const to0 = getOnHand(core.db, p, back);
    expect(from0.qty).toBeGreaterThan(3000);
    const t = await ok('doc.post', {
      type: 'transfer',
      uuid: uuid(),
      locationId: store,
      toLocationId: back,
      lines: [{ productId: p, qty: 3000 }],
    });
    const cost = Math.round((from0.value * 3000) / from0.qty);
    expect((await getDoc(t.id)).lines[0]).toMatchObject({ qty: 3000, costAmount: cost });
    expect(getOnHand(core.db, p, store)).toEqual({ qty: from0.qty - 3000, value: from0.value - cost });
    // In transit until the back room receives it.
    expect(getOnHand(core.db, p, back)).toEqual(to0);
    await ok('transfer.receive', { transferId: t.id, uuid: uuid() });
    expect(getOnHand(core.db, p, back)).toEqual({ qty: to0.qty + 3000, value: to0.value + cost });
  });

  it('a count posts the difference (shortage at average, surplus at average), and nothing when it matches', async () => {
    const p = W[1]!.id;
    const s0 = getOnHand(core.db, p, store);
    const short = await ok('doc.post', { type: 'count', uuid: uuid(), locationId: store, lines: [{ productId: p, qty: s0.qty - 1500 }] });
    const lost = Math.round((s0.value * 1500) / s0.qty);
    expect((await getDoc(short.id)).lines[0]).toMatchObject({ qty: -1500, costAmount: -lost });
    const s1 = getOnHand(core.db, p, store);
    expect(s1).toEqual({ qty: s0.qty - 1500, value: s0.value - lost });
    const avg = Math.round((s1.value * 1000) / s1.qty);
    const surplus = await ok('doc.post', { type: 'count', uuid: uuid(), locationId: store, lines: [{ productId: p, qty: s1.qty + 2000 }] });
    expect((await getDoc(surplus.id)).lines[0]).toMatchObject({ qty: 2000, costAmount: avg * 2 });
    const s2 = getOnHand(core.db, p, store);
    const same = await ok('doc.post', { type: 'count', uuid: uuid(), locationId: store, lines: [{ productId: p, qty: s2.qty }] });
    expect((await getDoc(same.id)).lines[0]).toMatchObject({ qty: 0, costAmount: 0 });
    expect(core.db.raw.prepare('SELECT count(*) AS n FROM stock_movements WHERE document_id = ?').get(same.id)).toEqual({ n: 0 });
    expect(core.db.raw.prepare('SELECT counted_qty AS c FROM document_lines WHERE document_id = ?').get(same.id)).toEqual({ c: s2.qty });
  });
});

describe('returns and cancellation', () => {
  it('a partial return gives back its share of amount and cost', async () => {
    const p = P[1]!.id;
    const sale = await getDoc((await sell([{ productId: p, qty: 3000 }], [{ method: 'cash', amount: 10 ** 7 }])).id);
    const sl = sale.lines[0]!;
    const s0 = getOnHand(core.db, p, store);
    const r = await getDoc(
      (await ok('doc.post', { type: 'return', uuid: uuid(), saleId: sale.id, lines: [{ saleLineId: sl.id, qty: 1000 }] })).id,
    );
    expect(r.lines[0]).toMatchObject({
      qty: 1000,
      amount: Math.round(sl.amount / 3),
      costAmount: Math.round(sl.costAmount / 3),
      baseLineId: sl.id,
    });
    expect(r.payments).toEqual([{ method: 'cash', amount: Math.round(sl.amount / 3) }]);
    expect(getOnHand(core.db, p, store)).toEqual({ qty: s0.qty + 1000, value: s0.value + Math.round(sl.costAmount / 3) });
    expect(await code('doc.post', { type: 'return', uuid: uuid(), saleId: sale.id, lines: [{ saleLineId: sl.id, qty: 2001 }] })).toBe(
      'return_exceeds_sold',
    );
  });

  it('card refunds over several returns never exceed what the card paid', async () => {
    const p = P[2]!.id;
    const total = amountOf(P[2]!.price, 4000);
    const sale = await getDoc(
      (
        await sell(
          [{ productId: p, qty: 4000 }],
          [
            { method: 'card', amount: 100 },
            { method: 'cash', amount: total },
          ],
        )
      ).id,
    );
    const ret = async (qty: number) =>
      (
        await getDoc(
          (await ok('doc.post', { type: 'return', uuid: uuid(), saleId: sale.id, lines: [{ saleLineId: sale.lines[0]!.id, qty }] })).id,
        )
      ).payments;
    expect(await ret(1000)).toEqual([
      { method: 'card', amount: 100 },
      { method: 'cash', amount: amountOf(P[2]!.price, 1000) - 100 },
    ]);
    expect(await ret(1000)).toEqual([{ method: 'cash', amount: amountOf(P[2]!.price, 1000) }]);
  });

  it('cancel posts a reversal that restores stock exactly and marks the original cancelled; twice is invalid_state', async () => {
    const p = W[0]!.id;
    const s0 = getOnHand(core.db, p, store);
    const sale = await sell([{ productId: p, qty: 1500 }], [{ method: 'card', amount: amountOf(W[0]!.price, 1500) }]);
    const rev = await ok('doc.cancel', { id: sale.id, uuid: uuid(), reason: 'wrong item' });
    expect(getOnHand(core.db, p, store)).toEqual(s0);
    const orig = await getDoc(sale.id);
    const reversal = await getDoc(rev.id);
    expect(orig.status).toBe('cancelled');
    expect(reversal).toMatchObject({ status: 'posted', reversalOf: sale.id, total: -orig.total, note: 'wrong item' });
    expect(reversal.lines.map((l) => [l.qty, l.amount, l.costAmount, l.baseLineId])).toEqual(
      orig.lines.map((l) => [-l.qty, -l.amount, -l.costAmount, l.id]),
    );
    expect(reversal.payments).toEqual(orig.payments.map((x) => ({ ...x, amount: -x.amount })));
    expect(await code('doc.cancel', { id: sale.id, uuid: uuid(), reason: 'again' })).toBe('invalid_state');
    expect(await code('doc.cancel', { id: rev.id, uuid: uuid(), reason: 'undo the undo' })).toBe('invalid_state');
  });

  it('a sale with a posted return cannot be cancelled; once the return is cancelled, it can', async () => {
    const sale = await getDoc((await sell([{ productId: P[1]!.id, qty: 2000 }], [{ method: 'cash', amount: 10 ** 7 }])).id);
    const ret = await ok('doc.post', {
      type: 'return',
      uuid: uuid(),
      saleId: sale.id,
      lines: [{ saleLineId: sale.lines[0]!.id, qty: 1000 }],
    });
    expect(await code('doc.cancel', { id: sale.id, uuid: uuid(), reason: 'x' })).toBe('has_dependents');
    await ok('doc.cancel', { id: ret.id, uuid: uuid(), reason: 'return was a mistake' });
    await ok('doc.cancel', { id: sale.id, uuid: uuid(), reason: 'now the sale' });
    expect(ledgerViolations(core.db)).toEqual([]);
  });
});

describe('audit chain', () => {
  /** A shop of its own with three postings: the tamper leaves the shared one alone, and alone it still has postings. */
  async function shopWithPostings() {
    const fresh = testCore();
    cleanups.push(fresh.cleanup);
    openShift(fresh);
    const own = await as(fresh, 'owner');
    for (let i = 0; i < 3; i++)
      await own('doc.post', { type: 'writeoff', uuid: uuid(), locationId: store, lines: [{ productId: P[0]!.id, qty: 1000 }] });
    return { fresh, own };
  }

  it('an edited row is reported as the first bad entry', async () => {
    const { fresh, own } = await shopWithPostings();
    expect(await own('audit.verify', {})).toMatchObject({ ok: true, value: { ok: true, firstBad: null } });
    const { id } = fresh.db.raw.prepare(`SELECT id FROM audit_log WHERE action = 'doc.post' ORDER BY id DESC LIMIT 1 OFFSET 1`).get() as {
      id: number;
    };
    // An attacker with the file: a second connection drops the guard trigger and edits the log.
    const evil = new Database(fresh.dbFile);
    evil.exec(`DROP TRIGGER audit_log_no_update; UPDATE audit_log SET data = json_set(data, '$.total', 1) WHERE id = ${id}`);
    evil.close();
    expect(await own('audit.verify', {})).toMatchObject({ ok: true, value: { ok: false, firstBad: { id } } });
  });

  it('a deleted row is detected at the next entry', async () => {
    const { fresh, own } = await shopWithPostings();
    const ids = (fresh.db.raw.prepare('SELECT id FROM audit_log ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    const victim = ids[ids.length - 3]!;
    const evil = new Database(fresh.dbFile);
    evil.exec(`DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = ${victim}`);
    evil.close();
    expect(await own('audit.verify', {})).toMatchObject({ ok: true, value: { ok: false, firstBad: { id: ids[ids.length - 2] } } });
  });
});
