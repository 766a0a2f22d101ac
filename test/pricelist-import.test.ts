// A supplier's price list imported into the catalog: the 100k-row workbook (and the same list as a
// Windows-1251 CSV) dry-run against a catalog that knows its products by barcode, by the supplier's article or by
// SKU, then applied; refused files and stale dry runs leave the database as it was.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import type { PriceListDryRun } from '../core/contract/pricelist-types';
import type { Db } from '../db/connection';
import { auditCount, auditSince, dumpTables } from './db-dump';
import { generatePriceList, type GeneratedPriceList } from './fixtures/pricelist-gen';
import { as, bulkLoad, DEMO, loose, tempDir, testCore, unwrap } from './helpers';

/** The list's own mapping, by column position: №, Штрихкод, Артикул, Наименование, Ед. изм., закупка, розница. */
const MAPPING = { barcode: 1, article: 2, name: 3, unit: 4, cost: 5, price: 6 };

/**
 * The catalog the list is matched against: product i of the list is known by its barcode, or (every tenth) only by
 * the supplier's article, or (every tenth, another) only by a SKU equal to the article; the last `unknown` products
 * of the list are not in the catalog at all.
 */
function seedCatalog(db: Db, list: GeneratedPriceList, supplierId: number, unknown: number): void {
  const insert = db.raw.prepare('INSERT INTO products (sku, name, unit, price, cost, tax_rate_bp) VALUES (?, ?, ?, ?, ?, 0)');
  const code = db.raw.prepare('INSERT INTO barcodes (code, product_id) VALUES (?, ?)');
  const article = db.raw.prepare('INSERT INTO supplier_articles (supplier_id, article, product_id) VALUES (?, ?, ?)');
  const rows = list.expected;
  bulkLoad(db, () => {
    rows.slice(0, rows.length - unknown).forEach((r, i) => {
      const by = i % 10 === 3 ? 'article' : i % 10 === 7 ? 'sku' : 'barcode';
      const id = Number(insert.run(by === 'sku' ? r.article : `OWN-${i}`, `Product ${i}`, 'pcs', 100, 50).lastInsertRowid);
      if (by === 'barcode') code.run(r.barcode, id);
      if (by === 'article') article.run(supplierId, r.article, id);
    });
  });
}

