/** Write-offs with reasons, transfers through transit, the negative stock policy, movement history and reorder. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import type { Doc, LocationStock, PostResult } from '../core/contract/api';
import { purchaseFromReorder } from '../core/contract/reorder-order';
import { ledgerViolations } from '../db/queries/stock';
import { as, loose, openShift, testCore, unwrap, uuid } from './helpers';

let core: ReturnType<typeof testCore>;
let owner: Caller;
let back = 0;
let n = 0;

beforeAll(async () => {
  core = testCore();
  openShift(core);
  owner = await as(core, 'owner');
  back = unwrap(await owner('location.create', { name: 'Back room', kind: 'warehouse' })).id;
});
afterAll(() => core.cleanup());
// On hand equals the sum of the movements after every test, whatever it did.
afterEach(() => expect(ledgerViolations(core.db)).toEqual([]));

const ledgerRows = () =>
  core.db.raw
    .prepare(
      `SELECT (SELECT count(*) FROM documents) d, (SELECT count(*) FROM document_lines) l, (SELECT count(*) FROM stock_movements) m,
              (SELECT count(*) FROM on_hand) o, (SELECT count(*) FROM audit_log) a`,
    )
    .get();

/** The error code of a call that must be refused, checking it wrote nothing. */
async function refused(method: string, input: unknown): Promise<string> {
  const before = ledgerRows();
  const r = await loose(owner)(method, input);
  expect(ledgerRows(), `${method} refused writes nothing`).toEqual(before);
  return r.ok ? 'ok' : r.error.code;
}

/** A new piece product with a cost of 100.00 and `qty` pieces received at the shop floor (location 1). */
async function product(qty: number, extra: Record<string, unknown> = {}): Promise<number> {
  const p = unwrap(
    await owner('catalog.upsert', {
      sku: `SD-${++n}`,
      name: `Stock item ${n}`,
      unit: 'pcs',
      price: 15_000,
      cost: 10_000,
      taxRateBp: 0,
      ...extra,
    }),
  );
  if (qty > 0)
    unwrap(await owner('doc.post', { type: 'receipt', uuid: uuid(), locationId: 1, lines: [{ productId: p.id, qty, unitCost: 10_000 }] }));
  return p.id;
}

const at = async (productId: number): Promise<Record<string, number>> =>
  Object.fromEntries(
    unwrap(await owner('stock.byLocation', { productId })).map((r: LocationStock) => [
      r.kind === 'transit' ? 'transit' : r.locationId,
      r.qty,
    ]),
  );
const post = async (input: Parameters<Caller>[1]): Promise<PostResult> => unwrap(await owner('doc.post', input as never));
const getDoc = async (id: number): Promise<Doc> => unwrap(await owner('doc.get', { id }));
const setPolicy = async (negativeStock: 'allow' | 'block') => unwrap(await owner('settings.set', { negativeStock }));

describe('write-offs', () => {
  it('write off damaged goods with a reason: each line keeps its reason and leaves at the current cost', async () => {
    const cup = await product(10_000);
    const w = await post({
      type: 'writeoff',
      uuid: uuid(),
      locationId: 1,
      reason: 'damaged',
      note: 'dropped a crate',
      lines: [
        { productId: cup, qty: 2000 },
        { productId: cup, qty: 1000, reason: 'expired' },
      ],
    });
    const doc = await getDoc(w.id);
    expect(doc.lines.map((l) => [l.reason, l.qty, l.costAmount])).toEqual([
      ['damaged', 2000, 20_000],
      ['expired', 1000, 10_000],
    ]);
    expect((await at(cup))[1]).toBe(7000);
    const history = unwrap(await owner('stock.movements', { productId: cup }));
    expect(history.rows[0]).toMatchObject({
      documentId: w.id,
      docType: 'writeoff',
      reason: 'expired',
      qtyDelta: -1000,
      balanceAfter: 7000,
    });

    expect(
      await refused('doc.post', { type: 'writeoff', uuid: uuid(), locationId: 1, reason: 'lost', lines: [{ productId: cup, qty: 1000 }] }),
    ).toBe('validation');
    unwrap(await owner('doc.cancel', { id: w.id, uuid: uuid(), reason: 'found them' }));
    expect((await at(cup))[1]).toBe(10_000);
  });

  it('an archived product is not written off or transferred', async () => {
    const old = await product(3000);
    const p = unwrap(await owner('catalog.get', { id: old }));
    unwrap(await owner('catalog.upsert', { id: old, sku: p.sku, name: p.name, unit: 'pcs', price: p.price, taxRateBp: 0, active: false }));
    const line = [{ productId: old, qty: 1000 }];
    expect(await refused('doc.post', { type: 'writeoff', uuid: uuid(), locationId: 1, reason: 'expired', lines: line })).toBe(
      'product_inactive',
    );
    expect(await refused('doc.post', { type: 'transfer', uuid: uuid(), locationId: 1, toLocationId: back, lines: line })).toBe(
      'product_inactive',
    );
  });
});

