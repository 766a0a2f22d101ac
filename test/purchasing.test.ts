/**
 * Goods in from suppliers: orders, deliveries against them (partial, refused past what is due, made due again by a
 * cancelled receipt), moving-average cost through receipts and into a later sale's cost of goods, returns to the
 * supplier, and the category's markup offered on a receipt's new costs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import type { ApiInput } from '../core/contract/api';
import { ledgerViolations } from '../db/queries/stock';
import { dumpTables } from './db-dump';
import { as, loose, openShift, testCore, unwrap, uuid } from './helpers';

let core: ReturnType<typeof testCore>;
let owner: Caller;
let cashier: Caller;
let clerk: Caller;
let n = 0;

beforeAll(async () => {
  core = testCore();
  openShift(core);
  owner = await as(core, 'owner');
  cashier = await as(core, 'cashier');
  // Receives goods, but orders none: ordering is purchase.manage.
  unwrap(await owner('roles.upsert', { id: 'clerk', name: 'Stock clerk', permissions: ['catalog.view', 'stock.view', 'stock.receive'] }));
  const u = unwrap(await owner('users.upsert', { name: 'Clerk', roleId: 'clerk', pin: '7777' }));
  const r = unwrap(await core.call({ session: null }, 'auth.login', { userId: u.id, pin: '7777' })) as { token: string };
  clerk = core.caller({ session: core.sessions.get(r.token) });
});
afterAll(() => core?.cleanup());

const onHand = (productId: number, locationId = 1) =>
  (core.db.raw.prepare('SELECT qty, value FROM on_hand WHERE product_id = ? AND location_id = ?').get(productId, locationId) ?? {
    qty: 0,
    value: 0,
  }) as { qty: number; value: number };

/** A product new to the shop (nothing on hand), sold by the piece unless said. */
async function product(fields: Partial<ApiInput<'catalog.upsert'>> = {}) {
  return unwrap(
    await owner('catalog.upsert', { sku: `GI-${++n}`, name: `Goods ${n}`, unit: 'pcs', price: 15_000, taxRateBp: 2000, ...fields }),
  );
}
const supplier = async () => unwrap(await owner('supplier.upsert', { name: `Supplier ${++n}` })).id;

async function sentOrder(lines: { productId: number; qty: number; unitCost?: number }[]) {
  const order = unwrap(await owner('purchase.create', { uuid: uuid(), supplierId: await supplier(), expectedDate: '2030-01-15', lines }));
  return unwrap(await owner('purchase.send', { id: order.id }));
}