describe('importing the 100k-row price list', () => {
  let core: ReturnType<typeof testCore>;
  let tmp: ReturnType<typeof tempDir>;
  let list: GeneratedPriceList;
  let owner: Caller;
  let supplierId = 0;
  const UNKNOWN = 1000;

  beforeAll(async () => {
    tmp = tempDir('lavka-pricelist-import-');
    list = await generatePriceList(tmp.dir);
    core = testCore();
    owner = await as(core, 'owner');
    supplierId = unwrap(await owner('supplier.upsert', { name: 'ООО «Оптовик»' })).id;
    seedCatalog(core.db, list, supplierId, UNKNOWN);
  }, 600_000);
  afterAll(() => {
    core.cleanup();
    tmp.cleanup();
  });

  const upload = async (file: string) => (await core.svc.uploads.adopt(file, DEMO.owner.id)).token;
  const dryRun = async (file: string): Promise<PriceListDryRun> =>
    unwrap(await owner('pricelist.dryRun', { supplierId, file: await upload(file), sheet: 'Прайс', headerRow: 5, mapping: MAPPING }));
  const plantedBad = (d: PriceListDryRun) => d.bad.map((b) => ({ row: b.row, column: b.column, code: b.code }));
  const planted = () => [...list.planted].sort((a, b) => a.row - b.row);

  it('the wizard finds the sheet, the header on row 5 under the merged title, and proposes the columns', async () => {
    const s = unwrap(await owner('pricelist.sheets', { supplierId, file: await upload(list.xlsx) }));
    expect(s).toMatchObject({ fileKind: 'xlsx', sheet: 'Прайс', headerRow: 5, mapping: MAPPING });
    expect(s.sample.find((r) => r.cells.length > 2)!.cells[2]).toBe('OPT-000001');
  });

  it('the dry run lists exactly the 50 planted rows with their reasons and changes nothing', async () => {
    // Compared as digests: a deep comparison of two dumps of a 100k-product shop takes minutes.
    const digest = () =>
      createHash('sha256')
        .update(JSON.stringify(dumpTables(core.db)))
        .digest('hex');
    const before = digest();
    const d = await dryRun(list.xlsx);
    expect(plantedBad(d)).toEqual(planted());
    expect(d.bad.find((b) => b.code === 'duplicate_barcode')!.message).toMatch(/already on row \d+/);
    expect(d.summary).toMatchObject({
      good: list.expected.length,
      bad: 50,
      matched: list.expected.length - UNKNOWN,
      unmatched: UNKNOWN,
      skipped: UNKNOWN,
      created: 0,
      sections: list.sections,
    });
    // Whether the apply below ran first or not, every matched product is either changed or already at the list's price.
    expect(d.summary.changed + d.summary.unchanged).toBe(list.expected.length - UNKNOWN);
    expect(digest()).toBe(before);
  }, 300_000);

  it('the same list as a Windows-1251 semicolon CSV gives the same bad rows and the same changes', async () => {
    const [fromXlsx, fromCsv] = [await dryRun(list.xlsx), await dryRun(list.csv)];
    expect(plantedBad(fromCsv)).toEqual(plantedBad(fromXlsx));
    // Only the blank rows differ: a workbook leaves them out of the file, a CSV keeps them as empty lines.
    const { empty: _e1, rows: _r1, ...csvSummary } = fromCsv.summary;
    const { empty: _e2, rows: _r2, ...xlsxSummary } = fromXlsx.summary;
    expect(csvSummary).toEqual(xlsxSummary);
    expect(fromCsv.changes).toEqual(fromXlsx.changes);
  }, 300_000);

  it('apply sets the price and cost of every matched product in one audited change; its token is spent', async () => {
    const d = await dryRun(list.xlsx);
    const audits = auditCount(core.db);
    const applied = unwrap(await owner('pricelist.apply', { token: d.token }));
    expect(applied.changed).toBe(d.summary.changed);
    const byBarcode = core.db.raw.prepare('SELECT p.price, p.cost FROM barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ?');
    const byArticle = core.db.raw.prepare(
      'SELECT p.price, p.cost FROM supplier_articles a JOIN products p ON p.id = a.product_id WHERE a.supplier_id = ? AND a.article = ?',
    );
    const bySku = core.db.raw.prepare('SELECT price, cost FROM products WHERE sku = ?');
    const wrong = list.expected.slice(0, -UNKNOWN).filter((e) => {
      const p = (byBarcode.get(e.barcode) ?? byArticle.get(supplierId, e.article) ?? bySku.get(e.article)) as
        { price: number; cost: number } | undefined;
      return !p || p.price !== e.price || p.cost !== e.cost;
    });
    expect(wrong.slice(0, 3)).toEqual([]);
    const entries = auditSince(core.db, audits);
    expect(entries.filter((e) => e.action === 'pricelist.apply')).toEqual([
      { action: 'pricelist.apply', entityId: String(supplierId), userId: 1 },
    ]);
    // Every change is in the audit chain, a thousand to an entry: product, price and cost before and after.
    const listed = core.db.raw
      .prepare(`SELECT user_id AS userId, data FROM audit_log WHERE action = 'price.changes' AND id > ? ORDER BY id`)
      .all(audits) as { userId: number; data: string }[];
    const changes = listed.flatMap((e) => (JSON.parse(e.data) as { changes: number[][] }).changes);
    expect(changes).toHaveLength(applied.changed);
    expect(new Set(changes.map((c) => c[0])).size).toBe(applied.changed);
    expect(listed.every((e) => e.userId === DEMO.owner.id)).toBe(true);
    const first = d.changes[0]!;
    expect(changes.find((c) => c[0] === first.productId)).toEqual([
      first.productId,
      first.from.price,
      first.to.price,
      first.from.cost,
      first.to.cost,
    ]);
    const again = await owner('pricelist.apply', { token: d.token });
    expect(again.ok ? null : again.error.code).toBe('invalid_state');
  }, 300_000);
});