describe('transfers', () => {
  it('a transfer is in transit until received; a short receipt records the difference', async () => {
    const jar = await product(10_000);
    const t = await post({ type: 'transfer', uuid: uuid(), locationId: 1, toLocationId: back, lines: [{ productId: jar, qty: 6000 }] });
    // Sent: off the shop floor, not yet on the back room's shelf.
    expect(await at(jar)).toMatchObject({ 1: 4000, [back]: 0, transit: 6000 });
    const open = unwrap(await owner('transfer.inTransit', {})).find((x) => x.id === t.id)!;
    expect(open).toMatchObject({ number: t.number, fromLocationId: 1, toLocationId: back });
    expect(open.lines).toEqual([expect.objectContaining({ productId: jar, qty: 6000, costAmount: 60_000 })]);

    // Five of the six arrive.
    const r = unwrap(
      await owner('transfer.receive', {
        transferId: t.id,
        uuid: uuid(),
        lines: [{ lineId: open.lines[0]!.lineId, qty: 5000 }],
        note: 'one jar broken',
      }),
    );
    expect(await at(jar)).toMatchObject({ 1: 4000, [back]: 5000 });
    expect((await at(jar)).transit ?? 0).toBe(0);
    const receipt = await getDoc(r.id);
    expect(receipt).toMatchObject({ type: 'transfer_in', baseDocumentId: t.id, locationId: back, note: 'one jar broken' });
    // The receipt's line stands against the transfer's: 5 of 6 arrived at their share of the cost, 1 (100.00) was lost.
    const sent = (await getDoc(t.id)).lines[0]!;
    expect(receipt.lines[0]).toMatchObject({ baseLineId: sent.id, qty: 5000, costAmount: 50_000 });
    expect(sent.qty - receipt.lines[0]!.qty).toBe(1000);
    expect(sent.costAmount - receipt.lines[0]!.costAmount).toBe(10_000);
    expect(unwrap(await owner('transfer.inTransit', {})).some((x) => x.id === t.id)).toBe(false);

    expect(await refused('transfer.receive', { transferId: t.id, uuid: uuid() })).toBe('invalid_state');
    expect(await refused('doc.cancel', { id: t.id, uuid: uuid(), reason: 'mistake' })).toBe('has_dependents');

    // Reversals by cancel: the receipt's cancel puts the goods back in transit, the transfer's back on the floor.
    unwrap(await owner('doc.cancel', { id: r.id, uuid: uuid(), reason: 'counted wrong' }));
    expect(await at(jar)).toMatchObject({ 1: 4000, [back]: 0, transit: 6000 });
    unwrap(await owner('doc.cancel', { id: t.id, uuid: uuid(), reason: 'not needed' }));
    expect(await at(jar)).toMatchObject({ 1: 10_000, [back]: 0 });
    expect((await at(jar)).transit ?? 0).toBe(0);
  });

  it('received in full when no lines are given; receiving more than was sent is refused', async () => {
    const box = await product(4000);
    const t = await post({ type: 'transfer', uuid: uuid(), locationId: 1, toLocationId: back, lines: [{ productId: box, qty: 3000 }] });
    const lineId = (await getDoc(t.id)).lines[0]!.id;
    expect(await refused('transfer.receive', { transferId: t.id, uuid: uuid(), lines: [{ lineId, qty: 4000 }] })).toBe('validation');
    unwrap(await owner('transfer.receive', { transferId: t.id, uuid: uuid() }));
    expect(await at(box)).toMatchObject({ 1: 1000, [back]: 3000 });
  });

  it('transfer to the same location is refused', async () => {
    const tin = await product(2000);
    const lines = [{ productId: tin, qty: 1000 }];
    expect(await refused('doc.post', { type: 'transfer', uuid: uuid(), locationId: back, toLocationId: back, lines })).toBe(
      'same_location',
    );
    expect(await refused('draft.create', { uuid: uuid(), type: 'transfer', locationId: 1, toLocationId: 1, lines })).toBe('same_location');
  });
});

