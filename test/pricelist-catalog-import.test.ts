// New products from a spreadsheet through the import wizard's methods: the dry run lists every bad row with its
// reason and creates nothing; the apply creates every product of a clean file through the catalog's own create path,
// or none of them.
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { dumpTables } from './db-dump';
import { as, DEMO, tempDir, testCore, unwrap } from './helpers';

const HEADER = ['Наименование', 'Штрихкод', 'Артикул', 'Категория', 'Ед. изм.', 'Цена закупки', 'Цена розн.'];

describe('a catalog import from an .xlsx file', () => {
  let core: ReturnType<typeof testCore>;
  let tmp: ReturnType<typeof tempDir>;
  let owner: Caller;
  let dairy = 0;
  let supplierId = 0;

  beforeAll(async () => {
    tmp = tempDir('lavka-catalog-import-');
    core = testCore();
    owner = await as(core, 'owner');
    supplierId = unwrap(await owner('supplier.upsert', { name: 'Молокозавод' })).id;
    dairy = unwrap(await owner('category.upsert', { name: 'Молочные продукты' })).id;
    unwrap(
      await owner('catalog.upsert', {
        sku: 'MILK-1',
        name: 'Молоко',
        unit: 'pcs',
        price: 9_000,
        taxRateBp: 0,
        barcodes: ['4600000000008'],
      }),
    );
  });
  afterAll(() => {
    core.cleanup();
    tmp.cleanup();
  });

  async function workbook(rows: (string | number | null)[][]): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Товары');
    ws.addRow(['Каталог магазина']);
    ws.addRow([]);
    ws.addRow(HEADER);
    for (const r of rows) ws.addRow(r);
    const file = path.join(tmp.dir, `catalog-${Math.random().toString(36).slice(2)}.xlsx`);
    await wb.xlsx.writeFile(file);
    return file;
  }
  const dryRun = async (rows: (string | number | null)[][]) => {
    const file = (await core.svc.uploads.adopt(await workbook(rows), DEMO.owner.id)).token;
    const look = unwrap(await owner('pricelist.sheets', { supplierId, file }));
    return {
      look,
      run: unwrap(await owner('pricelist.catalogDryRun', { file, sheet: look.sheet, headerRow: look.headerRow, mapping: look.mapping })),
    };
  };

  it('the dry run lists each bad row with its column and reason, and creates nothing', async () => {
    const before = dumpTables(core.db);
    const { look, run } = await dryRun([
      ['Кефир 1%', 4690000000016, 'KEF-1', 'Молочные продукты', 'шт', '55,00', '89,90'],
      ['Ряженка', 4690000000023, 'RYA-1', 'Напитки', 'шт', '60', '95'],
      ['Молоко другое', 4600000000008, 'MILK-2', null, 'шт', '50', '80'],
      [null, 4690000000030, 'X-1', null, 'шт', '10', '20'],
      ['Сыр', 4690000000047, 'MILK-1', 'Молочные продукты', 'кг', '500', '799,00'],
      ['Творог', 4690000000054, 'TV-1', null, 'шт', '70', 'по запросу'],
    ]);
    expect(look).toMatchObject({ headerRow: 3, mapping: { name: 0, barcode: 1, article: 2, category: 3, unit: 4, cost: 5, price: 6 } });
    expect(run.bad.map((b) => ({ row: b.row, column: b.column, code: b.code }))).toEqual([
      { row: 5, column: 'Категория', code: 'unknown_category' },
      { row: 6, column: 'Штрихкод', code: 'exists' },
      { row: 7, column: 'Наименование', code: 'empty_required' },
      { row: 8, column: 'Артикул', code: 'exists' },
      { row: 9, column: 'Цена розн.', code: 'not_a_number' },
    ]);
    expect(run.summary).toMatchObject({ good: 1, bad: 5 });
    expect(run.products).toEqual([
      { row: 4, sku: 'KEF-1', name: 'Кефир 1%', barcode: '4690000000016', unit: 'pcs', price: 8_990, cost: 5_500, categoryId: dairy },
    ]);
    const apply = await owner('pricelist.catalogApply', { token: run.token });
    expect(apply.ok ? 'ok' : apply.error.code).toBe('invalid_state');
    expect(dumpTables(core.db)).toEqual(before);
  });

  it('a clean file creates every product through the catalog, audited one by one', async () => {
    const { run } = await dryRun([
      ['Кефир 1%', 4690000000085, 'KEF-2', 'молочные продукты', 'шт', '55,00', '89,90'],
      ['Сыр', 4690000000092, 'CHE-1', 'Молочные продукты', 'кг', '500', '799,00'],
      ['Пакет', null, 'BAG', null, null, null, '5'],
    ]);
    expect(run.bad).toEqual([]);
    expect(unwrap(await owner('pricelist.catalogApply', { token: run.token }))).toEqual({ created: 3 });
    const cheese = unwrap(await owner('catalog.scan', { code: '4690000000092' })).product;
    expect(cheese).toMatchObject({ sku: 'CHE-1', name: 'Сыр', unit: 'kg', price: 79_900, cost: 50_000, categoryId: dairy });
    const bag = unwrap(await owner('catalog.search', { q: 'BAG' }))[0]!;
    expect(bag).toMatchObject({ sku: 'BAG', price: 500, cost: 0, categoryId: null, barcodes: [] });
    const created = core.db.raw
      .prepare(
        `SELECT user_id AS userId, json_extract(data, '$.sku') AS sku FROM audit_log WHERE action = 'product.create' ORDER BY id DESC LIMIT 3`,
      )
      .all();
    expect(created).toEqual([
      { userId: DEMO.owner.id, sku: 'BAG' },
      { userId: DEMO.owner.id, sku: 'CHE-1' },
      { userId: DEMO.owner.id, sku: 'KEF-2' },
    ]);
  });

  it('a barcode given to another product after the dry run fails the whole import, naming its row', async () => {
    const { run } = await dryRun([
      ['Йогурт', 4690000000061, 'YOG-1', null, 'шт', '30', '49,90'],
      ['Масло', 4690000000078, 'BUT-1', null, 'шт', '120', '199,90'],
    ]);
    expect(run.bad).toEqual([]);
    unwrap(
      await owner('catalog.upsert', { sku: 'OTHER', name: 'Другое', unit: 'pcs', price: 100, taxRateBp: 0, barcodes: ['4690000000078'] }),
    );
    const before = dumpTables(core.db);
    const r = await owner('pricelist.catalogApply', { token: run.token });
    expect(r.ok ? '' : `${r.error.code}: ${r.error.message}`).toMatch(/^invalid_state: row 5: barcode 4690000000078/);
    expect(dumpTables(core.db)).toEqual(before);
  });

  it('the wizard reads the file without a supplier; rows with no category go to the one chosen for the import', async () => {
    const snacks = unwrap(await owner('category.upsert', { name: 'Снеки' })).id;
    const file = (
      await core.svc.uploads.adopt(
        await workbook([
          ['Чипсы', 4690000000108, 'CHIPS-1', null, 'шт', '40', '69,90'],
          ['Творожок', 4690000000115, 'TVR-1', 'Молочные продукты', 'шт', '25', '39,90'],
        ]),
        DEMO.owner.id,
      )
    ).token;
    const look = unwrap(await owner('pricelist.catalogSheets', { file }));
    expect(look).toMatchObject({ headerRow: 3, kept: false, mapping: { name: 0, barcode: 1, article: 2, category: 3 } });
    const args = { file, sheet: look.sheet, headerRow: look.headerRow, mapping: look.mapping };
    const missing = await owner('pricelist.catalogDryRun', { ...args, categoryId: 999_999 });
    expect(missing.ok ? 'ok' : missing.error.code).toBe('not_found');
    const run = unwrap(await owner('pricelist.catalogDryRun', { ...args, categoryId: snacks, taxRateBp: 2_000 }));
    expect(run.products.map((p) => [p.sku, p.categoryId])).toEqual([
      ['CHIPS-1', snacks],
      ['TVR-1', dairy],
    ]);
    expect(unwrap(await owner('pricelist.catalogApply', { token: run.token }))).toEqual({ created: 2 });
    const chips = unwrap(await owner('catalog.scan', { code: '4690000000108' })).product;
    expect(chips).toMatchObject({ sku: 'CHIPS-1', categoryId: snacks, taxRateBp: 2_000 });
  });

  it('told to skip the bad rows the dry run listed, the apply creates the good ones and audits what it skipped', async () => {
    const { run } = await dryRun([
      ['Сметана', 4690000000122, 'SME-1', null, 'шт', '45', '74,90'],
      ['Снова молоко', 4600000000008, 'MILK-3', null, 'шт', '50', '80'],
      ['Ряженка', 4690000000139, 'RYA-2', 'Напитки', 'шт', '60', '95'],
      ['Простокваша', 4690000000146, 'PRO-1', null, 'шт', '40', '64,90'],
    ]);
    expect(run.summary).toMatchObject({ good: 2, bad: 2 });
    expect(unwrap(await owner('pricelist.catalogApply', { token: run.token, skipBad: true }))).toEqual({ created: 2 });
    expect(unwrap(await owner('catalog.scan', { code: '4690000000146' })).product).toMatchObject({ sku: 'PRO-1', price: 6_490 });
    const miss = await owner('catalog.scan', { code: '4690000000139' });
    expect(miss.ok ? 'found' : miss.error.code).toBe('unknown_barcode');
    const audit = core.db.raw.prepare(`SELECT data FROM audit_log WHERE action = 'catalog.import' ORDER BY id DESC LIMIT 1`).get() as {
      data: string;
    };
    expect(JSON.parse(audit.data)).toEqual({ created: 2, skipped: 2 });
  });
});
