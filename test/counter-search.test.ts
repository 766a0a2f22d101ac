import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { withCheckDigit } from '../core/barcode';
import { searchProducts } from '../db/queries/products';
import { as, bulkLoad, testCore, unwrap } from './helpers';

let core: ReturnType<typeof testCore>;
let owner: Caller;

beforeAll(async () => {
  core = testCore();
  owner = await as(core, 'owner');
});
afterAll(() => core.cleanup());

const names = async (q: string, limit = 50) => unwrap(await owner('catalog.search', { q, limit })).map((p) => p.name);

describe('catalog.search (FTS5, prefix)', () => {
  it('finds by word prefix of the name, by SKU and by barcode; an exact code comes first', async () => {
    const milk = await names('mil');
    expect(milk.length).toBeGreaterThan(0);
    expect(milk.every((n) => /\bmil/i.test(n))).toBe(true);
    expect(await names('milk 3.2')).toEqual(['Milk 3.2%']);
    expect(await names('cott chee')).toEqual(expect.arrayContaining(['Cottage cheese 1.5%']));
    const p1 = unwrap(await owner('catalog.get', { id: 1 }));
    expect(unwrap(await owner('catalog.search', { q: p1.sku })).map((p) => p.id)[0]).toBe(1);
    expect(unwrap(await owner('catalog.search', { q: p1.barcodes[0]! })).map((p) => p.id)).toEqual([1]);
    const byPrefix = unwrap(await owner('catalog.search', { q: p1.barcodes[0]!.slice(0, 10), limit: 200 }));
    expect(byPrefix.length).toBeGreaterThan(1);
    expect(byPrefix.every((p) => p.barcodes.some((b) => b.startsWith(p1.barcodes[0]!.slice(0, 10))))).toBe(true);
    expect(await names('zzzz')).toEqual([]);
    // Punctuation and quotes are not query syntax.
    expect(await names('"mil*')).toEqual(milk);
    expect((await names('')).length).toBe(50);
  });

  it('follows product and barcode changes (triggers)', async () => {
    const code = withCheckDigit('460999000001');
    const p = unwrap(
      await owner('catalog.upsert', { sku: 'T-ZEPH', name: 'Zephyr vanilla', unit: 'pcs', price: 5000, taxRateBp: 2000, barcodes: [code] }),
    );
    expect(await names('zeph')).toEqual(['Zephyr vanilla']);
    expect(unwrap(await owner('catalog.search', { q: code.slice(0, 9) })).map((x) => x.id)).toContain(p.id);
    expect(unwrap(await owner('catalog.search', { q: 't-zeph' })).map((x) => x.id)).toEqual([p.id]);
    const code2 = withCheckDigit('460999000002');
    unwrap(
      await owner('catalog.upsert', {
        id: p.id,
        sku: 'T-ZEPH',
        name: 'Пастила яблочная',
        unit: 'pcs',
        price: 5000,
        taxRateBp: 2000,
        barcodes: [code2],
      }),
    );
    expect(await names('zephyr')).toEqual([]);
    expect(await names('ПАСТ')).toEqual(['Пастила яблочная']);
    expect(await names('ябл')).toEqual(['Пастила яблочная']);
    expect(unwrap(await owner('catalog.search', { q: code })).map((x) => x.id)).toEqual([]);
    expect(unwrap(await owner('catalog.search', { q: code2 })).map((x) => x.id)).toEqual([p.id]);
  });

  it('ranks active products first, then names starting with the word typed (any case, Cyrillic too), then by name', async () => {
    const add = async (sku: string, name: string, active = true) =>
      unwrap(await owner('catalog.upsert', { sku, name, unit: 'pcs', price: 100, taxRateBp: 0, barcodes: [], active })).id;
    await add('R-1', 'Шоколад Мармелад');
    await add('R-2', 'Мармелад лимонный');
    await add('R-3', 'Желе мармеладное');
    await add('R-4', 'Мармелад архивный', false);
    await add('R-5', 'АРБУЗ мармеладный');
    for (const typed of ['марм', 'Марм', 'МАРМ']) {
      expect(await names(typed)).toEqual([
        'Мармелад лимонный',
        'АРБУЗ мармеладный',
        'Желе мармеладное',
        'Шоколад Мармелад',
        'Мармелад архивный',
      ]);
    }
    expect(await names('арб')).toEqual(['АРБУЗ мармеладный']);
    // The card carries what the picker shows: barcodes and stock, the same as catalog.get.
    const [hit] = unwrap(await owner('catalog.search', { q: 'milk 3.2' }));
    const { articles: _articles, ...card } = unwrap(await owner('catalog.get', { id: hit!.id }));
    expect(hit).toEqual(card);
  });

  it('200k products inserted with raw SQL: prefix, SKU and barcode queries still return the right rows', () => {
    const db = core.db;
    const words = ['apple', 'bread', 'cheese', 'sausage', 'tea', 'coffee', 'juice', 'water', 'candy', 'soap'];
    const N = 200_000;
    const insP = db.raw.prepare(`INSERT INTO products (id, sku, name, unit, price, tax_rate_bp) VALUES (?, ?, ?, 'pcs', 100, 2000)`);
    const insB = db.raw.prepare(`INSERT INTO barcodes (code, product_id) VALUES (?, ?)`);
    // Like a catalog import: codes first (foreign keys checked after), so each product is indexed once, codes included.
    db.raw.pragma('foreign_keys = OFF');
    try {
      bulkLoad(db, () => {
        for (let i = 0; i < N; i++) insB.run(withCheckDigit(`29${String(i).padStart(10, '0')}`), 100_000 + i);
        for (let i = 0; i < N; i++) insP.run(100_000 + i, `G-${String(i).padStart(6, '0')}`, `${words[i % 10]} brand${i % 997} item${i}`);
      });
    } finally {
      db.raw.pragma('foreign_keys = ON');
    }
    expect(db.raw.pragma('foreign_key_check')).toEqual([]);
    const nameOf = (i: number) => `${words[i % 10]} brand${i % 997} item${i}`;
    expect(searchProducts(db, 'item123456', 10).map((p) => p.name)).toEqual([nameOf(123456)]);
    // 'item12345' is a prefix of item12345 and item123450..123459.
    expect(
      searchProducts(db, 'item12345', 50)
        .map((p) => p.id)
        .sort(),
    ).toEqual([12345, ...Array.from({ length: 10 }, (_, k) => 123450 + k)].map((i) => 100_000 + i).sort());
    // Every word must match: 'item1002' alone has 111 hits (item1002, item10020..., item100200...), one of them is cheese brand5.
    const all = searchProducts(db, 'item1002', 200).map((p) => p.name);
    expect(all).toHaveLength(111);
    const brand = `brand${10022 % 997}`;
    expect(
      searchProducts(db, `${words[10022 % 10]} ${brand} item1002`, 50)
        .map((p) => p.name)
        .sort(),
    ).toEqual(all.filter((n) => n.startsWith(`${words[10022 % 10]} ${brand}`)).sort());
    expect(searchProducts(db, 'g-199999', 5)[0]!.name).toBe(nameOf(199999));
    expect(
      searchProducts(db, 'G-19999', 20)
        .map((p) => p.sku)
        .sort(),
    ).toEqual(['G-199990', 'G-199991', 'G-199992', 'G-199993', 'G-199994', 'G-199995', 'G-199996', 'G-199997', 'G-199998', 'G-199999']);
    expect(
      searchProducts(db, withCheckDigit('290000123456').slice(0, 11), 20)
        .map((p) => p.id)
        .sort(),
    ).toEqual(Array.from({ length: 10 }, (_, k) => 100_000 + 123450 + k).sort());
    const code = withCheckDigit(`29${String(4242).padStart(10, '0')}`);
    expect(searchProducts(db, code, 5).map((p) => p.id)).toEqual([104242]);
    // One word: every name starting with it counts, in name order, not only the first full-text hits ('apple' starts
    // 20,000 names here; the alphabetically first ones lie far beyond the first 2000 by row id).
    const firstApples = (
      db.raw
        .prepare(
          `SELECT name FROM products WHERE active = 1 AND (name GLOB 'apple*' OR name GLOB 'Apple*' OR name GLOB 'APPLE*') ORDER BY name LIMIT 12`,
        )
        .all() as { name: string }[]
    ).map((r) => r.name);
    expect(firstApples).toContain('apple brand0 item109670');
    expect(searchProducts(db, 'apple', 12).map((p) => p.name)).toEqual(firstApples);
    expect(searchProducts(db, 'APPLE', 12).map((p) => p.name)).toEqual(firstApples);
    // A one-letter prefix over the whole catalog stays bounded and well-formed.
    const broad = searchProducts(db, 'a', 50);
    expect(broad).toHaveLength(50);
    expect(broad.every((p) => /(^|\W)a/i.test(p.name))).toBe(true);
    // Deleting rows keeps the index in step.
    db.raw.prepare('DELETE FROM barcodes WHERE product_id = ?').run(104242);
    db.raw.prepare('DELETE FROM products WHERE id = ?').run(104242);
    expect(searchProducts(db, 'item4242', 20).map((p) => p.id)).toEqual(expect.not.arrayContaining([104242]));
    expect(searchProducts(db, 'item4242', 20)).toHaveLength(11 - 1);
    expect(db.raw.prepare('SELECT count(*) AS n FROM products_fts WHERE rowid = 104242').get()).toEqual({ n: 0 });
  });
});