describe('negative stock policy', () => {
  afterEach(() => setPolicy('allow'));

  it('under block, a sale or write-off beyond on-hand is refused and changes nothing; under allow it posts and shows in the negative report with its document', async () => {
    const last = await product(1000);
    await setPolicy('block');
    const sale = (qty: number) => ({ uuid: uuid(), lines: [{ productId: last, qty }], payments: [{ method: 'cash', amount: 100_000 }] });
    expect(await refused('sale.post', sale(2000))).toBe('insufficient_stock');
    expect(
      await refused('doc.post', {
        type: 'writeoff',
        uuid: uuid(),
        locationId: 1,
        reason: 'theft',
        lines: [{ productId: last, qty: 2000 }],
      }),
    ).toBe('insufficient_stock');
    expect(
      await refused('doc.post', {
        type: 'transfer',
        uuid: uuid(),
        locationId: 1,
        toLocationId: back,
        lines: [{ productId: last, qty: 2000 }],
      }),
    ).toBe('insufficient_stock');
    // The till sells the last unit once, through the cart as well, and not twice.
    const cart = unwrap(await owner('cart.current', {}));
    unwrap(await owner('cart.add', { cartId: cart.id, productId: last, qty: 1000 }));
    unwrap(await owner('cart.pay', { cartId: cart.id, uuid: uuid(), payments: [{ method: 'cash', amount: 15_000 }] }));
    expect(await refused('sale.post', sale(1000))).toBe('insufficient_stock');
    expect((await at(last))[1]).toBe(0);

    await setPolicy('allow');
    const sold = unwrap(await owner('sale.post', sale(2000) as never));
    expect((await at(last))[1]).toBe(-2000);
    const report = unwrap(await owner('report.negativeStock', { filters: { productId: last } }));
    expect(report.rows).toEqual([
      expect.objectContaining({
        productId: last,
        locationId: 1,
        documentId: sold.id,
        docType: 'sale',
        docNumber: sold.number,
        qtyAfter: -2000,
        onHandNow: -2000,
      }),
    ]);
    // Back to zero and below again: a second moment, newest first.
    unwrap(
      await owner('doc.post', { type: 'receipt', uuid: uuid(), locationId: 1, lines: [{ productId: last, qty: 2000, unitCost: 10_000 }] }),
    );
    const w = await post({ type: 'writeoff', uuid: uuid(), locationId: 1, reason: 'own_use', lines: [{ productId: last, qty: 1000 }] });
    const again = unwrap(await owner('report.negativeStock', { filters: { productId: last } }));
    expect(again.rows.map((r) => [r.documentId, r.qtyAfter])).toEqual([
      [w.id, -1000],
      [sold.id, -2000],
    ]);
    expect(unwrap(await owner('report.negativeStock', { limit: 1, filters: { productId: last } })).nextCursor).not.toBeNull();
  });
});

