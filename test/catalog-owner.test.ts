/** The owner keeps the catalog: a category tree with pricing rules, suppliers, products with reorder levels and articles. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { auditSince, auditCount, dumpTables } from './db-dump';
import { as, loose, testCore, unwrap } from './helpers';

let core: ReturnType<typeof testCore>;
let owner: Caller;
let clerk: Caller;
let n = 0;

beforeAll(async () => {
  core = testCore();
  owner = await as(core, 'owner');
  // Edits the catalog but may not touch what things cost.
  unwrap(await owner('roles.upsert', { id: 'clerk', name: 'Clerk', permissions: ['catalog.view', 'catalog.edit'] }));
  unwrap(await owner('users.upsert', { name: 'Clerk', roleId: 'clerk', pin: '7777' }));
  const users = unwrap(await owner('users.list', {}));
  const id = users.find((u) => u.name === 'Clerk')!.id;
  const r = await core.call({ session: null }, 'auth.login', { userId: id, pin: '7777' });
  clerk = core.caller({ session: core.sessions.get((unwrap(r) as { token: string }).token) });
});
afterAll(() => core.cleanup());

const product = (over: Record<string, unknown> = {}) => ({
  sku: `T-${++n}`,
  name: `Item ${n}`,
  unit: 'pcs' as const,
  price: 10_000,
  cost: 6_000,
  taxRateBp: 2000,
  ...over,
});

/** The error code of a call that must change nothing but the audit log. */
async function refused(call: Promise<{ ok: boolean; error?: { code: string } }> | (() => Promise<unknown>)): Promise<string> {
  const before = dumpTables(core.db, ['audit_log']);
  const r = (typeof call === 'function' ? await call() : await call) as { ok: boolean; error?: { code: string } };
  expect(dumpTables(core.db, ['audit_log'])).toEqual(before);
  return r.ok ? 'ok' : r.error!.code;
}

describe('the category tree', () => {
  it('a subcategory inherits its parent’s markup and rounding until it has its own', async () => {
    const drinks = unwrap(await owner('category.upsert', { name: 'Drinks', markupBp: 3500, rounding: '90' }));
    const juice = unwrap(await owner('category.upsert', { name: 'Juice', parentId: drinks.id }));
    expect(juice).toMatchObject({ parentId: drinks.id, markupBp: null, effectiveMarkupBp: 3500, effectiveRounding: '90' });
    const own = unwrap(await owner('category.upsert', { id: juice.id, name: 'Juice', markupBp: 2000 }));
    expect(own).toMatchObject({ parentId: drinks.id, effectiveMarkupBp: 2000, effectiveRounding: '90' });
  });

  it('a category cannot go under itself or its own child; names are unique; the parent must exist', async () => {
    const a = unwrap(await owner('category.upsert', { name: 'Grocery' }));
    const b = unwrap(await owner('category.upsert', { name: 'Cereal', parentId: a.id }));
    expect(await refused(owner('category.upsert', { id: a.id, name: 'Grocery', parentId: b.id }))).toBe('validation');
    expect(await refused(owner('category.upsert', { id: a.id, name: 'Grocery', parentId: a.id }))).toBe('validation');
    expect(await refused(owner('category.upsert', { name: 'Cereal' }))).toBe('duplicate');
    expect(await refused(owner('category.upsert', { name: 'Orphan', parentId: 9999 }))).toBe('not_found');
  });
});

describe('suppliers', () => {
  it('the directory keeps contacts and terms; an update keeps what it does not send; names are unique', async () => {
    const s = unwrap(
      await owner('supplier.upsert', { name: 'ООО «Молоко»', taxId: '7701234567', email: 'orders@moloko.example', paymentTermsDays: 14 }),
    );
    const renamed = unwrap(await owner('supplier.upsert', { id: s.id, name: 'ООО «Молоко и Ко»' }));
    expect(renamed).toMatchObject({ taxId: '7701234567', email: 'orders@moloko.example', paymentTermsDays: 14, archived: false });
    expect(await refused(owner('supplier.upsert', { name: 'ООО «Молоко и Ко»' }))).toBe('duplicate');
    expect(await refused(loose(owner)('supplier.upsert', { name: 'Bad', email: 'not an address' }))).toBe('validation');
    const page = unwrap(await owner('supplier.list', { filters: { q: 'Молоко', archived: 'active' } }));
    expect(page.rows.map((r) => r.name)).toEqual(['ООО «Молоко и Ко»']);
    expect(unwrap(await owner('supplier.list', { filters: { q: '77012', archived: 'all' } })).rows).toHaveLength(1);
  });

  it('a clerk without suppliers.manage is refused, and the refusal is audited', async () => {
    const before = auditCount(core.db);
    expect(await refused(clerk('supplier.upsert', { name: 'Sneaky' }))).toBe('forbidden');
    expect(auditSince(core.db, before)).toEqual([expect.objectContaining({ action: 'access.denied', entityId: 'supplier.upsert' })]);
  });
});

