/**
 * catalog.list at 200k products, through the core as the owner's screen asks it: the first page of 100 rows of one
 * category (and the categories below it) in one sort, counted as the screen's first page is, then the next page by
 * keyset and a jump into the middle by offset. Floor: the same rows by raw SQL prepared once (the category's ids given,
 * the ids from the same covering index, then their rows; and the COUNT), on the same database, interleaved.
 * Categories alternate between a group (~12k products: its leaves too) and a leaf (~1.8k).
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { createCore, DB_FILE } from '../core/app';
import type { Caller } from '../core/api/dispatch';
import { MIGRATIONS, nowMs, percentile, rng, round, tempDir, type Figures } from './util';

const SORTS = [
  { by: 'name', dir: 'asc' },
  { by: 'price', dir: 'desc' },
  { by: 'sku', dir: 'asc' },
  { by: 'price', dir: 'asc' },
] as const;
const COLUMN = { name: 'name', sku: 'sku', price: 'price' } as const;
const p95 = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    95,
  );

export async function benchCatalogPage(file: string, rounds: number, log: (s: string) => void): Promise<Figures> {
  const t = tempDir('lavka-bench-catalog-page-');
  copyFileSync(file, path.join(t.dir, DB_FILE));
  const core = createCore({ dataDir: t.dir, migrationsDir: MIGRATIONS, version: '0.0.0-bench', mode: 'local' });
  try {
    const login = await core.call({ session: null }, 'auth.login', { userId: 1, pin: '1111' });
    if (!login.ok) throw new Error(`owner login: ${login.error.message}`);
    const owner: Caller = core.caller({ session: core.sessions.get((login.value as { token: string }).token) });
    const raw = core.db.raw;
    // The tree of bench/catalog-db.ts: groups (a filter takes their leaves too) and leaves, alternately.
    const groupIds = raw.prepare('SELECT id FROM categories WHERE parent_id IS NULL').pluck().all() as number[];
    const subtree = (id: number) => [id, ...(raw.prepare('SELECT id FROM categories WHERE parent_id = ?').pluck().all(id) as number[])];
    const leafIds = raw.prepare('SELECT id FROM categories WHERE parent_id IS NOT NULL').pluck().all() as number[];
    if (!groupIds.length) throw new Error('the bench catalog has no categories: rebuild it (bench/catalog-db.ts)');
    const floorStmts = Object.fromEntries(
      (['name', 'sku', 'price'] as const).flatMap((by) =>
        (['asc', 'desc'] as const).map((dir) => [
          `${by}-${dir}`,
          raw.prepare(
            `SELECT p.id, p.sku, p.name, p.unit, p.price, p.cost, p.category_id, p.supplier_id, p.min_stock, p.max_stock, p.active
             FROM (SELECT id FROM products INDEXED BY products_category_active_${by}_idx
                   WHERE category_id IN (SELECT value FROM json_each(?)) AND active = 1
                   ORDER BY ${COLUMN[by]} ${dir}, id ${dir} LIMIT 101 OFFSET ?) k
             JOIN products p ON p.id = k.id ORDER BY p.${COLUMN[by]} ${dir}, p.id ${dir}`,
          ),
        ]),
      ),
    );
    const floorCount = raw.prepare(
      'SELECT COUNT(*) AS n FROM products WHERE category_id IN (SELECT value FROM json_each(?)) AND active = 1',
    );
    const first: number[] = [];
    const next: number[] = [];
    const middle: number[] = [];
    const floorFirst: number[] = [];
    const floorMiddle: number[] = [];
    const rand = rng(7);
    for (let r = 0; r < rounds; r++) {
      const pool = r % 2 ? leafIds : groupIds;
      const id = pool[Math.floor(rand() * pool.length)]!;
      const ids = JSON.stringify(subtree(id));
      const n = (floorCount.get(ids) as { n: number }).n;
      const cat = { id, n };
      const sort = SORTS[r % SORTS.length]!;
      const filters = { categoryId: cat.id, archived: 'active' as const };
      let t0 = nowMs();
      const page = await owner('catalog.list', { limit: 100, sort, filters });
      first.push(nowMs() - t0);
      if (!page.ok) throw new Error(page.error.message);
      if (page.value.count !== cat.n || page.value.rows.length !== 100)
        throw new Error(`catalog.list: a wrong page for category ${cat.id}`);
      t0 = nowMs();
      const more = await owner('catalog.list', { limit: 100, sort, filters, cursor: page.value.nextCursor! });
      next.push(nowMs() - t0);
      if (!more.ok) throw new Error(more.error.message);
      const offset = Math.floor(cat.n / 2);
      t0 = nowMs();
      const mid = await owner('catalog.list', { limit: 100, sort, filters, offset });
      middle.push(nowMs() - t0);
      if (!mid.ok) throw new Error(mid.error.message);

      const stmt = floorStmts[`${sort.by}-${sort.dir}`]!;
      t0 = nowMs();
      const rows = stmt.all(ids, 0) as { id: number }[];
      floorCount.get(ids);
      floorFirst.push(nowMs() - t0);
      t0 = nowMs();
      stmt.all(ids, offset);
      floorMiddle.push(nowMs() - t0);
      if (rows[0]!.id !== page.value.rows[0]!.id) throw new Error('the floor read other rows than catalog.list');
    }
    const f: Figures = {
      catalog_page_ms: round(p95(first), 2),
      catalog_page_p50_ms: round(
        percentile(
          [...first].sort((a, b) => a - b),
          50,
        ),
        2,
      ),
      catalog_page_floor_ms: round(p95(floorFirst), 2),
      catalog_page_next_p95_ms: round(p95(next), 2),
      catalog_page_middle_p95_ms: round(p95(middle), 2),
      catalog_page_middle_floor_p95_ms: round(p95(floorMiddle), 2),
    };
    log(
      `  first page p95 ${f.catalog_page_ms} ms (plain SQL ${f.catalog_page_floor_ms} ms), next page ${f.catalog_page_next_p95_ms} ms, middle ${f.catalog_page_middle_p95_ms} ms (plain SQL ${f.catalog_page_middle_floor_p95_ms} ms)`,
    );
    return f;
  } finally {
    core.close();
    t.cleanup();
  }
}