describe('the till warns before stock goes below zero', () => {
  afterEach(() => setPolicy('allow'));
  const cartWith = async (productId: number, qty: number) => {
    const cart = unwrap(await owner('cart.current', {}));
    return unwrap(await owner('cart.add', { cartId: cart.id, productId, qty }));
  };
  const pay = async (cartId: number) => loose(owner)('cart.pay', { cartId, uuid: uuid(), payments: [{ method: 'cash', amount: 100_000 }] });

  it('under allow, the cart names the item the sale takes below zero, the sale posts and the negative report names it', async () => {
    const jam = await product(1000);
    const one = await cartWith(jam, 1000);
    expect(one.shortages).toEqual([]);
    // The second jar is one more than the shelf holds: the answer to that scan carries the warning.
    const two = await cartWith(jam, 1000);
    expect(two.shortages).toEqual([{ productId: jam, name: expect.any(String), unit: 'pcs', onHand: 1000, inCart: 2000 }]);
    const sold = await pay(two.id);
    expect(sold.ok).toBe(true);
    const sale = sold.ok ? (sold.value as PostResult) : null;
    expect((await at(jam))[1]).toBe(-1000);
    const report = unwrap(await owner('report.negativeStock', { filters: { productId: jam } }));
    expect(report.rows.map((r) => [r.docType, r.docNumber, r.qtyAfter])).toEqual([['sale', sale!.number, -1000]]);
    // Once below zero, any jar at all is a warning.
    expect((await cartWith(jam, 1000)).shortages).toMatchObject([{ productId: jam, onHand: -1000, inCart: 1000 }]);
    unwrap(await owner('cart.clear', { cartId: unwrap(await owner('cart.current', {})).id }));
  });

  it('under block, the till sells the last unit once: the second sale warns and its payment is refused, nothing written', async () => {
    const honey = await product(1000);
    await setPolicy('block');
    const first = await cartWith(honey, 1000);
    expect(first.shortages).toEqual([]);
    expect((await pay(first.id)).ok).toBe(true);
    const second = await cartWith(honey, 1000);
    expect(second.shortages).toMatchObject([{ productId: honey, onHand: 0, inCart: 1000 }]);
    const before = ledgerRows();
    const r = await pay(second.id);
    expect(r.ok ? 'ok' : r.error.code).toBe('insufficient_stock');
    expect(ledgerRows()).toEqual(before);
    expect((await at(honey))[1]).toBe(0);
    unwrap(await owner('cart.clear', { cartId: second.id }));
  });
});

describe('movement history', () => {
  it('movement history shows every movement with its document, page by page, with the balance each left', async () => {
    const tea = await product(5000);
    const posted: PostResult[] = [];
    posted.push(
      unwrap(
        await owner('sale.post', { uuid: uuid(), lines: [{ productId: tea, qty: 1000 }], payments: [{ method: 'cash', amount: 15_000 }] }),
      ),
    );
    posted.push(await post({ type: 'writeoff', uuid: uuid(), locationId: 1, reason: 'damaged', lines: [{ productId: tea, qty: 1000 }] }));
    posted.push(await post({ type: 'transfer', uuid: uuid(), locationId: 1, toLocationId: back, lines: [{ productId: tea, qty: 2000 }] }));
    posted.push(unwrap(await owner('transfer.receive', { transferId: posted[2]!.id, uuid: uuid() })));

    const rows = [];
    let cursor: { key: string | number; id: number } | undefined;
    for (;;) {
      const page = unwrap(await owner('stock.movements', { productId: tea, limit: 2, ...(cursor ? { cursor } : {}) }));
      rows.push(...page.rows);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    // receipt, sale, write-off, transfer (out + into transit), receipt of the transfer (out of transit + in): 7.
    expect(rows).toHaveLength(7);
    expect(new Set(rows.map((r) => r.documentId))).toEqual(new Set([...posted.map((p) => p.id), rows[rows.length - 1]!.documentId]));
    expect(rows.every((r) => r.authorName.length > 0 && r.docNumber.length > 0)).toBe(true);
    // Over every location the balance runs from 0 to on hand now (the transfer only moves it between places).
    expect(rows[0]!.balanceAfter).toBe(3000);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.balanceAfter).toBe(rows[i - 1]!.balanceAfter - rows[i - 1]!.qtyDelta);
    expect(rows[rows.length - 1]!.balanceAfter - rows[rows.length - 1]!.qtyDelta).toBe(0);

    const backRoom = unwrap(await owner('stock.movements', { productId: tea, locationId: back }));
    expect(backRoom.rows).toEqual([
      expect.objectContaining({ docType: 'transfer_in', documentId: posted[3]!.id, qtyDelta: 2000, balanceAfter: 2000 }),
    ]);
    expect(backRoom.count).toBe(1);
  });
});