describe('products with reorder levels, a main supplier and the suppliers’ articles', () => {
  it('an article names one product per supplier; unknown suppliers and a minimum above the maximum are refused', async () => {
    const sup = unwrap(await owner('supplier.upsert', { name: 'Bakery Ltd' }));
    const bread = unwrap(
      await owner(
        'catalog.upsert',
        product({ supplierId: sup.id, minStock: 5000, maxStock: 20_000, articles: [{ supplierId: sup.id, article: 'BR-1' }] }),
      ),
    );
    expect(bread).toMatchObject({
      supplierId: sup.id,
      minStock: 5000,
      maxStock: 20_000,
      articles: [{ supplierId: sup.id, article: 'BR-1' }],
    });
    expect(await refused(owner('catalog.upsert', product({ articles: [{ supplierId: sup.id, article: 'BR-1' }] })))).toBe('duplicate');
    expect(await refused(owner('catalog.upsert', product({ supplierId: 9999 })))).toBe('not_found');
    expect(await refused(owner('catalog.upsert', product({ minStock: 5000, maxStock: 1000 })))).toBe('validation');
    // A rename keeps the articles and levels it does not send.
    const renamed = unwrap(
      await owner('catalog.upsert', {
        ...product(),
        id: bread.id,
        sku: bread.sku,
        name: 'Rye bread',
        price: bread.price,
        cost: bread.cost,
      }),
    );
    expect(renamed).toMatchObject({ name: 'Rye bread', minStock: 5000, articles: [{ supplierId: sup.id, article: 'BR-1' }] });
  });

  it('a clerk may rename a product but not change its price or cost: refused, audited, nothing changes', async () => {
    const p = unwrap(await owner('catalog.upsert', product()));
    const same = { sku: p.sku, unit: p.unit, taxRateBp: p.taxRateBp, id: p.id };
    expect(unwrap(await clerk('catalog.upsert', { ...same, name: 'Renamed', price: p.price }))).toMatchObject({
      name: 'Renamed',
      price: p.price,
    });
    const before = auditCount(core.db);
    expect(await refused(clerk('catalog.upsert', { ...same, name: 'Renamed', price: p.price + 1 }))).toBe('forbidden');
    expect(await refused(clerk('catalog.upsert', { ...same, name: 'Renamed', price: p.price, cost: 1 }))).toBe('forbidden');
    expect(auditSince(core.db, before).map((a) => a.action)).toEqual(['access.denied', 'access.denied']);
  });
});

describe('in-store barcodes', () => {
  it('each call hands out a new valid EAN-13 under the prefix, which a product can then carry', async () => {
    const a = unwrap(await owner('catalog.newBarcode', {})).code;
    const b = unwrap(await owner('catalog.newBarcode', { prefix: '20' })).code;
    expect(a).toMatch(/^20\d{11}$/);
    expect(b).not.toBe(a);
    const p = unwrap(await owner('catalog.upsert', product({ barcodes: [a] })));
    expect(unwrap(await owner('catalog.scan', { code: a })).product.id).toBe(p.id);
    expect(await refused(loose(owner)('catalog.newBarcode', { prefix: '46' }))).toBe('validation');
  });
});

describe('the catalog list', () => {
  it('filters by category subtree, supplier, archived, below minimum and no barcode; pages by price end to end', async () => {
    const top = unwrap(await owner('category.upsert', { name: 'Household' }));
    const sub = unwrap(await owner('category.upsert', { name: 'Soap', parentId: top.id }));
    const sup = unwrap(await owner('supplier.upsert', { name: 'Chem Co' }));
    const made = [];
    for (let i = 0; i < 7; i++)
      made.push(
        unwrap(
          await owner(
            'catalog.upsert',
            product({
              categoryId: i < 3 ? top.id : sub.id,
              supplierId: i % 2 ? sup.id : null,
              price: 1000 * (7 - i),
              minStock: i === 0 ? 1000 : null,
              barcodes: i === 6 ? [] : undefined,
            }),
          ),
        ),
      );
    unwrap(await owner('catalog.upsert', { ...product({ categoryId: sub.id }), active: false }));
    const list = (filters: object, sort = { by: 'name' as const, dir: 'asc' as const }, limit = 100) =>
      owner('catalog.list', { filters: { archived: 'active', ...filters }, sort, limit }).then(unwrap);
    expect((await list({ categoryId: top.id })).count).toBe(7);
    expect((await list({ categoryId: sub.id })).count).toBe(4);
    expect((await list({ categoryId: sub.id, archived: 'all' })).count).toBe(5);
    expect((await list({ categoryId: sub.id, archived: 'archived' })).count).toBe(1);
    expect((await list({ categoryId: top.id, supplierId: sup.id })).rows.map((r) => r.id).sort()).toEqual(
      made
        .filter((_, i) => i % 2)
        .map((p) => p.id)
        .sort(),
    );
    // Nothing is on hand: only the one product with a minimum is below it.
    expect((await list({ categoryId: top.id, belowMin: true })).rows.map((r) => r.id)).toEqual([made[0]!.id]);
    expect((await list({ categoryId: top.id, noBarcode: true })).count).toBe(7);
    // Two rows a page, by price descending: the pages join up into the whole list in order.
    const seen: number[] = [];
    let page = await list({ categoryId: top.id }, { by: 'price', dir: 'desc' } as never, 2);
    for (;;) {
      seen.push(...page.rows.map((r) => r.price));
      if (!page.nextCursor) break;
      page = unwrap(
        await owner('catalog.list', {
          filters: { archived: 'active', categoryId: top.id },
          sort: { by: 'price', dir: 'desc' },
          limit: 2,
          cursor: page.nextCursor,
        }),
      );
    }
    expect(seen).toEqual([7000, 6000, 5000, 4000, 3000, 2000, 1000]);
    const first = (await list({ categoryId: top.id }, { by: 'price', dir: 'desc' } as never)).rows[0]!;
    expect(first).toMatchObject({ categoryName: 'Household', marginBp: Math.round(((7000 - 6000) / 7000) * 10_000) });
  });
});
