import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import type { ApiInput, PageCursor } from '../core/contract/api';
import { salesStatements, stockStatements } from '../db/queries/lists';
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

  it('a page at an offset is the slice of the whole list there; from the end, the flipped sort reversed', async () => {
    const ids = expected('', 'posted_at DESC, id DESC');
    for (const offset of [0, 1, 99, 1234, ids.length - 5, ids.length + 10]) {
      const page = unwrap(await owner('sale.list', { offset, limit: 50 }));
      expect(page.rows.map((r) => r.id)).toEqual(ids.slice(offset, offset + 50));
      expect(page.nextCursor !== null).toBe(offset + 50 < ids.length);
      expect(page.count).toBeNull();
    }
    // The last 30 rows of the newest-first list: the oldest 30, walked oldest first and turned round.
    const tail = unwrap(await owner('sale.list', { offset: 0, limit: 30, sort: { by: 'postedAt', dir: 'asc' } }));
    expect(tail.rows.map((r) => r.id).reverse()).toEqual(ids.slice(-30));
    // Rows 1000..1099 counted from the end, by total: the same rows as offset 1000 from the start.
    const byTotal = expected('', 'total DESC, id DESC');
    const fromEnd = unwrap(await owner('sale.list', { offset: byTotal.length - 1100, limit: 100, sort: { by: 'total', dir: 'asc' } }));
    expect(fromEnd.rows.map((r) => r.id).reverse()).toEqual(byTotal.slice(1000, 1100));
  });

  it('a page at an offset continues by its cursor; the count comes when asked', async () => {
    const ids = expected("AND type = 'sale'", 'posted_at DESC, id DESC');
    const at = unwrap(await owner('sale.list', { offset: 700, limit: 40, withCount: true, filters: { type: 'sale' } }));
    expect(at.count).toBe(ids.length);
    const next = unwrap(await owner('sale.list', { cursor: at.nextCursor!, limit: 40, filters: { type: 'sale' } }));
    expect([...at.rows, ...next.rows].map((r) => r.id)).toEqual(ids.slice(700, 780));
    expect(unwrap(await owner('sale.list', { limit: 40, withCount: false })).count).toBeNull();
  });

  it('an offset walks the same index from the index alone, never sorting, in both directions', () => {
    for (const by of ['postedAt', 'total'] as const)
      for (const dir of ['asc', 'desc'] as const) {
        const st = salesStatements({ types: ['sale', 'return'], limit: 100, offset: 500, sort: { by, dir }, filters: { type: 'sale' } });
        expect(st.page).toContain('OFFSET');
        const plan = (core.db.raw.prepare(`EXPLAIN QUERY PLAN ${st.page}`).all(st.params) as { detail: string }[])
          .map((r) => r.detail)
          .join('\n');
        // The skipped rows are read from the index alone: a jump into a million sales reads no table row it skips.
        expect(plan).toContain(`COVERING INDEX ${by === 'total' ? 'documents_total_idx' : 'documents_posted_idx'}`);
        expect(plan).not.toContain('TEMP B-TREE');
      }
  });

  it('refuses a page that starts both after a cursor and at an offset, or at a negative offset', async () => {
    for (const input of [{ cursor: { key: 'x', id: 5 }, offset: 10 }, { offset: -1 }, { offset: 1.5 }]) {
      const r = await owner('sale.list', input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('validation');
    }
    const s = await owner('stock.onHand', { cursor: { key: 'x', id: 5 }, offset: 10 });
    expect(s.ok).toBe(false);
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

  it('at an offset, from either end, with the same rows the pages give', async () => {
    const ids = productIds('', 'name, id');
    const at = unwrap(await owner('stock.onHand', { offset: 7, limit: 5 }));
    expect(at.rows.map((r) => r.productId)).toEqual(ids.slice(7, 12));
    const last = unwrap(await owner('stock.onHand', { offset: 0, limit: 3, sort: { by: 'name', dir: 'desc' } }));
    expect(last.rows.map((r) => r.productId).reverse()).toEqual(ids.slice(-3));
    const sku = unwrap(await owner('stock.onHand', { offset: 2, limit: 4, sort: { by: 'sku', dir: 'desc' }, withCount: true }));
    expect(sku.rows.map((r) => r.productId)).toEqual(productIds('', 'sku DESC, id DESC').slice(2, 6));
    expect(sku.count).toBe(ids.length);
    for (const by of ['name', 'sku'] as const) {
      const st = stockStatements({ limit: 100, offset: 50, sort: { by, dir: 'desc' }, filters: {} });
      const plan = (core.db.raw.prepare(`EXPLAIN QUERY PLAN ${st.page}`).all(st.params) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
      expect(plan).toMatch(/SCAN p USING INDEX/);
      expect(plan).not.toContain('TEMP B-TREE');
    }
  });

  it('the catalog list jumps by offset too', async () => {
    const ids = productIds('WHERE p.active = 1', 'price, id');
    const at = unwrap(await owner('catalog.list', { offset: 3, limit: 4, sort: { by: 'price', dir: 'asc' } }));
    expect(at.rows.map((r) => r.id)).toEqual(ids.slice(3, 7));
    expect(at.count).toBeNull();
  });

  it('a short word naming over a thousand products pages in name order, every one once, as a rare word does', async () => {
    const ins = core.db.raw.prepare(`INSERT INTO products (sku, name, unit, price, tax_rate_bp, active) VALUES (?, ?, 'pcs', 100, 0, ?)`);
    core.db.raw.transaction(() => {
      // Names out of insertion order, ties on the name, a few archived: the page must not follow the rowid.
      for (let i = 0; i < 1300; i++) ins.run(`BABY-${i}`, `Babyfood ${String((i * 7919) % 650).padStart(3, '0')}`, i % 50 === 0 ? 0 : 1);
      for (let i = 0; i < 40; i++) ins.run(`RARE-${i}`, `Rarebit ${String((i * 13) % 20).padStart(2, '0')}`, 1);
    })();
    for (const word of ['babyf', 'rarebit']) {
      const expected = productIds(`WHERE p.active = 1 AND p.name LIKE '${word}%'`, 'name, id');
      const rows: number[] = [];
      let cursor: PageCursor | undefined;
      let count: number | null = null;
      do {
        const page = unwrap(await owner('catalog.list', { limit: 100, filters: { q: word }, ...(cursor ? { cursor } : {}) }));
        count ??= page.count;
        rows.push(...page.rows.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(rows).toEqual(expected);
      expect(count).toBe(expected.length);
      const jump = unwrap(await owner('catalog.list', { offset: 250, limit: 7, filters: { q: word } }));
      expect(jump.rows.map((r) => r.id)).toEqual(expected.slice(250, 257));
      // Counted from the matches' ids less the archived among them: the archived switch both ways.
      for (const archived of ['all', 'archived'] as const) {
        const where = `WHERE p.name LIKE '${word}%'${archived === 'archived' ? ' AND p.active = 0' : ''}`;
        const first = unwrap(await owner('catalog.list', { limit: 5, filters: { q: word, archived } }));
        expect(first.count).toBe(productIds(where, 'name, id').length);
        expect(first.rows.map((r) => r.id)).toEqual(productIds(where, 'name, id').slice(0, 5));
      }
    }
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