describe('reorder', () => {
  it('reorder suggests up to max grouped by supplier, rounded to pack size', async () => {
    const farm = unwrap(await owner('supplier.upsert', { name: 'Farm Co', leadTimeDays: 10 })).id;
    const mill = unwrap(await owner('supplier.upsert', { name: 'Mill Ltd' })).id;
    // 3 on hand, min 5, max 20, packs of 6: 17 needed, 18 ordered.
    const milk = await product(3000, { minStock: 5000, maxStock: 20_000, packQty: 6000, supplierId: farm });
    // 0 on hand, min 2, no max: up to the minimum, single units.
    const eggs = await product(0, { minStock: 2000, supplierId: farm });
    // At its minimum: not below, not suggested.
    await product(4000, { minStock: 4000, maxStock: 10_000, supplierId: mill });
    const flour = await product(1000, { minStock: 2000, maxStock: 5000, packQty: 10_000, supplierId: mill });
    const loose_ = await product(0, { minStock: 1000, maxStock: 3000 });

    const s = unwrap(await owner('reorder.suggest', {}));
    const mine = (ids: number[]) =>
      s.groups
        .map((g) => ({
          supplierId: g.supplierId,
          // By id here: the method orders by name, where "item 10" comes before "item 9".
          lines: g.lines
            .filter((l) => ids.includes(l.productId))
            .map((l) => [l.productId, l.qty, l.amount])
            .sort((a, b) => a[0]! - b[0]!),
        }))
        .filter((g) => g.lines.length > 0);
    expect(mine([milk, eggs, flour, loose_])).toEqual([
      {
        supplierId: farm,
        lines: [
          [milk, 18_000, 180_000],
          [eggs, 2000, 20_000],
        ],
      },
      { supplierId: mill, lines: [[flour, 10_000, 100_000]] },
      { supplierId: null, lines: [[loose_, 3000, 30_000]] },
    ]);
    const farmGroup = s.groups.find((g) => g.supplierId === farm)!;
    expect(farmGroup).toMatchObject({ supplierName: 'Farm Co', leadTimeDays: 10 });
    expect(farmGroup.total).toBe(farmGroup.lines.reduce((t, l) => t + l.amount, 0));
  });

  it('by sales velocity: the minimum plus the lead time at the period pace, in whole packs', async () => {
    const fresh = unwrap(await owner('supplier.upsert', { name: 'Velocity Foods', leadTimeDays: 7 })).id;
    const bread = await product(30_000, { minStock: 3000, packQty: 4000, supplierId: fresh });
    // 28 sold (and 1 returned-by-cancel nets out) over 28 days: 1 a day; 7 days of lead time: 7; plus the minimum 3: 10.
    for (let i = 0; i < 4; i++)
      unwrap(
        await owner('sale.post', {
          uuid: uuid(),
          lines: [{ productId: bread, qty: 7000 }],
          payments: [{ method: 'cash', amount: 105_000 }],
        }),
      );
    const extra = unwrap(
      await owner('sale.post', { uuid: uuid(), lines: [{ productId: bread, qty: 1000 }], payments: [{ method: 'cash', amount: 15_000 }] }),
    );
    unwrap(await owner('doc.cancel', { id: extra.id, uuid: uuid(), reason: 'rang twice' }));
    // 30 - 28 = 2 on hand, under the minimum of 3: need 10 - 2 = 8, two packs of 4.
    const s = unwrap(await owner('reorder.suggest', { basis: 'velocity', days: 28 }));
    const line = s.groups.find((g) => g.supplierId === fresh)!.lines.find((l) => l.productId === bread)!;
    expect(line).toMatchObject({ onHand: 2000, soldInPeriod: 28_000, qty: 8000 });
  });
});