/** The call's error code; a refused call must leave every table but the audit log as it was. */
async function refused(call: Caller, method: string, input: unknown): Promise<string> {
  const before = dumpTables(core.db, ['audit_log']);
  const r = await loose(call)(method, input);
  expect(dumpTables(core.db, ['audit_log']), `${method} was refused but changed data`).toEqual(before);
  return r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`;
}

const receipt = (lines: { productId: number; qty: number; unitCost: number }[], extra: object = {}) =>
  owner('doc.post', { type: 'receipt', uuid: uuid(), locationId: 1, lines, ...extra });

describe('orders and deliveries', () => {
  it('receive a partial delivery; the order shows what is still due, then nothing once the rest comes', async () => {
    const milk = await product();
    const cheese = await product({ unit: 'kg' });
    const order = await sentOrder([
      { productId: milk.id, qty: 10_000, unitCost: 5_000 },
      { productId: cheese.id, qty: 4_500, unitCost: 80_000 },
    ]);
    expect(order).toMatchObject({ status: 'sent', lineCount: 2, total: 50_000 + 360_000, due: 50_000 + 360_000 });

    // The clerk starts from what is due and keys in what actually came: 6 of the 10 milk, no cheese yet.
    const draft = unwrap(await clerk('purchase.receiveDraft', { id: order.id, uuid: uuid() }));
    expect(draft.lines.map((l) => [l.productId, l.qty, l.unitCost])).toEqual([
      [milk.id, 10_000, 5_000],
      [cheese.id, 4_500, 80_000],
    ]);
    expect(draft.extra).toMatchObject({ orderId: order.id, supplierId: order.supplierId });
    unwrap(await clerk('draft.setLines', { id: draft.id, lines: [{ productId: milk.id, qty: 6_000, unitCost: 5_000 }] }));
    unwrap(await clerk('draft.update', { id: draft.id, extra: { ...draft.extra, invoiceNo: 'INV-0042', invoiceDate: '2026-01-10' } }));
    expect(onHand(milk.id)).toEqual({ qty: 0, value: 0 });
    const first = unwrap(await clerk('draft.post', { id: draft.id }));

    let now = unwrap(await owner('purchase.get', { id: order.id }));
    expect(now.status).toBe('partially_received');
    expect(now.lines.map((l) => ({ p: l.productId, ordered: l.qty, received: l.received, due: l.due }))).toEqual([
      { p: milk.id, ordered: 10_000, received: 6_000, due: 4_000 },
      { p: cheese.id, ordered: 4_500, received: 0, due: 4_500 },
    ]);
    expect(now.receipts).toEqual([
      {
        id: first.id,
        number: first.number,
        businessDate: expect.any(String),
        status: 'posted',
        invoiceNo: 'INV-0042',
        invoiceDate: '2026-01-10',
      },
    ]);
    expect(onHand(milk.id)).toEqual({ qty: 6_000, value: 30_000 });
    expect(unwrap(await owner('doc.get', { id: first.id })).supplier).toEqual({
      supplierId: order.supplierId,
      supplierName: order.supplierName,
      invoiceNo: 'INV-0042',
      invoiceDate: '2026-01-10',
      purchaseOrderId: order.id,
    });
    const listed = unwrap(await owner('purchase.list', { filters: { status: 'partially_received', supplierId: order.supplierId } }));
    expect(listed.rows.map((r) => r.id)).toEqual([order.id]);
    // The list carries what is still due in money: 4 milk at 50.00 and all the cheese.
    expect(listed.rows[0]!.due).toBe(4 * 5_000 + 360_000);

    // The rest comes in one go through doc.post.
    unwrap(
      await receipt(
        [
          { productId: milk.id, qty: 4_000, unitCost: 5_000 },
          { productId: cheese.id, qty: 4_500, unitCost: 80_000 },
        ],
        { orderId: order.id, invoiceNo: 'INV-0043' },
      ),
    );
    now = unwrap(await owner('purchase.get', { id: order.id }));
    expect(now.status).toBe('received');
    expect(now.lines.map((l) => l.due)).toEqual([0, 0]);
    expect(
      unwrap(await owner('purchase.list', { filters: { supplierId: order.supplierId } })).rows.find((r) => r.id === order.id)!.due,
    ).toBe(0);
    expect(await refused(clerk, 'purchase.receiveDraft', { id: order.id, uuid: uuid() })).toMatch(/^invalid_state: nothing is still due/);
    expect(ledgerViolations(core.db)).toEqual([]);
  });

  it('receiving past the ordered quantity is refused and changes nothing; allowed when asked', async () => {
    const milk = await product();
    const bread = await product();
    const order = await sentOrder([{ productId: milk.id, qty: 10_000, unitCost: 5_000 }]);
    unwrap(await receipt([{ productId: milk.id, qty: 8_000, unitCost: 5_000 }], { orderId: order.id }));

    const over = {
      type: 'receipt' as const,
      uuid: uuid(),
      locationId: 1,
      orderId: order.id,
      lines: [{ productId: milk.id, qty: 3_000, unitCost: 5_000 }],
    };
    expect(await refused(owner, 'doc.post', over)).toMatch(
      /^over_receipt: .*2000 still due on PO-\d+ \(ordered 10000, received 8000\), 3000 brought in/,
    );
    // Two lines of one product count together; a product the order does not name has nothing due.
    const split = {
      ...over,
      uuid: uuid(),
      lines: [
        { productId: milk.id, qty: 1_000, unitCost: 5_000 },
        { productId: milk.id, qty: 2_000, unitCost: 5_000 },
      ],
    };
    expect(await refused(owner, 'doc.post', split)).toMatch(/^over_receipt/);
    const extra = {
      ...over,
      uuid: uuid(),
      lines: [
        { productId: milk.id, qty: 1_000, unitCost: 5_000 },
        { productId: bread.id, qty: 1_000, unitCost: 3_000 },
      ],
    };
    expect(await refused(owner, 'doc.post', extra)).toMatch(new RegExp(`^over_receipt: ${bread.name} is not on PO-`));
    // Through a draft too: the post is refused and the draft stays open to be corrected.
    const draft = unwrap(
      await owner('draft.create', {
        uuid: uuid(),
        type: 'receipt',
        extra: { orderId: order.id },
        lines: [{ productId: milk.id, qty: 3_000, unitCost: 5_000 }],
      }),
    );
    expect(await refused(owner, 'draft.post', { id: draft.id })).toMatch(/^over_receipt/);
    expect(unwrap(await owner('draft.get', { id: draft.id })).status).toBe('open');

    // The supplier sent a spare and the shop keeps it: over-receipt allowed explicitly.
    unwrap(await owner('doc.post', { ...over, uuid: uuid(), allowOverReceipt: true }));
    const now = unwrap(await owner('purchase.get', { id: order.id }));
    expect(now.lines[0]).toMatchObject({ received: 11_000, due: 0 });
    expect(now.status).toBe('received');
  });

  it('cancelling a receipt makes its goods due again', async () => {
    const milk = await product();
    const order = await sentOrder([{ productId: milk.id, qty: 5_000, unitCost: 5_000 }]);
    const r = unwrap(await receipt([{ productId: milk.id, qty: 5_000, unitCost: 5_000 }], { orderId: order.id }));
    expect(unwrap(await owner('purchase.get', { id: order.id })).status).toBe('received');
    unwrap(await owner('doc.cancel', { id: r.id, uuid: uuid(), reason: 'wrong delivery note' }));
    const now = unwrap(await owner('purchase.get', { id: order.id }));
    expect(now).toMatchObject({ status: 'sent', lines: [{ received: 0, due: 5_000 }], receipts: [{ id: r.id, status: 'cancelled' }] });
    expect(onHand(milk.id)).toEqual({ qty: 0, value: 0 });
  });

  it('an order moves draft → sent → closed, or is cancelled before anything comes; receipts need a sent order', async () => {
    const milk = await product();
    const supplierId = await supplier();
    const draftOrder = unwrap(await owner('purchase.create', { uuid: uuid(), supplierId, lines: [{ productId: milk.id, qty: 2_000 }] }));
    // A line without a cost takes the product's last purchase cost.
    expect(draftOrder.lines[0]).toMatchObject({ unitCost: milk.cost, due: 2_000 });
    expect(draftOrder.number).toMatch(/^PO-\d{6}$/);
    const early = {
      type: 'receipt',
      uuid: uuid(),
      locationId: 1,
      orderId: draftOrder.id,
      lines: [{ productId: milk.id, qty: 1_000, unitCost: 1 }],
    };
    expect(await refused(owner, 'doc.post', early)).toMatch(/^invalid_state: PO-\d+ is not sent yet/);
    expect(
      await refused(owner, 'purchase.setLines', {
        id: draftOrder.id,
        lines: [
          { productId: milk.id, qty: 1_000 },
          { productId: milk.id, qty: 1_000 },
        ],
      }),
    ).toMatch(/^duplicate/);
    unwrap(await owner('purchase.update', { id: draftOrder.id, note: 'ring before delivering', expectedDate: null }));
    unwrap(await owner('purchase.send', { id: draftOrder.id }));
    unwrap(await receipt([{ productId: milk.id, qty: 1_000, unitCost: 4_000 }], { orderId: draftOrder.id }));
    expect(await refused(owner, 'purchase.cancel', { id: draftOrder.id })).toMatch(/^invalid_state: goods were already received/);
    expect(await refused(owner, 'purchase.setLines', { id: draftOrder.id, lines: [] })).toMatch(/^invalid_state/);
    const closed = unwrap(await owner('purchase.close', { id: draftOrder.id }));
    expect(closed).toMatchObject({ status: 'closed', lines: [{ received: 1_000, due: 1_000 }] });
    expect(await refused(owner, 'doc.post', { ...early, uuid: uuid() })).toMatch(/^invalid_state: PO-\d+ is closed/);

    const other = unwrap(await owner('purchase.create', { uuid: uuid(), supplierId, lines: [{ productId: milk.id, qty: 2_000 }] }));
    expect(unwrap(await owner('purchase.cancel', { id: other.id })).status).toBe('cancelled');
    const audit = core.db.raw
      .prepare(`SELECT action FROM audit_log WHERE entity = 'purchase_order' AND entity_id = ? ORDER BY id`)
      .all(String(draftOrder.id)) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['purchase.create', 'purchase.update', 'purchase.send', 'purchase.close']);
  });

  it('a receipt for an archived product is refused with a clear error', async () => {
    const old = await product();
    unwrap(
      await owner('catalog.upsert', {
        id: old.id,
        sku: old.sku,
        name: old.name,
        unit: 'pcs',
        price: old.price,
        taxRateBp: 2000,
        active: false,
      }),
    );
    const r = await refused(owner, 'doc.post', {
      type: 'receipt',
      uuid: uuid(),
      locationId: 1,
      lines: [{ productId: old.id, qty: 1_000, unitCost: 100 }],
    });
    expect(r).toMatch(new RegExp(`^product_inactive: ${old.name} is archived`));
  });
});

describe('moving-average cost', () => {
  it('after receipts at different costs, and a later sale’s cost of goods uses it', async () => {
    const tea = await product({ cost: 9_000 });
    unwrap(await receipt([{ productId: tea.id, qty: 10_000, unitCost: 10_000 }]));
    unwrap(await receipt([{ productId: tea.id, qty: 30_000, unitCost: 12_001 }]));
    // (10 × 100.00 + 30 × 120.01) / 40 = 115.0075: the value is kept whole, the average is value / qty.
    expect(onHand(tea.id)).toEqual({ qty: 40_000, value: 100_000 + 360_030 });

    const sell = async (qty: number) => {
      const s = unwrap(
        await owner('sale.post', {
          uuid: uuid(),
          lines: [{ productId: tea.id, qty }],
          payments: [{ method: 'card', amount: (qty / 1000) * 15_000 }],
        }),
      );
      return unwrap(await owner('doc.get', { id: s.id })).lines[0]!.costAmount;
    };
    expect(await sell(3_000)).toBe(34_502); // 3 × 115.0075 = 345.0225 → 345.02
    expect(onHand(tea.id)).toEqual({ qty: 37_000, value: 460_030 - 34_502 });
    // The last of it takes exactly what is left: rounding never stays behind in the stock.
    expect(await sell(37_000)).toBe(460_030 - 34_502);
    expect(onHand(tea.id)).toEqual({ qty: 0, value: 0 });

    // Sold short before the goods come: at the last purchase cost; the next receipt restarts the average at its cost.
    expect(await sell(2_000)).toBe(2 * 12_001);
    expect(onHand(tea.id)).toEqual({ qty: -2_000, value: -24_002 });
    const r = unwrap(await receipt([{ productId: tea.id, qty: 10_000, unitCost: 13_000 }]));
    expect(onHand(tea.id)).toEqual({ qty: 8_000, value: 8 * 13_000 });
    expect(await sell(1_000)).toBe(13_000);

    // A reversal takes out exactly what the receipt put in.
    const before = onHand(tea.id);
    const line = unwrap(await owner('doc.get', { id: r.id })).lines[0]!;
    unwrap(await owner('doc.cancel', { id: r.id, uuid: uuid(), reason: 'posted twice' }));
    expect(onHand(tea.id)).toEqual({ qty: before.qty - 10_000, value: before.value - line.costAmount });
    expect(ledgerViolations(core.db)).toEqual([]);
  });

  it('a new purchase cost is the product’s last cost, audited with who and the receipt', async () => {
    const jam = await product({ cost: 5_000 });
    const r = unwrap(
      await clerk('doc.post', {
        type: 'receipt',
        uuid: uuid(),
        locationId: 1,
        lines: [{ productId: jam.id, qty: 1_000, unitCost: 5_500 }],
      }),
    );
    expect(unwrap(await owner('catalog.get', { id: jam.id })).cost).toBe(5_500);
    const audit = core.db.raw
      .prepare(`SELECT user_id AS userId, data FROM audit_log WHERE action = 'product.cost' AND entity_id = ?`)
      .all(String(jam.id)) as { userId: number; data: string }[];
    expect(audit.map((a) => ({ userId: a.userId, data: JSON.parse(a.data) }))).toEqual([
      { userId: expect.any(Number), data: { from: 5_000, to: 5_500, documentId: r.id } },
    ]);
    expect(audit[0]!.userId).not.toBe(1);
  });
});

describe('returns to the supplier', () => {
  it('a receipt and a supplier return each post and reverse; on-hand equals the sum of movements after each', async () => {
    const eggs = await product();
    const supplierId = await supplier();
    const sums = (p: number) =>
      core.db.raw
        .prepare('SELECT SUM(qty_delta) AS qty, SUM(value_delta) AS value FROM stock_movements WHERE product_id = ? AND location_id = 1')
        .get(p) as {
        qty: number;
        value: number;
      };
    const check = () => {
      expect(onHand(eggs.id)).toEqual(sums(eggs.id));
      expect(ledgerViolations(core.db)).toEqual([]);
    };
    const r = unwrap(await receipt([{ productId: eggs.id, qty: 12_000, unitCost: 1_001 }], { supplierId, invoiceNo: 'E-77' }));
    check();
    expect(onHand(eggs.id)).toEqual({ qty: 12_000, value: 12_012 });

    const back = {
      type: 'supplier_return' as const,
      uuid: uuid(),
      locationId: 1,
      supplierId,
      receiptId: r.id,
      lines: [{ productId: eggs.id, qty: 5_000 }],
    };
    expect(await refused(clerk, 'doc.post', { ...back, lines: [{ productId: eggs.id, qty: 13_000 }] })).toMatch(
      /^validation: .*brought 12000/,
    );
    expect(await refused(clerk, 'doc.post', { ...back, supplierId: await supplier() })).toMatch(
      /^validation: .* not a receipt from this supplier/,
    );
    const ret = unwrap(await clerk('doc.post', back));
    check();
    // Out at the average: 5 × 10.01 = 50.05.
    const doc = unwrap(await owner('doc.get', { id: ret.id }));
    expect(doc).toMatchObject({
      type: 'supplier_return',
      number: expect.stringMatching(/^V-\d{6}$/),
      lines: [{ qty: 5_000, costAmount: 5_005 }],
    });
    expect(onHand(eggs.id)).toEqual({ qty: 7_000, value: 7_007 });
    // Only what the receipt brought and was not sent back yet can go back against it.
    expect(await refused(clerk, 'doc.post', { ...back, uuid: uuid(), lines: [{ productId: eggs.id, qty: 8_000 }] })).toMatch(
      /already|went back/,
    );

    // The receipt cannot be cancelled while goods of it went back; the return first.
    expect(await refused(owner, 'doc.cancel', { id: r.id, uuid: uuid(), reason: 'x' })).toMatch(/^has_dependents/);
    unwrap(await owner('doc.cancel', { id: ret.id, uuid: uuid(), reason: 'supplier refused the return' }));
    check();
    expect(onHand(eggs.id)).toEqual({ qty: 12_000, value: 12_012 });
    unwrap(await owner('doc.cancel', { id: r.id, uuid: uuid(), reason: 'not ours' }));
    check();
    expect(onHand(eggs.id)).toEqual({ qty: 0, value: 0 });
  });
});

describe('markup on receipt', () => {
  it('a new cost offers the category’s markup price; apply changes exactly the previewed prices', async () => {
    const dairy = unwrap(await owner('category.upsert', { name: `Dairy ${++n}`, markupBp: 3_500, rounding: '90' }));
    const yoghurt = unwrap(await owner('category.upsert', { name: `Yoghurt ${++n}`, parentId: dairy.id }));
    const plain = await product({ categoryId: dairy.id, price: 10_000 });
    const fruit = await product({ categoryId: yoghurt.id, price: 9_990 });
    const already = await product({ categoryId: dairy.id, price: 6_790 });
    const loose_ = await product({ price: 5_000 });
    const r = unwrap(
      await receipt([
        { productId: plain.id, qty: 1_000, unitCost: 8_000 },
        { productId: fruit.id, qty: 1_000, unitCost: 7_777 },
        { productId: already.id, qty: 1_000, unitCost: 5_030 },
        { productId: loose_.id, qty: 1_000, unitCost: 4_000 },
      ]),
    );
    const preview = unwrap(await owner('price.markupPreview', { receiptId: r.id }));
    // 80.00 × 1.35 = 108.00 → 107.90; 77.77 × 1.35 = 104.99 (the parent's rule) → 104.90; 50.30 × 1.35 = 67.905 → 67.91 → 67.90.
    expect(preview.changes).toEqual([
      { productId: plain.id, sku: plain.sku, name: plain.name, cost: 8_000, markupBp: 3_500, from: 10_000, to: 10_790 },
      { productId: fruit.id, sku: fruit.sku, name: fruit.name, cost: 7_777, markupBp: 3_500, from: 9_990, to: 10_490 },
    ]);
    expect(preview.unchanged).toBe(2);
    expect(await refused(cashier, 'price.markupPreview', { receiptId: r.id })).toMatch(/^forbidden/);

    // A price changed since the preview: the token no longer names what applying would do.
    unwrap(
      await owner('catalog.upsert', {
        id: fruit.id,
        sku: fruit.sku,
        name: fruit.name,
        unit: 'pcs',
        price: 9_999,
        taxRateBp: 2000,
        categoryId: yoghurt.id,
      }),
    );
    expect(await refused(owner, 'price.markupApply', { receiptId: r.id, token: preview.token })).toMatch(/^invalid_state: prices changed/);

    const again = unwrap(await owner('price.markupPreview', { receiptId: r.id }));
    const prices = () =>
      Object.fromEntries(
        (core.db.raw.prepare('SELECT id, price FROM products ORDER BY id').all() as { id: number; price: number }[]).map((p) => [
          p.id,
          p.price,
        ]),
      );
    const before = prices();
    expect(unwrap(await owner('price.markupApply', { receiptId: r.id, token: again.token }))).toEqual({ changed: 2 });
    const after = prices();
    expect(after).toEqual({ ...before, ...Object.fromEntries(again.changes.map((c) => [c.productId, c.to])) });
    const audit = core.db.raw
      .prepare(
        `SELECT action, entity_id AS entityId, user_id AS userId FROM audit_log WHERE action IN ('price.change', 'price.markup') ORDER BY id DESC LIMIT 3`,
      )
      .all() as { action: string; entityId: string; userId: number }[];
    expect(audit.reverse()).toEqual([
      { action: 'price.change', entityId: String(plain.id), userId: 1 },
      { action: 'price.change', entityId: String(fruit.id), userId: 1 },
      { action: 'price.markup', entityId: again.token.slice(0, 16), userId: 1 },
    ]);
    expect(unwrap(await owner('price.markupPreview', { receiptId: r.id })).changes).toEqual([]);
  });
});

describe('who may', () => {
  it('a cashier cannot create an order or receive; a stock clerk receives but does not order', async () => {
    const milk = await product();
    const order = await sentOrder([{ productId: milk.id, qty: 1_000, unitCost: 100 }]);
    const create = { uuid: uuid(), supplierId: order.supplierId, lines: [{ productId: milk.id, qty: 1_000 }] };
    const goodsIn = {
      type: 'receipt' as const,
      uuid: uuid(),
      locationId: 1,
      orderId: order.id,
      lines: [{ productId: milk.id, qty: 1_000, unitCost: 100 }],
    };
    expect(await refused(cashier, 'purchase.create', create)).toMatch(/^forbidden/);
    expect(await refused(cashier, 'doc.post', goodsIn)).toMatch(/^forbidden/);
    expect(await refused(cashier, 'purchase.receiveDraft', { id: order.id, uuid: uuid() })).toMatch(/^forbidden/);
    expect(
      await refused(cashier, 'doc.post', {
        type: 'supplier_return',
        uuid: uuid(),
        locationId: 1,
        supplierId: order.supplierId,
        lines: [{ productId: milk.id, qty: 1_000 }],
      }),
    ).toMatch(/^forbidden/);
    expect(await refused(clerk, 'purchase.create', create)).toMatch(/^forbidden/);
    expect(await refused(clerk, 'purchase.close', { id: order.id })).toMatch(/^forbidden/);
    unwrap(await clerk('doc.post', goodsIn));
  });
});
