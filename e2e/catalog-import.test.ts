// The import wizard's catalog mode end to end in browser mode: the owner opens it from the catalog, loads a new
// catalog from Excel, the dry run lists every bad row and creates nothing, the apply creates the rest, and the new
// products are found in the catalog and sold at the till.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe';
import { launchBrowser, startServer, type RunningServer } from './harness';
import {
  apiAs,
  CASHIER,
  demoBarcode,
  ensureShift,
  login,
  OWNER,
  payOnScreen,
  readDb,
  screenLines,
  SLOW,
  withCheckDigit,
  type Call,
} from './helpers-counter';

let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let owner: Call;
let dir: string;
let file: string;
let groceries: number;
let snacks: number;
const problems: string[] = [];

const code = (n: number) => withCheckDigit(`469123${String(n).padStart(6, '0')}`);
const badCheckDigit = (gtin: string) => `${gtin.slice(0, 12)}${(Number(gtin[12]) + 1) % 10}`;
/** The good rows: two in the file's own category, three with none (they go to the category chosen in the wizard). */
const GOOD = [
  { row: 4, name: 'Гречка ядрица 900 г', sku: 'GR-900', barcode: code(1), category: 'Бакалея', unit: 'шт', cost: '61,20', price: '89,90' },
  { row: 5, name: 'Рис круглый 800 г', sku: 'RI-800', barcode: code(2), category: 'бакалея', unit: 'шт', cost: '55', price: '79,00' },
  { row: 7, name: 'Орешки солёные', sku: 'OR-1', barcode: code(3), category: null, unit: 'шт', cost: '40', price: '69,90' },
  { row: 9, name: 'Сухарики ржаные', sku: 'SU-1', barcode: code(4), category: null, unit: 'шт', cost: '18,50', price: '34,90' },
  { row: 12, name: 'Арахис на развес', sku: 'AR-KG', barcode: code(5), category: null, unit: 'кг', cost: '210', price: '349,00' },
];
/** Row number → the column and reason the dry run must name. */
const BAD: Record<number, { column: string; code: string }> = {
  6: { column: 'Наименование', code: 'empty_required' },
  8: { column: 'Штрихкод', code: 'exists' },
  10: { column: 'Цена розн.', code: 'not_a_number' },
  11: { column: 'Категория', code: 'unknown_category' },
  13: { column: 'Штрихкод', code: 'invalid_check_digit' },
  14: { column: 'Артикул', code: 'duplicate_article' },
};

async function catalogXlsx(to: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Товары');
  ws.addRow(['Каталог магазина «Лавка»']);
  ws.mergeCells('A1:G1');
  ws.addRow([]);
  ws.addRow(['Наименование', 'Штрихкод', 'Артикул', 'Категория', 'Ед. изм.', 'Цена закупки', 'Цена розн.']);
  const good = (g: (typeof GOOD)[number]) => [g.name, Number(g.barcode), g.sku, g.category, g.unit, g.cost, g.price];
  const rows: Record<number, (string | number | null)[]> = {
    6: [null, Number(code(6)), 'NO-NAME', null, 'шт', '10', '20'],
    8: ['Молоко с чужим штрихкодом', Number(demoBarcode(1)), 'MILK-X', null, 'шт', '50', '80'],
    10: ['Чипсы', Number(code(7)), 'CH-1', null, 'шт', '40', 'по запросу'],
    11: ['Кола', Number(code(8)), 'COLA-1', 'Напитки', 'шт', '60', '99'],
    13: ['Печенье', badCheckDigit(code(10)), 'PE-1', null, 'шт', '30', '49,90'],
    14: ['Гречка ещё раз', Number(code(9)), 'GR-900', 'Бакалея', 'шт', '61', '89'],
  };
  for (const g of GOOD) rows[g.row] = good(g);
  for (let r = 4; r <= 14; r++) ws.addRow(rows[r]!);
  await wb.xlsx.writeFile(to);
}