describe('price lists the import refuses', () => {
  let core: ReturnType<typeof testCore>;
  let tmp: ReturnType<typeof tempDir>;
  let owner: Caller;
  let supplierId = 0;
  beforeAll(async () => {
    tmp = tempDir('lavka-pricelist-refused-');
    core = testCore();
    owner = await as(core, 'owner');
    supplierId = unwrap(await owner('supplier.upsert', { name: 'Supplier' })).id;
  });
  afterAll(() => {
    core.cleanup();
    tmp.cleanup();
  });

  const file = (name: string, content: string | Buffer) => {
    const p = path.join(tmp.dir, name);
    writeFileSync(p, content);
    return p;
  };

  it.each([
    ['a PDF named .xlsx', 'list.xlsx', Buffer.from('%PDF-1.7\n...'), 'file_not_spreadsheet'],
    ['an empty file', 'empty.csv', '', 'file_empty'],
    ['a CSV with no header row', 'noheader.csv', 'Чай;100\nКофе;200\n', 'file_no_header'],
    ['a CSV whose header names no key column', 'nokey.csv', 'Наименование;Цена;Остаток\nЧай;100;5\n', 'file_no_key_column'],
  ])('%s: a clear error, for the look and for the dry run, and the database unchanged', async (_what, name, content, code) => {
    const before = dumpTables(core.db);
    const token = (await core.svc.uploads.adopt(file(name, content), DEMO.owner.id)).token;
    const look = await owner('pricelist.sheets', { supplierId, file: token });
    expect(look.ok ? 'ok' : look.error.code).toBe(code);
    const run = await loose(owner)('pricelist.dryRun', { supplierId, file: token, sheet: 'CSV', headerRow: 1, mapping: { price: 1 } });
    expect(run.ok ? 'ok' : run.error.code).toMatch(code === 'file_no_header' ? /file_no_key_column/ : new RegExp(code));
    expect(dumpTables(core.db)).toEqual(before);
  });

  it('a file token of another user, or never issued, is not found', async () => {
    const token = (await core.svc.uploads.adopt(file('ok.csv', 'Штрихкод;Цена\n4600000000008;100\n'), DEMO.manager.id)).token;
    for (const t of [token, '0'.repeat(32)]) {
      const r = await owner('pricelist.sheets', { supplierId, file: t });
      expect(r.ok ? 'ok' : r.error.code).toBe('not_found');
    }
  });
});

