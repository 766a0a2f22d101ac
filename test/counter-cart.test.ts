import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { withCheckDigit } from '../core/barcode';
import { GS } from '../core/devices/barcodes';
import { lineAmount } from '../core/money';
import { auditCount, auditSince } from './db-dump';
import { as, DEMO, openShift, testCore, unwrap, uuid } from './helpers';

let core: ReturnType<typeof testCore>;
let cashier: Caller;
let owner: Caller;
const MANAGER = { userId: DEMO.manager.id, pin: DEMO.manager.pin };

beforeAll(async () => {
  core = testCore();
  openShift(core);
  cashier = await as(core, 'cashier');
  owner = await as(core, 'owner');
});
afterAll(() => core.cleanup());

const fresh = async (who: Caller = cashier) => {
  const c = unwrap(await who('cart.current', {}));
  return c.lines.length ? unwrap(await who('cart.clear', { cartId: c.id, approval: MANAGER })) : c;
};
const productByPlu = (plu: number) =>
  core.db.raw.prepare('SELECT id, price FROM products WHERE plu = ?').get(plu) as { id: number; price: number };

describe('cart scanning', () => {
  it('a weight-embedded label adds the weight at the product price', async () => {
    const cart = await fresh();
    const bananas = productByPlu(1);
    const code = withCheckDigit('21' + '00001' + '00523');
    const after = unwrap(await cashier('cart.scan', { cartId: cart.id, code }));
    expect(after.lines).toHaveLength(1);
    expect(after.lines[0]).toMatchObject({
      productId: bananas.id,
      qty: 523,
      price: bananas.price,
      amount: lineAmount(bananas.price, 523),
      unit: 'kg',
    });
    // A second label of the same goods is another item, not more of the first.
    const again = unwrap(await cashier('cart.scan', { cartId: cart.id, code: withCheckDigit('21' + '00001' + '01200') }));
    expect(again.lines.map((l) => l.qty)).toEqual([523, 1200]);
    expect(unwrap(await cashier('catalog.scan', { code }))).toMatchObject({ product: { id: bananas.id }, qty: 523 });
  });

  it('a misread (bad check digit) or unknown code adds nothing', async () => {
    const cart = await fresh();
    const good = withCheckDigit('21' + '00001' + '00523');
    const bad = good.slice(0, -1) + String((Number(good.at(-1)) + 1) % 10);
    expect(await cashier('cart.scan', { cartId: cart.id, code: bad })).toMatchObject({ ok: false, error: { code: 'invalid_barcode' } });
    expect(await cashier('cart.scan', { cartId: cart.id, code: '4607001000014' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_barcode' },
    });
    expect(await cashier('cart.scan', { cartId: cart.id, code: withCheckDigit('460999999999') })).toMatchObject({
      ok: false,
      error: { code: 'unknown_barcode' },
    });
    expect(await cashier('cart.scan', { cartId: cart.id, code: withCheckDigit('21' + '09999' + '00100') })).toMatchObject({
      ok: false,
      error: { code: 'unknown_barcode' },
    });
    expect(unwrap(await cashier('cart.current', {})).lines).toEqual([]);
  });

  it('the same plain product scanned again adds to its line; a GS1 marking stays byte-exact on its own line and the document', async () => {
    const cart = await fresh();
    const code = unwrap(await cashier('catalog.get', { id: 1 })).barcodes[0]!;
    unwrap(await cashier('cart.scan', { cartId: cart.id, code }));
    let c = unwrap(await cashier('cart.scan', { cartId: cart.id, code }));
    expect(c.lines).toHaveLength(1);
    expect(c.lines[0]!.qty).toBe(2000);
    const marking = `]d201${'0' + code}21abc123${GS}93xyz`;
    c = unwrap(await cashier('cart.scan', { cartId: cart.id, code: marking }));
    expect(c.lines).toHaveLength(2);
    expect(await cashier('cart.scan', { cartId: cart.id, code: marking })).toMatchObject({ ok: false, error: { code: 'duplicate' } });
    const paid = unwrap(await cashier('cart.pay', { cartId: cart.id, uuid: uuid(), payments: [{ method: 'card', amount: c.total }] }));
    const rows = core.db.raw.prepare('SELECT qty, marking FROM document_lines WHERE document_id = ? ORDER BY line_no').all(paid.id);
    expect(rows).toEqual([
      { qty: 2000, marking: null },
      { qty: 1000, marking },
    ]);
  });
});

describe('approvals at the counter', () => {
  it('a discount over the cashier limit: refused alone, refused with a wrong PIN, allowed with the manager PIN; each attempt audited', async () => {
    const cart = await fresh();
    unwrap(await cashier('cart.add', { cartId: cart.id, productId: 1, qty: 2000 }));
    const lineId = unwrap(await cashier('cart.current', {})).lines[0]!.id;
    let mark = auditCount(core.db);
    // Within the cashier's 5 %.
    unwrap(await cashier('cart.discount', { cartId: cart.id, lineId, percentBp: 500 }));
    expect(auditSince(core.db, mark).map((a) => a.action)).toEqual(['cart.discount']);
    mark = auditCount(core.db);
    expect(await cashier('cart.discount', { cartId: cart.id, lineId, percentBp: 1500 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(
      await cashier('cart.discount', { cartId: cart.id, lineId, percentBp: 1500, approval: { userId: 4, pin: '0000' } }),
    ).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    // The cashier may not approve for themself.
    expect(
      await cashier('cart.discount', {
        cartId: cart.id,
        lineId,
        percentBp: 1500,
        approval: { userId: DEMO.cashier.id, pin: DEMO.cashier.pin },
      }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(unwrap(await cashier('cart.current', {})).lines[0]!.discount).toBe(
      Math.round(lineAmount(unwrap(await cashier('catalog.get', { id: 1 })).price, 2000) * 0.05),
    );
    const ok = unwrap(await cashier('cart.discount', { cartId: cart.id, lineId, percentBp: 1500, approval: MANAGER }));
    expect(ok.lines[0]!.discount).toBe(Math.round(ok.lines[0]!.price * 2 * 0.15));
    expect(auditSince(core.db, mark).map((a) => a.action)).toEqual([
      'approval.required',
      'auth.failed',
      'approval.refused',
      'approval.refused',
      'approval.granted',
      'cart.discount',
    ]);
    // An amount is judged by the percent it makes of its base: the receipt.
    const sub = ok.subtotal;
    expect(await cashier('cart.discount', { cartId: cart.id, amount: Math.ceil(sub * 0.06) })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const rd = unwrap(await cashier('cart.discount', { cartId: cart.id, amount: Math.floor(sub * 0.05) }));
    expect(rd.receiptDiscount).toBe(Math.floor(sub * 0.05));
    expect(rd.total).toBe(sub - rd.receiptDiscount);
    // The discount is on the document lines, and the line amounts add up to the total.
    const paid = unwrap(await cashier('cart.pay', { cartId: cart.id, uuid: uuid(), payments: [{ method: 'card', amount: rd.total }] }));
    const line = core.db.raw
      .prepare('SELECT price, qty, amount, discount, catalog_price AS catalogPrice FROM document_lines WHERE document_id = ?')
      .get(paid.id) as Record<string, number>;
    expect(line.amount).toBe(rd.total);
    expect(line.discount).toBe(lineAmount(line.price!, line.qty!) - rd.total);
    expect(line.catalogPrice).toBe(line.price);
  });

  it('removing a line or lowering a quantity needs line.remove; refusals and voids are audited', async () => {
    const cart = await fresh();
    const c = unwrap(await cashier('cart.add', { cartId: cart.id, productId: 7, qty: 3000 }));
    const lineId = c.lines[0]!.id;
    const mark = auditCount(core.db);
    expect(await cashier('cart.removeLine', { cartId: cart.id, lineId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await cashier('cart.setQty', { cartId: cart.id, lineId, qty: 1000 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(unwrap(await cashier('cart.setQty', { cartId: cart.id, lineId, qty: 4000 })).lines[0]!.qty).toBe(4000);
    expect(unwrap(await cashier('cart.setQty', { cartId: cart.id, lineId, qty: 1000, approval: MANAGER })).lines[0]!.qty).toBe(1000);
    const price = c.lines[0]!.price;
    expect(await cashier('cart.setPrice', { cartId: cart.id, lineId, price: 1 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(
      unwrap(await cashier('cart.setPrice', { cartId: cart.id, lineId, price: price - 100, approval: MANAGER })).lines[0],
    ).toMatchObject({ price: price - 100, catalogPrice: price });
    expect(unwrap(await cashier('cart.removeLine', { cartId: cart.id, lineId, approval: MANAGER })).lines).toEqual([]);
    const rows = core.db.raw.prepare('SELECT action, data FROM audit_log WHERE id > ? ORDER BY id').all(mark) as {
      action: string;
      data: string;
    }[];
    expect(rows.map((r) => r.action)).toEqual([
      'approval.required',
      'approval.required',
      'approval.granted',
      'cart.void_line',
      'approval.required',
      'approval.granted',
      'cart.price_override',
      'approval.granted',
      'cart.void_line',
    ]);
    const voids = rows.filter((r) => r.action === 'cart.void_line').map((r) => JSON.parse(r.data));
    expect(voids[0]).toMatchObject({ qty: 3000, amount: lineAmount(price, 4000) - lineAmount(price, 1000), partial: true, approvedBy: 4 });
    expect(voids[1]).toMatchObject({ qty: 1000, amount: price - 100, approvedBy: 4 });
  });
});

describe('park, recall, pay', () => {
  it('park and recall: the cart in hand is parked in turn, an empty one is dropped', async () => {
    const a = await fresh();
    unwrap(await cashier('cart.add', { cartId: a.id, productId: 10 }));
    expect(await cashier('cart.park', { cartId: a.id, note: 'forgot wallet' })).toMatchObject({
      ok: true,
      value: { status: 'parked', note: 'forgot wallet' },
    });
    const b = unwrap(await cashier('cart.current', {}));
    expect(b.id).not.toBe(a.id);
    expect(await cashier('cart.add', { cartId: a.id, productId: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    unwrap(await cashier('cart.add', { cartId: b.id, productId: 11 }));
    const parked = unwrap(await cashier('cart.parked', {}));
    expect(parked).toEqual([expect.objectContaining({ id: a.id, note: 'forgot wallet', lines: 1, userName: 'Ivan (cashier)' })]);
    // Another cashier (the manager here) may recall it at the same till.
    const manager = await as(core, 'manager');
    const recalled = unwrap(await manager('cart.recall', { cartId: a.id }));
    expect(recalled).toMatchObject({ id: a.id, status: 'open' });
    expect(await cashier('cart.add', { cartId: a.id, productId: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    // The cashier's non-empty cart goes to the parked list when they recall something else.
    unwrap(await manager('cart.park', { cartId: a.id }));
    unwrap(await cashier('cart.recall', { cartId: a.id }));
    expect(unwrap(await cashier('cart.parked', {})).map((p) => p.id)).toEqual([b.id]);
    unwrap(await cashier('cart.clear', { cartId: a.id, approval: MANAGER }));
    // An empty cart is dropped on recall.
    unwrap(await cashier('cart.recall', { cartId: b.id }));
    expect(core.db.raw.prepare('SELECT id FROM carts WHERE id = ?').get(a.id)).toBeUndefined();
    expect(await cashier('cart.park', { cartId: b.id })).toMatchObject({ ok: true });
    expect(await cashier('cart.park', { cartId: unwrap(await cashier('cart.current', {})).id })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    unwrap(await cashier('cart.recall', { cartId: b.id }));
    await fresh();
  });

  it('split payment with change; paying twice with the same uuid returns the first result', async () => {
    const cart = await fresh();
    expect(await cashier('cart.add', { cartId: cart.id, productId: 12, qty: 1500 })).toMatchObject({
      ok: false,
      error: { code: 'validation' },
    });
    const c = unwrap(await cashier('cart.add', { cartId: cart.id, productId: 12, qty: 2000 }));
    const before = core.db.raw.prepare('SELECT qty FROM on_hand WHERE product_id = 12 AND location_id = 1').get() as { qty: number };
    const id = uuid();
    const pay = {
      cartId: cart.id,
      uuid: id,
      payments: [
        { method: 'card' as const, amount: 1000 },
        { method: 'cash' as const, amount: c.total },
      ],
    };
    const r = unwrap(await cashier('cart.pay', pay));
    expect(r).toMatchObject({ total: c.total, change: 1000, replayed: false });
    expect(core.db.raw.prepare('SELECT method, amount FROM payments WHERE document_id = ? ORDER BY id').all(r.id)).toEqual([
      { method: 'cash', amount: c.total - 1000 },
      { method: 'card', amount: 1000 },
    ]);
    expect(core.db.raw.prepare('SELECT qty FROM on_hand WHERE product_id = 12 AND location_id = 1').get()).toEqual({
      qty: before.qty - 2000,
    });
    expect(unwrap(await cashier('cart.pay', pay))).toMatchObject({ id: r.id, replayed: true, change: 1000 });
    expect(core.db.raw.prepare('SELECT id FROM carts WHERE id = ?').get(cart.id)).toBeUndefined();
    expect(await cashier('cart.pay', { ...pay, uuid: uuid() })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const over = await fresh();
    const o = unwrap(await cashier('cart.add', { cartId: over.id, productId: 12 }));
    expect(await cashier('cart.pay', { cartId: over.id, uuid: uuid(), payments: [{ method: 'card', amount: o.total + 1 }] })).toMatchObject(
      { ok: false, error: { code: 'payment_mismatch' } },
    );
    expect(await cashier('cart.pay', { cartId: over.id, uuid: uuid(), payments: [{ method: 'cash', amount: o.total - 1 }] })).toMatchObject(
      { ok: false, error: { code: 'payment_mismatch' } },
    );
  });

  it('cash rounding: all cash rounds down to the step, recorded on the document; card pays the exact total', async () => {
    unwrap(await owner('settings.set', { counter: { cashRoundingStep: 100 } }));
    try {
      const cart = await fresh();
      let c = unwrap(await cashier('cart.add', { cartId: cart.id, productId: 1 }));
      c = unwrap(await cashier('cart.add', { cartId: cart.id, productId: 2 }));
      // Demo prices end in 90: two of them leave 80 to round away.
      expect(c.total % 100).not.toBe(0);
      expect(c.cashTotal).toBe(c.total - (c.total % 100));
      const r = unwrap(await cashier('cart.pay', { cartId: cart.id, uuid: uuid(), payments: [{ method: 'cash', amount: 1_000_000 }] }));
      expect(r.total).toBe(c.cashTotal);
      expect(r.change).toBe(1_000_000 - c.cashTotal);
      const doc = core.db.raw.prepare('SELECT total, rounding FROM documents WHERE id = ?').get(r.id);
      expect(doc).toEqual({ total: c.cashTotal, rounding: c.total - c.cashTotal });
      const lines = core.db.raw.prepare('SELECT SUM(amount) AS a, SUM(discount) AS d FROM document_lines WHERE document_id = ?').get(r.id);
      expect(lines).toEqual({ a: c.cashTotal, d: c.total - c.cashTotal });
      const card = await fresh();
      const k = unwrap(await cashier('cart.add', { cartId: card.id, productId: 1 }));
      expect(
        unwrap(await cashier('cart.pay', { cartId: card.id, uuid: uuid(), payments: [{ method: 'card', amount: k.total }] })).total,
      ).toBe(k.total);
    } finally {
      unwrap(await owner('settings.set', { counter: { cashRoundingStep: 1 } }));
    }
  });

  it('a customer by phone: loyalty percent from purchases so far; the sale counts towards them', async () => {
    expect(unwrap(await cashier('customer.find', { phone: '+79161234567' }))).toBeNull();
    const cust = unwrap(await cashier('customer.upsert', { phone: '+79161234567', name: 'Olga' }));
    expect(cust).toMatchObject({ name: 'Olga', totalPurchases: 0, loyaltyBp: 0 });
    const cart = await fresh();
    expect(await cashier('cart.customer', { cartId: cart.id, phone: '+70000000000' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    unwrap(await cashier('cart.customer', { cartId: cart.id, phone: '+79161234567' }));
    // Enough goods to pass the first tier (5000.00).
    let c = unwrap(
      await cashier('cart.add', {
        cartId: cart.id,
        productId: 20,
        qty: 1000 * Math.ceil(500000 / unwrap(await cashier('catalog.get', { id: 20 })).price),
      }),
    );
    expect(c.customer).toMatchObject({ id: cust.id, loyaltyBp: 0 });
    const r = unwrap(await cashier('cart.pay', { cartId: cart.id, uuid: uuid(), payments: [{ method: 'card', amount: c.total }] }));
    const after = unwrap(await cashier('customer.find', { phone: '+79161234567' }))!;
    expect(after).toMatchObject({ totalPurchases: r.total, loyaltyBp: 300 });
    c = await fresh();
    unwrap(await cashier('cart.customer', { cartId: c.id, phone: '+79161234567' }));
    c = unwrap(await cashier('cart.add', { cartId: c.id, productId: 1 }));
    expect(c.loyaltyBp).toBe(300);
    expect(c.receiptDiscount).toBe(Math.round(c.subtotal * 0.03));
    expect(c.total).toBe(c.subtotal - c.receiptDiscount);
    expect((core.db.raw.prepare('SELECT customer_id AS c FROM documents WHERE id = ?').get(r.id) as { c: number }).c).toBe(cust.id);
    await fresh();
  });
});

describe('crash safety', () => {
  it('scans and added lines commit as drafts (no fsync); every other commit stays synced, even after a failed draft', async () => {
    // The pragmas themselves (FULL at open, NORMAL inside a draft, FULL after it) are checked on fresh connections in
    // db-pragmas.test.ts: here the connection has run earlier tests' drafts, which would hide a wrong value set at open.
    const sync = () => core.db.raw.pragma('synchronous', { simple: true });
    // Which commits are drafts: every run of a statement setting the pragma, recorded per cart method.
    const during: Record<string, number[]> = {};
    const proto = Object.getPrototypeOf(core.db.raw.prepare('SELECT 1')) as { run: (...a: unknown[]) => unknown };
    const run0 = proto.run;
    let method = '';
    proto.run = function (this: { source: string }, ...args: unknown[]) {
      const m = /^PRAGMA synchronous = (\w+)$/.exec(this.source);
      if (m) (during[method] ??= []).push(m[1] === 'NORMAL' ? 1 : 2);
      return run0.apply(this, args);
    };
    try {
      const cart = await fresh();
      method = 'scan';
      unwrap(await cashier('cart.scan', { cartId: cart.id, code: withCheckDigit('460700100001') }));
      method = 'scan-refused';
      expect(await cashier('cart.scan', { cartId: cart.id, code: '4607001000010' })).toMatchObject({ ok: false });
      method = 'add';
      const added = unwrap(await cashier('cart.add', { cartId: cart.id, productId: 7, qty: 1000 }));
      method = 'setQty';
      unwrap(await cashier('cart.setQty', { cartId: cart.id, lineId: added.lines[0]!.id, qty: 3000 }));
    } finally {
      proto.run = run0;
    }
    expect(during).toEqual({ scan: [1, 2], 'scan-refused': [1, 2], add: [1, 2] });
    expect(sync()).toBe(2);
  });

  it('open and parked carts survive reopening the core', async () => {
    const t = testCore();
    try {
      openShift(t);
      const api = await as(t, 'cashier');
      const parked = unwrap(await api('cart.current', {}));
      unwrap(await api('cart.add', { cartId: parked.id, productId: 3, qty: 2000 }));
      unwrap(await api('cart.park', { cartId: parked.id, note: 'crash test' }));
      const open = unwrap(await api('cart.current', {}));
      unwrap(await api('cart.add', { cartId: open.id, productId: 4 }));
      t.close();
      // Like a renderer or process crash: a new core on the same file, a new login.
      const again = testCore({ dataDir: t.dir });
      try {
        const api2 = await as(again, 'cashier');
        const cur = unwrap(await api2('cart.current', {}));
        expect(cur).toMatchObject({ id: open.id, lines: [expect.objectContaining({ productId: 4, qty: 1000 })] });
        expect(unwrap(await api2('cart.parked', {}))).toEqual([expect.objectContaining({ id: parked.id, note: 'crash test', lines: 1 })]);
        const back = unwrap(await api2('cart.recall', { cartId: parked.id }));
        expect(back.lines).toEqual([expect.objectContaining({ productId: 3, qty: 2000 })]);
        expect(await api2('cart.pay', { cartId: back.id, uuid: uuid(), payments: [{ method: 'card', amount: back.total }] })).toMatchObject(
          { ok: true },
        );
      } finally {
        again.close();
      }
    } finally {
      t.cleanup();
    }
  });
});