const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const productCount = () => readDb(srv.dataDir, (db) => (db.prepare('SELECT count(*) AS n FROM products').get() as { n: number }).n);
const visibleProblems = () =>
  page
    .getByTestId('import-problem')
    .evaluateAll((rows) => rows.map((r) => [Number(r.getAttribute('data-row')), r.getAttribute('data-code'), r.children[1]!.textContent]));

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lavka-e2e-catalog-import-'));
  file = path.join(dir, 'каталог.xlsx');
  await catalogXlsx(file);
  srv = await startServer({ demo: true });
  owner = await apiAs(srv.url, OWNER);
  groceries = (await owner<{ id: number }>('category.upsert', { name: 'Бакалея' })).id;
  snacks = (await owner<{ id: number }>('category.upsert', { name: 'Снеки' })).id;
  browser = await launchBrowser();
  // The axe check injects its script, which the app's CSP would refuse.
  // The smallest window the shop runs at, in Russian (the longer texts): the wizard must not scroll sideways.
  page = await (await browser.browser.newContext({ bypassCSP: true, viewport: { width: 1024, height: 768 } })).newPage();
  page.on('pageerror', (e) => problems.push(e.stack ?? e.message));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('loading a new catalog from Excel', () => {
  it('the owner loads a new catalog from Excel: the dry run lists the bad rows and changes nothing, apply creates the rest, they are found in the catalog and sold at the till', async () => {
    await page.goto(srv.url);
    await page.evaluate(() => localStorage.setItem('lavka.lang', 'ru'));
    await page.reload();
    await login(page, OWNER);
    await page.goto(`${srv.url}#/catalog`);
    await page.getByTestId('catalog-import-open').click();
    await page.getByTestId('catalog-import').waitFor();
    expect(new URL(page.url()).hash).toBe('#/catalog/import');

    await page.locator('input[type="file"]').setInputFiles(file);
    await page.getByTestId('import-send').click();
    await page.getByTestId('import-columns').waitFor();
    expect(await page.getByTestId('import-header-row').inputValue()).toBe('3');
    const fields = await Promise.all(['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((l) => page.getByTestId(`import-field-${l}`).inputValue()));
    expect(fields).toEqual(['name', 'barcode', 'article', 'category', 'unit', 'cost', 'price']);
    await page.getByTestId('import-category').selectOption(String(snacks));

    const before = productCount();
    await page.getByTestId('import-dry-run').click();
    const table = page.getByTestId('import-problems');
    await table.waitFor();
    expect(await visibleProblems()).toEqual(Object.entries(BAD).map(([row, b]) => [Number(row), b.code, b.column]));
    expect(await table.getAttribute('data-count')).toBe(String(Object.keys(BAD).length));
    expect(await page.getByTestId('import-summary-good').getAttribute('data-value')).toBe(String(GOOD.length));
    expect(await page.getByTestId('import-summary-bad').getAttribute('data-value')).toBe(String(Object.keys(BAD).length));
    expect(await axeViolations(page)).toEqual([]);
    expect(await sideways()).toBeLessThanOrEqual(1);
    // The dry run wrote nothing: no new product, not even the good rows.
    expect(productCount()).toBe(before);
    expect((await owner.raw('catalog.scan', { code: GOOD[0]!.barcode })).error?.code).toBe('unknown_barcode');

    await page.getByTestId('import-apply').click();
    const done = page.getByTestId('import-applied');
    await done.waitFor({ timeout: 60_000 });
    expect(await done.getAttribute('data-created')).toBe(String(GOOD.length));
    expect(productCount()).toBe(before + GOOD.length);
    expect(await axeViolations(page)).toEqual([]);
    expect(await sideways()).toBeLessThanOrEqual(1);

    const created = await Promise.all(
      GOOD.map((g) =>
        owner<{ product: { id: number; sku: string; price: number; cost: number; unit: string; categoryId: number | null } }>(
          'catalog.scan',
          { code: g.barcode },
        ),
      ),
    );
    expect(created.map((c) => [c.product.sku, c.product.categoryId])).toEqual(GOOD.map((g) => [g.sku, g.category ? groceries : snacks]));
    expect(created[4]!.product).toMatchObject({ unit: 'kg', price: 34_900, cost: 21_000 });

    // The link goes to the catalog, where the new products are found by name.
    await page.getByTestId('import-to-catalog').click();
    await page.getByTestId('catalog-search').pressSequentially('Сухарики');
    await page.getByTestId(`catalog-row-${created[3]!.product.id}`).waitFor();

    // And the till sells one at the price from the file.
    await page.getByTestId('logout').click();
    await login(page, CASHIER);
    await ensureShift(page);
    await page.getByTestId('scan-input').fill(GOOD[0]!.barcode);
    await page.getByTestId('scan-input').press('Enter');
    await expect
      .poll(() => screenLines(page), SLOW)
      .toEqual([expect.objectContaining({ productId: created[0]!.product.id, price: 8_990, amount: 8_990 })]);
    await payOnScreen(page, { cash: '100' });
    expect(problems).toEqual([]);
  }, 180_000);
});
