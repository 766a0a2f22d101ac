/** Prices in bulk: a preview of every change, then exactly that change, one audited row per product. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { changedPrice, markupPrice, roundPrice } from '../core/catalog/pricing';
import { auditCount, auditSince, dumpTables } from './db-dump';
import { as, testCore, unwrap } from './helpers';

describe('rounding a price the way shops like them', () => {
  it('to whole units, to .90 and to .99, half way up, integers throughout', () => {
    expect([12_345, 12_350, 12_349].map((p) => roundPrice(p, 'whole'))).toEqual([12_300, 12_400, 12_300]);
    expect([12_345, 12_341, 12_339, 30].map((p) => roundPrice(p, '90'))).toEqual([12_390, 12_390, 12_290, 90]);
    expect([12_345, 12_349, 12_348].map((p) => roundPrice(p, '99'))).toEqual([12_299, 12_399, 12_299]);
    expect(roundPrice(12_345, 'none')).toBe(12_345);
  });

  it('a change by percent or amount never goes below zero; a markup works from cost', () => {
    expect(changedPrice(10_000, { kind: 'percent', bp: 500 }, 'none')).toBe(10_500);
    expect(changedPrice(999, { kind: 'percent', bp: -1000 }, 'none')).toBe(899); // 899.1 rounds to 899
    expect(changedPrice(500, { kind: 'amount', minor: -1000 }, 'none')).toBe(0);
    expect(changedPrice(10_000, { kind: 'percent', bp: 500 }, '90')).toBe(10_490);
    expect(markupPrice(7_400, 3500, '99')).toBe(9_999);
  });
});

describe('a bulk price change by category', () => {
  let core: ReturnType<typeof testCore>;
  let owner: Caller;
  let cat = 0;
  const ids: number[] = [];
  beforeAll(async () => {
    core = testCore();
    owner = await as(core, 'owner');
    cat = unwrap(await owner('category.upsert', { name: 'Tea' })).id;
    const sub = unwrap(await owner('category.upsert', { name: 'Green tea', parentId: cat })).id;
    for (const [i, price] of [10_000, 12_345, 990, 49_990].entries())
      ids.push(
        unwrap(
          await owner('catalog.upsert', {
            sku: `TEA-${i}`,
            name: `Tea ${i}`,
            unit: 'pcs',
            price,
            taxRateBp: 0,
            categoryId: i % 2 ? sub : cat,
          }),
        ).id,
      );
  });
  afterAll(() => core.cleanup());

  const request = {
    selection: { by: 'category' as const, categoryId: 0 },
    change: { kind: 'percent' as const, bp: 1000 },
    rounding: '90' as const,
  };

  it('the preview lists every change (subcategories included) and changes nothing; apply does exactly that', async () => {
    const req = { ...request, selection: { by: 'category' as const, categoryId: cat } };
    const before = dumpTables(core.db);
    const preview = unwrap(await owner('price.bulkPreview', req));
    expect(dumpTables(core.db)).toEqual(before);
    expect(preview.changes.map((c) => [c.productId, c.from, c.to])).toEqual([
      [ids[0], 10_000, 10_990],
      [ids[1], 12_345, 13_590],
      [ids[2], 990, 1_090],
      [ids[3], 49_990, 54_990],
    ]);
    const audit = auditCount(core.db);
    expect(unwrap(await owner('price.bulkApply', { ...req, token: preview.token }))).toEqual({ changed: 4 });
    for (const c of preview.changes) expect(unwrap(await owner('catalog.get', { id: c.productId })).price).toBe(c.to);
    const rows = auditSince(core.db, audit);
    expect(rows.filter((r) => r.action === 'price.change')).toHaveLength(4);
    expect(rows.at(-1)).toMatchObject({ action: 'price.bulk' });
  });

  it('a price that moved after the preview makes apply refuse; nothing changes', async () => {
    // Products of its own: the walk's other tests may run before or after (shuffled).
    const own = [];
    for (const sku of ['MOVE-1', 'MOVE-2'])
      own.push(unwrap(await owner('catalog.upsert', { sku, name: sku, unit: 'pcs', price: 5_000, taxRateBp: 0 })).id);
    const req = { ...request, selection: { by: 'products' as const, productIds: own } };
    const preview = unwrap(await owner('price.bulkPreview', req));
    const p = unwrap(await owner('catalog.get', { id: own[1]! }));
    unwrap(
      await owner('catalog.upsert', { id: p.id, sku: p.sku, name: p.name, unit: p.unit, taxRateBp: p.taxRateBp, price: p.price + 100 }),
    );
    const before = dumpTables(core.db);
    const r = await owner('price.bulkApply', { ...req, token: preview.token });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(dumpTables(core.db)).toEqual(before);
  });

  it('an unknown category or product is refused', async () => {
    expect(await owner('price.bulkPreview', { ...request, selection: { by: 'category', categoryId: 9999 } })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await owner('price.bulkPreview', { ...request, selection: { by: 'products', productIds: [ids[0]!, 9999] } })).toMatchObject({
      ok: false,
      error: { code: 'unknown_product' },
    });
  });
});
