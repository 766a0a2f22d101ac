// Stock counts while the shop keeps trading: each item's book is taken when it is first counted, so what the till
// sells or takes back afterwards is not counted twice; scans from several devices add up; a blind count keeps the
// expected figures from the cashier; posting moves stock once, through the one posting path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { getOnHand, ledgerViolations } from '../db/queries/stock';
import { barcodesOf, getProduct } from '../db/queries/products';
import { as, loose, openShift, testCore, unwrap, uuid } from './helpers';
import { readXlsx } from './export-kit';

let core: ReturnType<typeof testCore>;
let owner: Caller;
let cashier: Caller;
let manager: Caller;

const onHand = (productId: number) => getOnHand(core.db, productId, 1).qty;
const rows = (table: string) => (core.db.raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
/** A piece-counted product of the demo shop with a barcode, n from the start of the catalog. */
const pieces: number[] = [];
const code = (productId: number) => barcodesOf(core.db, productId)[0]!;

async function receive(productId: number, qty: number) {
  unwrap(await owner('doc.post', { type: 'receipt', uuid: uuid(), locationId: 1, lines: [{ productId, qty, unitCost: 5000 }] }));
}
async function sell(who: Caller, productId: number, qty: number) {
  return unwrap(await who('sale.post', { uuid: uuid(), lines: [{ productId, qty }], payments: [{ method: 'cash', amount: 10_000_000 }] }));
}
async function newCount(extra: Record<string, unknown> = {}) {
  return unwrap(await owner('count.create', { uuid: uuid(), ...extra }));
}

beforeAll(async () => {
  core = testCore();
  owner = await as(core, 'owner');
  cashier = await as(core, 'cashier');
  manager = await as(core, 'manager');
  openShift(core);
  const ids = core.db.raw
    .prepare(
      `SELECT p.id FROM products p WHERE p.unit = 'pcs' AND p.active = 1 AND EXISTS (SELECT 1 FROM barcodes b WHERE b.product_id = p.id) ORDER BY p.id LIMIT 40`,
    )
    .all() as { id: number }[];
  pieces.push(...ids.map((r) => r.id));
  for (const p of pieces.slice(0, 12)) await receive(p, 20_000);
});
afterAll(() => core?.cleanup());

describe('counting while the shop trades', () => {
  it('count while trading: a sale after an item was counted is not counted twice', async () => {
    const [milk, bread] = [pieces[0]!, pieces[1]!];
    const c = await newCount();
    const book = onHand(milk);
    // The shelf holds two less than the books say when the item is counted.
    const scan = unwrap(await cashier('count.scan', { id: c.id, code: code(milk), qty: book - 2000, device: 'phone-1' }));
    expect(scan.line).toMatchObject({
      productId: milk,
      countedQty: book - 2000,
      bookQty: book,
      device: 'phone-1',
      countedBy: 'Ivan (cashier)',
    });
    // The till keeps selling: one milk after it was counted, then bread before bread is counted.
    await sell(cashier, milk, 1000);
    await sell(cashier, bread, 3000);
    const breadBook = onHand(bread);
    unwrap(await cashier('count.scan', { id: c.id, code: code(bread), qty: breadBook }));
    const variance = unwrap(await owner('count.variance', { id: c.id }));
    expect(variance.lines.find((l) => l.productId === milk)).toMatchObject({ countedQty: book - 2000, bookQty: book, qty: -2000 });
    expect(variance.lines.find((l) => l.productId === bread)).toMatchObject({ qty: 0 });

    const posted = unwrap(await owner('count.post', { id: c.id }));
    const doc = unwrap(await owner('doc.get', { id: posted.id }));
    // Exactly the two missing at the time of counting: not three (the sale is not a shortage).
    expect(doc.lines.find((l) => l.productId === milk)).toMatchObject({ qty: -2000 });
    expect(doc.lines.find((l) => l.productId === bread)).toMatchObject({ qty: 0 });
    // On hand is what was counted less what was sold after it was counted.
    expect(onHand(milk)).toBe(book - 2000 - 1000);
    expect(onHand(bread)).toBe(breadBook);
    expect(posted).toMatchObject({ itemsCounted: 2, itemsMatched: 1, accuracyBp: 5000 });
    expect(ledgerViolations(core.db)).toEqual([]);
  });

  it('the same with a return during the count: the returned item is on the shelf and on the books', async () => {
    const kefir = pieces[2]!;
    const c = await newCount();
    const book = onHand(kefir);
    unwrap(await cashier('count.scan', { id: c.id, productId: kefir, qty: book + 1000 }));
    const sale = await sell(cashier, kefir, 2000);
    const saleDoc = unwrap(await owner('doc.get', { id: sale.id }));
    unwrap(
      await cashier('return.post', {
        kind: 'receipt',
        uuid: uuid(),
        saleId: sale.id,
        lines: [{ saleLineId: saleDoc.lines[0]!.id, qty: 1000 }],
      }),
    );
    const posted = unwrap(await owner('count.post', { id: c.id }));
    const doc = unwrap(await owner('doc.get', { id: posted.id }));
    expect(doc.lines[0]).toMatchObject({ productId: kefir, qty: 1000 });
    expect(onHand(kefir)).toBe(book + 1000 - 2000 + 1000);
    expect(ledgerViolations(core.db)).toEqual([]);
  });

  it('a recount replaces or adds as chosen, and is never implied', async () => {
    const tea = pieces[3]!;
    const c = await newCount();
    unwrap(await cashier('count.scan', { id: c.id, productId: tea, qty: 3000 }));
    const again = await cashier('count.scan', { id: c.id, productId: tea, qty: 3000 });
    expect(again).toMatchObject({ ok: false, error: { code: 'duplicate' } });
    expect(unwrap(await cashier('count.scan', { id: c.id, productId: tea, qty: 2000, recount: 'add' })).line).toMatchObject({
      countedQty: 5000,
      scans: 2,
    });
    // Sold meanwhile, then counted afresh: the replace takes the book of its own moment.
    await sell(cashier, tea, 1000);
    const r = unwrap(await manager('count.scan', { id: c.id, productId: tea, qty: 4000, recount: 'replace' }));
    expect(r.line).toMatchObject({ countedQty: 4000, bookQty: onHand(tea), scans: 3, countedBy: 'Sergey (manager)' });
    const book = onHand(tea);
    unwrap(await owner('count.post', { id: c.id }));
    expect(onHand(tea)).toBe(4000);
    expect(unwrap(await owner('doc.get', { id: unwrap(await owner('count.get', { id: c.id })).documentId! })).lines[0]).toMatchObject({
      qty: 4000 - book,
    });
  });

  it('two devices scan at once and their scans add up', async () => {
    const [a, b] = [pieces[4]!, pieces[5]!];
    const c = await newCount();
    const audits = rows('audit_log');
    const scans = (who: Caller, device: string) =>
      Array.from({ length: 15 }, (_, i) => who('count.scan', { id: c.id, code: code(i % 3 === 0 ? b : a), recount: 'add', device }));
    const results = await Promise.all([...scans(cashier, 'phone'), ...scans(manager, 'tablet')]);
    for (const r of results) expect(r.ok, JSON.stringify(r)).toBe(true);
    const view = unwrap(await owner('count.get', { id: c.id }));
    expect(view.lines.find((l) => l.productId === a)?.countedQty).toBe(20_000);
    expect(view.lines.find((l) => l.productId === b)?.countedQty).toBe(10_000);
    expect(view.progress.counted).toBe(2);
    expect(rows('audit_log') - audits).toBe(30);
    unwrap(await owner('count.cancel', { id: c.id }));
  });

  it('blind count hides expected from the cashier, who may scan but neither see the variance nor post', async () => {
    const salt = pieces[6]!;
    const c = await newCount({ blind: true });
    const scan = unwrap(await cashier('count.scan', { id: c.id, productId: salt, qty: 1000 }));
    expect(scan.line.bookQty).toBeNull();
    const seen = unwrap(await cashier('count.get', { id: c.id }));
    expect(seen.expectedHidden).toBe(true);
    expect(seen.lines.map((l) => l.bookQty)).toEqual([null]);
    // Not on the wire either: the book figure appears nowhere in what the cashier receives.
    expect(JSON.stringify(seen)).not.toContain(String(onHand(salt)));
    expect(await cashier('count.variance', { id: c.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await cashier('count.export', { id: c.id, what: 'variance' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await cashier('count.post', { id: c.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The count sheet the cashier exports has no book column; the manager's has.
    const sheet = unwrap(await cashier('count.export', { id: c.id, what: 'sheet' }));
    const header = readXlsx(sheet.file).sheets[1]!.rows[0]!.map((x) => x.v);
    expect(header).not.toContain('По учёту');
    expect(header).not.toContain('Book');
    expect(unwrap(await manager('count.get', { id: c.id })).lines[0]!.bookQty).toBe(onHand(salt));
    unwrap(await owner('count.cancel', { id: c.id }));
  });

  it('a count posted twice is refused and changes nothing', async () => {
    const c = await newCount();
    unwrap(await cashier('count.scan', { id: c.id, productId: pieces[7]!, qty: 1000 }));
    unwrap(await owner('count.post', { id: c.id }));
    const before = ['documents', 'document_lines', 'stock_movements', 'on_hand', 'audit_log', 'count_lines'].map(rows);
    const again = await owner('count.post', { id: c.id });
    expect(again).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    if (!again.ok) expect(again.error.message).toMatch(/already posted as/);
    expect(await cashier('count.scan', { id: c.id, productId: pieces[8]!, qty: 1000 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    expect(['documents', 'document_lines', 'stock_movements', 'on_hand', 'audit_log', 'count_lines'].map(rows)).toEqual(before);
  });

  it('an unknown code is refused and named; an archived product is refused; nothing is added', async () => {
    const c = await newCount();
    const r = await cashier('count.scan', { id: c.id, code: '4600000000015' });
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown_barcode' } });
    if (!r.ok) expect(r.error.message).toContain('4600000000015');
    const archived = pieces[9]!;
    core.db.raw.prepare('UPDATE products SET active = 0 WHERE id = ?').run(archived);
    expect(await cashier('count.scan', { id: c.id, productId: archived })).toMatchObject({
      ok: false,
      error: { code: 'product_inactive' },
    });
    expect(await cashier('count.scan', { id: c.id, code: code(archived) })).toMatchObject({
      ok: false,
      error: { code: 'product_inactive' },
    });
    expect(await loose(cashier)('count.scan', { id: c.id })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(unwrap(await cashier('count.get', { id: c.id })).lines).toEqual([]);
    core.db.raw.prepare('UPDATE products SET active = 1 WHERE id = ?').run(archived);
    unwrap(await owner('count.cancel', { id: c.id }));
  });

  it('a full count of a category counts what it did not scan as zero and leaves other categories alone', async () => {
    // Dairy: a category with a sub-category, three products with stock and one without; the rest of the shop is outside.
    const dairy = unwrap(await owner('category.upsert', { name: 'Dairy' }));
    const cheese = unwrap(await owner('category.upsert', { name: 'Cheese', parentId: dairy.id }));
    const [counted, ...rest] = pieces.slice(17, 21) as [number, ...number[]];
    const inScope = [counted, ...rest];
    for (const [i, id] of inScope.entries())
      core.db.raw.prepare('UPDATE products SET category_id = ? WHERE id = ?').run(i % 2 ? cheese.id : dairy.id, id);
    unwrap(
      await owner('doc.post', { type: 'writeoff', uuid: uuid(), locationId: 1, lines: [{ productId: rest[2]!, qty: onHand(rest[2]!) }] }),
    );
    const p = { id: counted, categoryId: dairy.id };
    const siblings = rest.map((id) => ({ id }));
    const outside = { id: pieces[21]! };
    const outsideBefore = onHand(outside.id);
    const c = await newCount({ scope: 'category', categoryId: p.categoryId, mode: 'full' });
    expect(await cashier('count.scan', { id: c.id, productId: outside.id })).toMatchObject({ ok: false, error: { code: 'validation' } });
    unwrap(await cashier('count.scan', { id: c.id, productId: p.id, qty: onHand(p.id) }));
    const view = unwrap(await owner('count.get', { id: c.id }));
    expect(view.progress).toEqual({ expected: siblings.length + 1, counted: 1 });
    const withStock = siblings.filter((s) => onHand(s.id) !== 0);
    unwrap(await owner('count.post', { id: c.id }));
    for (const s of siblings) expect(onHand(s.id), `product ${s.id}`).toBe(0);
    expect(onHand(outside.id)).toBe(outsideBefore);
    const after = unwrap(await owner('count.get', { id: c.id }));
    expect(after).toMatchObject({ status: 'posted', itemsCounted: withStock.length + 1, itemsMatched: 1 });
    expect(ledgerViolations(core.db)).toEqual([]);
  });

  it('accuracy after a count: the share of counted items whose book matched, and its trend', async () => {
    const c = await newCount();
    const items = pieces.slice(11, 15);
    for (const [i, p] of items.entries())
      unwrap(await cashier('count.scan', { id: c.id, productId: p, qty: onHand(p) + (i === 0 ? 1000 : 0) }));
    expect(unwrap(await owner('count.post', { id: c.id }))).toMatchObject({ itemsCounted: 4, itemsMatched: 3, accuracyBp: 7500 });
    const trend = unwrap(await owner('count.accuracy', {}));
    expect(trend.counts[0]).toMatchObject({ id: c.id, itemsCounted: 4, itemsMatched: 3, accuracyBp: 7500 });
    const counted = trend.counts.reduce((s, x) => s + x.itemsCounted, 0);
    const matched = trend.counts.reduce((s, x) => s + x.itemsMatched, 0);
    expect(trend.overallBp).toBe(Math.round((matched * 10000) / counted));
    expect(await cashier('count.accuracy', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('the variance exports to xlsx with its values at cost and at retail', async () => {
    const [x, y] = [pieces[15]!, pieces[16]!];
    await receive(x, 5000);
    await receive(y, 5000);
    const c = await newCount();
    unwrap(await cashier('count.scan', { id: c.id, productId: x, qty: onHand(x) - 2000 }));
    unwrap(await cashier('count.scan', { id: c.id, productId: y, qty: onHand(y) + 1000 }));
    const v = unwrap(await owner('count.variance', { id: c.id }));
    const file = unwrap(await owner('count.export', { id: c.id, what: 'variance' }));
    expect(file.rows).toBe(2);
    const data = readXlsx(file.file).sheets[1]!.rows;
    const lineX = v.lines.find((l) => l.productId === x)!;
    const px = getProduct(core.db, x)!;
    expect(lineX.retailValue).toBe(-Math.round((px.price * 2000) / 1000));
    const rowX = data.find((r) => r.some((cell) => cell.v === px.name))!;
    expect(rowX.map((cell) => cell.v)).toContain(lineX.costValue / 100);
    expect(rowX.map((cell) => cell.v)).toContain(lineX.retailValue / 100);
    // The posted figures are the previewed ones.
    unwrap(await owner('count.post', { id: c.id }));
    const posted = unwrap(await owner('count.variance', { id: c.id }));
    expect(posted.lines.map((l) => [l.productId, l.qty, l.costValue, l.retailValue])).toEqual(
      v.lines.map((l) => [l.productId, l.qty, l.costValue, l.retailValue]),
    );
    expect(posted.totals).toEqual(v.totals);
  });

  it('on-hand equals the sum of movements after every posting', () => {
    expect(ledgerViolations(core.db)).toEqual([]);
  });
});
