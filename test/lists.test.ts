import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import type { ApiInput, PageCursor } from '../core/contract/api';
import { salesStatements } from '../db/queries/lists';
import { as, testCore, unwrap } from './helpers';

let core: ReturnType<typeof testCore>;
let owner: Caller;

/** Sales and returns written straight into the table: many rows fast, with ties on both sort keys. */
function seedDocuments(n: number) {
  const ins = core.db.raw.prepare(
    `INSERT INTO documents (uuid, request_hash, type, number, status, location_id, author_id, total, tax_total, created_at, posted_at, business_date)
     VALUES (?, 'x', ?, ?, 'posted', 1, ?, ?, 0, ?, ?, ?)`,
  );
  core.db.raw.transaction(() => {
    for (let i = 1; i <= n; i++) {
      const type = i % 10 === 0 ? 'return' : i % 37 === 0 ? 'receipt' : 'sale';
      // Three documents share each second and totals repeat every 50: the id must break both ties.
      const at = new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 3) * 1000).toISOString();
      ins.run(
        `seed-${i}`,
        type,
        `${type === 'return' ? 'R' : type === 'receipt' ? 'P' : 'S'}-9${String(i).padStart(5, '0')}`,
        1 + (i % 4),
        ((i * 7919) % 50) * 100,
        at,
        at,
        at.slice(0, 10),
      );
    }
  })();
}

beforeAll(async () => {
  core = testCore();
  owner = await as(core, 'owner');
  seedDocuments(2500);
});
afterAll(() => core.cleanup());

type SaleInput = ApiInput<'sale.list'>;