describe('a small price list applied with markups, new products and a stale dry run', () => {
  let core: ReturnType<typeof testCore>;
  let tmp: ReturnType<typeof tempDir>;
  let owner: Caller;
  let supplierId = 0;
  let tea = 0;
  let coffee = 0;
  let sugar = 0;
  beforeAll(async () => {
    tmp = tempDir('lavka-pricelist-small-');
    core = testCore();
    owner = await as(core, 'owner');
    supplierId = unwrap(await owner('supplier.upsert', { name: 'Tea House' })).id;
    const cat = unwrap(await owner('category.upsert', { name: 'Tea and coffee', markupBp: 5000, rounding: '90' })).id;
    tea = unwrap(
      await owner('catalog.upsert', {
        sku: 'TEA',
        name: 'Tea',
        unit: 'pcs',
        price: 10_000,
        cost: 6_000,
        taxRateBp: 0,
        categoryId: cat,
        barcodes: ['4600000000008'],
      }),
    ).id;
    coffee = unwrap(
      await owner('catalog.upsert', {
        sku: 'COF',
        name: 'Coffee',
        unit: 'pcs',
        price: 20_000,
        cost: 12_000,
        taxRateBp: 0,
        categoryId: cat,
        articles: [{ supplierId, article: 'TH-2' }],
      }),
    ).id;
    sugar = unwrap(
      await owner('catalog.upsert', {
        sku: 'SUG',
        name: 'Sugar',
        unit: 'kg',
        price: 9_000,
        cost: 5_000,
        taxRateBp: 0,
        barcodes: ['4600000000022'],
      }),
    ).id;
  });
  afterAll(() => {
    core.cleanup();
    tmp.cleanup();
  });

  async function workbook(rows: (string | number | null)[][]): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Price');
    ws.addRow(['Barcode', 'Article', 'Name', 'Cost', 'Price']);
    for (const r of rows) ws.addRow(r);
    const p = path.join(tmp.dir, `list-${Math.random().toString(36).slice(2)}.xlsx`);
    await wb.xlsx.writeFile(p);
    return p;
  }
  const MAP = { barcode: 0, article: 1, name: 2, cost: 3, price: 4 };
  const LIST = [
    ['4600000000008', 'TH-1', 'Tea', '70,00', '120,00'],
    [null, 'TH-2', 'Coffee', 140, 250],
    ['4600000000015', 'TH-3', 'Cocoa', '50', '99,90'],
  ];

  it('retail by category markup from the new cost, rounded as the category says; unknown rows become products', async () => {
    const token = (await core.svc.uploads.adopt(await workbook(LIST), DEMO.owner.id)).token;
    const d = unwrap(
      await owner('pricelist.dryRun', {
        supplierId,
        file: token,
        sheet: 'Price',
        headerRow: 1,
        mapping: MAP,
        retail: 'markup',
        unmatched: { action: 'create', categoryId: null, taxRateBp: 2000 },
      }),
    );
    expect(d.bad).toEqual([]);
    expect(d.summary).toMatchObject({ matched: 2, changed: 2, created: 1 });
    expect(d.changes).toEqual([
      { row: 2, productId: tea, from: { price: 10_000, cost: 6_000 }, to: { price: 10_490, cost: 7_000 } },
      { row: 3, productId: coffee, from: { price: 20_000, cost: 12_000 }, to: { price: 20_990, cost: 14_000 } },
    ]);
    expect(unwrap(await owner('pricelist.apply', { token: d.token }))).toEqual({ changed: 2, created: 1, linked: 1 });
    const cocoa = unwrap(await owner('catalog.scan', { code: '4600000000015' })).product;
    expect(cocoa).toMatchObject({ name: 'Cocoa', sku: 'TH-3', price: 9_990, cost: 5_000, taxRateBp: 2000, supplierId });
    // The tea's article is linked: the next list finds it by article alone.
    expect(unwrap(await owner('catalog.get', { id: tea })).articles).toEqual([{ supplierId, article: 'TH-1' }]);
    // The mapping is kept for the supplier: the next file's columns come proposed from it.
    const next = unwrap(await owner('pricelist.sheets', { supplierId, file: token }));
    expect(next).toMatchObject({ kept: true, mapping: MAP, headerRow: 1 });
  });

  it('a dry run whose prices moved before the apply is refused, and nothing is written', async () => {
    const token = (await core.svc.uploads.adopt(await workbook([['4600000000022', null, 'Sugar', 60, 95]]), DEMO.owner.id)).token;
    const d = unwrap(await owner('pricelist.dryRun', { supplierId, file: token, sheet: 'Price', headerRow: 1, mapping: MAP }));
    expect(d.summary.changed).toBe(1);
    unwrap(await owner('catalog.upsert', { id: sugar, sku: 'SUG', name: 'Sugar', unit: 'kg', price: 9_100, taxRateBp: 0 }));
    const before = dumpTables(core.db);
    const r = await owner('pricelist.apply', { token: d.token });
    expect(r.ok ? 'ok' : r.error.code).toBe('invalid_state');
    expect(dumpTables(core.db)).toEqual(before);
  });

  it('a column left out of the mapping is not read, even where the header names it', async () => {
    const salt = unwrap(
      await owner('catalog.upsert', {
        sku: 'SALT',
        name: 'Salt',
        unit: 'pcs',
        price: 3_000,
        cost: 1_000,
        taxRateBp: 0,
        barcodes: ['4600000000039'],
      }),
    ).id;
    const token = (await core.svc.uploads.adopt(await workbook([['4600000000039', null, 'Salt', 12, 99]]), DEMO.owner.id)).token;
    const { price: _unused, ...costOnly } = MAP;
    const d = unwrap(await owner('pricelist.dryRun', { supplierId, file: token, sheet: 'Price', headerRow: 1, mapping: costOnly }));
    expect(d.changes).toEqual([{ row: 2, productId: salt, from: { price: 3_000, cost: 1_000 }, to: { price: 3_000, cost: 1_200 } }]);
  });

  it('new products go only into a category that exists', async () => {
    const token = (await core.svc.uploads.adopt(await workbook(LIST), DEMO.owner.id)).token;
    const r = await owner('pricelist.dryRun', {
      supplierId,
      file: token,
      sheet: 'Price',
      headerRow: 1,
      mapping: MAP,
      unmatched: { action: 'create', categoryId: 999, taxRateBp: 0 },
    });
    expect(r.ok ? 'ok' : r.error.code).toBe('not_found');
  });
});