describe('reorder to purchase order', () => {
  it('on a known sales history the suggestion is the hand calculation, and one click makes it a purchase order with those lines', async () => {
    const dairy = unwrap(await owner('supplier.upsert', { name: 'Hand Calc Dairy', leadTimeDays: 5 })).id;
    const sell = async (productId: number, qty: number) =>
      unwrap(await owner('sale.post', { uuid: uuid(), lines: [{ productId, qty }], payments: [{ method: 'cash', amount: 1_000_000 }] }));
    // Kefir: 20 in, 6 + 4 + 5 sold = 15 over the 10-day period, 5 left, under its min of 6; packs of 3, cost 100.00.
    const kefir = await product(20_000, { minStock: 6000, packQty: 3000, supplierId: dairy });
    for (const q of [6000, 4000, 5000]) await sell(kefir, q);
    // Butter: 9 in, 8 sold, 1 left; min 2, single units.
    const butter = await product(9000, { minStock: 2000, supplierId: dairy });
    await sell(butter, 8000);
    // Cream: 10 in, 1 sold, 9 left, not under its min of 2: not suggested.
    const cream = await product(10_000, { minStock: 2000, supplierId: dairy });
    await sell(cream, 1000);

    const days = 10;
    const lead = 5;
    // By hand, for items under their minimum: target = min + sold × lead / days (rounded up to the thousandth);
    // order = target - on hand, rounded up to whole packs (whole pieces without a pack).
    const kefirTarget = 6000 + Math.ceil((15_000 * lead) / days); // 6 + 7.5 = 13.5
    const kefirQty = Math.ceil((kefirTarget - 5000) / 3000) * 3000; // 8.5 → 3 packs of 3: 9
    const butterQty = 2000 + Math.ceil((8000 * lead) / days) - 1000; // 2 + 4 - 1 = 5
    expect([kefirQty, butterQty]).toEqual([9000, 5000]);

    const s = unwrap(await owner('reorder.suggest', { basis: 'velocity', days }));
    const group = s.groups.find((g) => g.supplierId === dairy)!;
    expect(group.lines.map((l) => [l.productId, l.onHand, l.soldInPeriod, l.qty]).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [kefir, 5000, 15_000, kefirQty],
      [butter, 1000, 8000, butterQty],
    ]);
    expect(group.lines.some((l) => l.productId === cream)).toBe(false);

    // The screen's button: the group as purchase.create's input, the one way an order is made.
    const input = purchaseFromReorder(group, { uuid: uuid() })!;
    const po = unwrap(await owner('purchase.create', input));
    expect(po).toMatchObject({ supplierId: dairy, status: 'draft' });
    expect(po.lines.map((l) => [l.productId, l.qty, l.unitCost]).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [kefir, kefirQty, 10_000],
      [butter, butterQty, 10_000],
    ]);
    // A second click is the same order, not another.
    expect(unwrap(await owner('purchase.create', input)).id).toBe(po.id);
    // Products without a main supplier have no one to order from.
    expect(purchaseFromReorder({ ...group, supplierId: null }, { uuid: uuid() })).toBeNull();
  });
});

describe('locations', () => {
  it('the owner creates and renames a location; one holding stock cannot be closed; a clerk may not manage them', async () => {
    const shed = unwrap(await owner('location.create', { name: 'Shed' }));
    expect(unwrap(await owner('location.update', { id: shed.id, name: 'Garden shed' }))).toMatchObject({
      name: 'Garden shed',
      active: true,
    });
    expect(await refused('location.create', { name: 'Garden shed' })).toBe('duplicate');
    const nail = await product(2000);
    const t = await post({ type: 'transfer', uuid: uuid(), locationId: 1, toLocationId: shed.id, lines: [{ productId: nail, qty: 1000 }] });
    unwrap(await owner('transfer.receive', { transferId: t.id, uuid: uuid() }));
    expect(await refused('location.update', { id: shed.id, active: false })).toBe('invalid_state');
    const all = unwrap(await owner('location.all', {}));
    expect(all.map((l) => l.name)).toContain('Garden shed');
    // The transit location is the system's: never listed, never chosen.
    expect(unwrap(await owner('locations.list', {})).some((l) => (l.kind as string) === 'transit')).toBe(false);
    const cashier = await as(core, 'cashier');
    expect((await loose(cashier)('location.create', { name: 'Mine' })).ok).toBe(false);
  });
});