/** Every page of sale.list for one sort and filter, as the screen fetches them. */
async function allSales(input: Omit<SaleInput, 'cursor'>) {
  const rows = [];
  let cursor: PageCursor | undefined;
  let pages = 0;
  let first: number | null = null;
  do {
    const page = unwrap(await owner('sale.list', { ...input, ...(cursor ? { cursor } : {}) }));
    if (!pages) first = page.count;
    else expect(page.count).toBeNull();
    rows.push(...page.rows);
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  return { rows, pages, count: first };
}

const expected = (where: string, order: string) =>
  core.db.raw
    .prepare(`SELECT id FROM documents WHERE type IN ('sale','return') ${where} ORDER BY ${order}`)
    .all()
    .map((r) => (r as { id: number }).id);

describe('sale.list pages through every sale and return (keyset)', () => {
  it('newest first, each document once, in order, with the count on the first page', async () => {
    const { rows, pages, count } = await allSales({ limit: 97 });
    const ids = expected('', 'posted_at DESC, id DESC');
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(count).toBe(ids.length);
    expect(pages).toBe(Math.ceil(ids.length / 97));
    expect(rows.some((r) => r.type === 'receipt')).toBe(false);
  });

  it('by total both ways: ties on the total are broken by id, so no row is skipped or repeated at a page edge', async () => {
    for (const dir of ['asc', 'desc'] as const) {
      const { rows } = await allSales({ limit: 50, sort: { by: 'total', dir } });
      expect(rows.map((r) => r.id)).toEqual(expected('', `total ${dir}, id ${dir}`));
    }
  });

  it('filters by type, date range and part of the number, across pages', async () => {
    const returns = await allSales({ limit: 40, filters: { type: 'return' } });
    expect(returns.rows.map((r) => r.id)).toEqual(expected("AND type = 'return'", 'posted_at DESC, id DESC'));
    expect(returns.count).toBe(returns.rows.length);

    const from = '2026-01-01T00:02:00.000Z';
    const to = '2026-01-01T00:05:00.000Z';
    const range = await allSales({ limit: 30, sort: { by: 'postedAt', dir: 'asc' }, filters: { from, to } });
    expect(range.rows.map((r) => r.id)).toEqual(expected(`AND posted_at >= '${from}' AND posted_at < '${to}'`, 'posted_at, id'));
    expect(range.rows.length).toBeGreaterThan(30);

    const byNumber = await allSales({ limit: 5, filters: { number: '0012' } });
    expect(byNumber.rows.map((r) => r.id)).toEqual(expected("AND number LIKE '%0012%'", 'posted_at DESC, id DESC'));
    expect(byNumber.rows.length).toBeGreaterThan(5);
    // LIKE wildcards typed into the field are plain characters.
    expect((await allSales({ limit: 5, filters: { number: '%' } })).rows).toEqual([]);
  });

  it('walks an index for each sort, never sorting the whole table, on later pages too', () => {
    for (const by of ['postedAt', 'total'] as const)
      for (const cursor of [undefined, { key: by === 'total' ? 500 : '2026-01-01T00:05:00.000Z', id: 900 }]) {
        const st = salesStatements({
          types: ['sale', 'return'],
          limit: 100,
          sort: { by, dir: 'desc' },
          filters: {},
          ...(cursor ? { cursor } : {}),
        });
        const plan = (core.db.raw.prepare(`EXPLAIN QUERY PLAN ${st.page}`).all(st.params) as { detail: string }[])
          .map((r) => r.detail)
          .join('\n');
        expect(plan).toContain(by === 'total' ? 'documents_total_idx' : 'documents_posted_idx');
        expect(plan).not.toContain('TEMP B-TREE');
      }
  });

  it('refuses a cursor that is not one', async () => {
    const r = await owner('sale.list', { cursor: { key: 'x', id: -1 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('validation');
  });
});

describe('stock.onHand pages through every product', () => {
  async function allStock(input: Omit<ApiInput<'stock.onHand'>, 'cursor'>) {
    const rows = [];
    let cursor: PageCursor | undefined;
    let count: number | null = null;
    do {
      const page = unwrap(await owner('stock.onHand', { ...input, ...(cursor ? { cursor } : {}) }));
      count ??= page.count;
      rows.push(...page.rows);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return { rows, count };
  }
  const productIds = (where: string, order: string) =>
    core.db.raw
      .prepare(`SELECT id FROM products p ${where} ORDER BY ${order}`)
      .all()
      .map((r) => (r as { id: number }).id);

  it('by name and by SKU, both directions, every product once with its on-hand summed over locations', async () => {
    const { rows, count } = await allStock({ limit: 23 });
    expect(rows.map((r) => r.productId)).toEqual(productIds('', 'name, id'));
    expect(count).toBe(rows.length);
    const sums = new Map(
      (
        core.db.raw.prepare('SELECT product_id AS id, SUM(qty) AS q FROM on_hand GROUP BY product_id').all() as { id: number; q: number }[]
      ).map((r) => [r.id, r.q]),
    );
    for (const r of rows) expect(r.qty).toBe(sums.get(r.productId) ?? 0);
    expect((await allStock({ limit: 40, sort: { by: 'sku', dir: 'desc' } })).rows.map((r) => r.productId)).toEqual(
      productIds('', 'sku DESC, id DESC'),
    );
  });

  it('finds by a word of the name, the start of a SKU or a barcode', async () => {
    const milk = await allStock({ limit: 3, filters: { q: 'milk' } });
    expect(milk.rows.length).toBeGreaterThan(3);
    expect(milk.rows.every((r) => /milk/i.test(r.name))).toBe(true);
    const p1 = unwrap(await owner('catalog.get', { id: 1 }));
    expect((await allStock({ limit: 10, filters: { q: p1.barcodes[0]! } })).rows.map((r) => r.productId)).toEqual([1]);
    expect((await allStock({ limit: 10, filters: { q: p1.sku } })).rows.map((r) => r.productId)).toContain(1);
    expect((await allStock({ limit: 10, filters: { q: 'zzzzqq' } })).rows).toEqual([]);
  });

  it('below zero: only products whose stock is negative, at the location asked for', async () => {
    const ins = core.db.raw.prepare(
      'INSERT INTO on_hand (product_id, location_id, qty, value) VALUES (?, ?, ?, 0) ON CONFLICT DO UPDATE SET qty = excluded.qty',
    );
    const locations = core.db.raw.prepare('SELECT id FROM locations ORDER BY id').all() as { id: number }[];
    // The ledger check would flag these rows; this test database is thrown away.
    ins.run(5, locations[0]!.id, -3000);
    ins.run(6, locations[0]!.id, -1000);
    const below = await allStock({ limit: 1, filters: { belowZero: true } });
    expect(below.rows.map((r) => r.productId).sort()).toEqual([5, 6]);
    expect(below.rows.every((r) => r.qty < 0)).toBe(true);
    expect(below.count).toBe(2);
    const at = await allStock({ limit: 100, filters: { locationId: locations[0]!.id, productId: 5 } });
    expect(at.rows.map((r) => [r.productId, r.qty])).toEqual([[5, -3000]]);
  });
});
