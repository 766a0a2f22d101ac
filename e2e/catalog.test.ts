// The owner's catalog in the browser: editing a product (and the till selling at its new price), a duplicate barcode
// refused next to its field, a bulk price change applying exactly its preview, search as you type, filters in the URL.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startServer, type RunningServer } from './harness';
import { apiAs, CASHIER, demoBarcode, ensureShift, login, OWNER, payOnScreen, screenLines, SLOW, type Call } from './helpers-counter';

let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let owner: Call;
let problems: string[];
let drinks: { id: number };
const DRINKS = [20, 21, 22];

type Product = { id: number; name: string; price: number; barcodes: string[] };
const product = (id: number) => owner<Product>('catalog.get', { id });

beforeAll(async () => {
  srv = await startServer({ demo: true });
  owner = await apiAs(srv.url, OWNER);
  drinks = await owner<{ id: number }>('category.upsert', { name: 'Drinks' });
  const juices = await owner<{ id: number }>('category.upsert', { name: 'Juices', parentId: drinks.id });
  for (const [i, id] of DRINKS.entries()) {
    const p = await product(id);
    await owner('catalog.upsert', { ...pick(p), categoryId: i === 2 ? juices.id : drinks.id });
  }
  browser = await launchBrowser();
  page = browser.page;
  problems = [];
  page.on('pageerror', (e) => problems.push(e.stack ?? e.message));
});
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

/** The fields catalog.upsert needs to save a product as it is. */
function pick(p: Product & Record<string, unknown>) {
  return { id: p.id, sku: p.sku, name: p.name, unit: p.unit, price: p.price, taxRateBp: p.taxRateBp };
}

/** Each test signs in afresh, in English. */
async function signIn(who = OWNER, hash = '#/catalog') {
  await page.context().clearCookies();
  await page.goto(srv.url);
  await page.evaluate(() => localStorage.setItem('lavka.lang', 'en'));
  await page.reload();
  await login(page, who);
  await page.goto(`${srv.url}${hash}`);
}

// The rows of the list in effect: while a new search's rows are on their way, the last answered ones stay, marked busy.
const rowIds = () =>
  page
    .locator('[role="table"][aria-busy="false"] [data-testid^="catalog-row-"]')
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-testid')!.slice(12))));

describe('the owner’s catalog', () => {
  it('the owner edits a price and the till sells at the new price', async () => {
    await signIn();
    const before = await product(5);
    await page.getByTestId('catalog-search').pressSequentially(before.name.split(' ')[0]!);
    await page.getByTestId('catalog-row-5').click();
    await page.locator('[data-testid="product-editor"][data-product-id="5"]').waitFor();
    await page.getByTestId('product-price').fill('777.70');
    await page.getByTestId('product-save').click();
    await page.getByTestId('product-saved').waitFor();
    expect((await product(5)).price).toBe(77770);

    await page.getByTestId('logout').click();
    await login(page, CASHIER);
    await ensureShift(page);
    await page.getByTestId('scan-input').fill(demoBarcode(5));
    await page.getByTestId('scan-input').press('Enter');
    await expect.poll(() => screenLines(page), SLOW).toEqual([expect.objectContaining({ productId: 5, price: 77770, amount: 77770 })]);
    await payOnScreen(page, { cash: '1000' });
    expect(problems).toEqual([]);
  });

  it('a duplicate barcode shows its message next to the field and changes nothing', async () => {
    const before = await product(2);
    const other = await product(3);
    await signIn(OWNER, '#/catalog/2');
    await page.locator('[data-testid="product-editor"][data-product-id="2"]').waitFor();
    await page.getByTestId('product-name').fill('Renamed while failing');
    await page.getByTestId('product-barcode-add').click();
    const field = page.getByTestId(`product-barcode-${before.barcodes.length}`);
    await field.fill(other.barcodes[0]!);
    await page.getByTestId('product-save').click();

    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await field.getAttribute('aria-describedby'))!.split(' ');
    const messages = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(messages).toContain('This barcode already belongs to another product.');
    expect(await page.getByTestId('product-save-error').count()).toBe(0);
    expect(await product(2)).toEqual(before);
    expect(await product(3)).toEqual(other);
  });

  it('a bulk change by category shows its preview and applies exactly what it showed', async () => {
    const before = await Promise.all(DRINKS.map(product));
    await signIn(OWNER, `#/catalog?category=${drinks.id}`);
    await expect.poll(() => rowIds()).toEqual(expect.arrayContaining(DRINKS));
    await page.getByTestId('catalog-bulk').click();
    await page.getByTestId('bulk-dialog').waitFor();
    await expect.poll(() => page.getByTestId('bulk-category').inputValue()).toBe(String(drinks.id));
    await page.getByTestId('bulk-value').fill('10');
    await page.getByTestId('bulk-rounding').selectOption('90');
    await page.getByTestId('bulk-preview-run').click();
    await page.getByTestId('bulk-preview').waitFor();
    const shown = await page.getByTestId('bulk-change').evaluateAll((rows) =>
      rows.map((r) => ({
        id: Number(r.getAttribute('data-product-id')),
        from: Number(r.getAttribute('data-from')),
        to: Number(r.getAttribute('data-to')),
      })),
    );
    // The subcategory's product is in it too; each new price is 10 % up, ending in .90.
    expect(shown.map((c) => c.id).sort()).toEqual(DRINKS);
    for (const c of shown) {
      expect(c.from).toBe(before.find((p) => p.id === c.id)!.price);
      expect(c.to % 100).toBe(90);
      expect(c.to).toBeGreaterThan(c.from);
    }
    await page.getByTestId('bulk-apply').click();
    await page.locator('[data-testid="bulk-applied"][data-changed="3"]').waitFor();
    for (const c of shown) expect((await product(c.id)).price).toBe(c.to);

    // A preview gone stale: another price moved after it was shown; applying changes nothing and says why.
    await page.keyboard.press('Escape');
    await page.getByTestId('catalog-bulk').click();
    await page.getByTestId('bulk-value').fill('-5');
    await page.getByTestId('bulk-preview-run').click();
    await page.getByTestId('bulk-preview').waitFor();
    const moved = await product(DRINKS[0]!);
    await owner('catalog.upsert', { ...pick(moved as Product & Record<string, unknown>), price: moved.price + 100 });
    const now = await Promise.all(DRINKS.map(product));
    await page.getByTestId('bulk-apply').click();
    await page.getByTestId('bulk-stale').waitFor();
    expect(await page.getByTestId('bulk-apply').count()).toBe(0);
    expect(await Promise.all(DRINKS.map(product))).toEqual(now);
  });

  it('search as you type shows results without Enter, in the catalog and at the counter', async () => {
    const target = await product(7);
    await signIn();
    await page.locator('[data-testid^="catalog-row-"]').first().waitFor();
    await page.getByTestId('catalog-search').pressSequentially(target.name);
    await expect.poll(() => rowIds(), SLOW).toContain(7);
    expect((await rowIds()).length).toBeLessThan(20);
    // The URL follows the search once typing pauses.
    await expect.poll(() => new URL(page.url()).hash).toContain(`q=`);

    await page.getByTestId('logout').click();
    await login(page, CASHIER);
    await ensureShift(page);
    await page.keyboard.press('F2');
    await page.getByTestId('picker-search').pressSequentially(target.name);
    await page.getByTestId('picker-item-7').waitFor();
    // The keyboard still picks: the first result is highlighted, Enter takes it.
    await page.keyboard.press('Escape');
  });

  it('a cashier reads the catalog and a product but changes nothing', async () => {
    await signIn(CASHIER);
    await page.locator('[data-testid^="catalog-row-"]').first().waitFor();
    expect(await page.getByTestId('catalog-add').count()).toBe(0);
    expect(await page.getByTestId('catalog-bulk').count()).toBe(0);
    expect(await page.locator('[data-testid^="catalog-pick-"]').count()).toBe(0);
    await page.locator('[data-testid^="catalog-row-"]').first().click();
    await page.getByTestId('product-name').waitFor();
    expect(await page.getByTestId('product-save').count()).toBe(0);
    expect(await page.getByTestId('product-name').isDisabled()).toBe(true);
    expect(await page.getByTestId('product-price').isDisabled()).toBe(true);
    await page.getByTestId('product-back').click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/catalog');
  });

  it('filters restore from the URL after a reload', async () => {
    await signIn();
    await page.locator('[data-testid^="catalog-row-"]').first().waitFor();
    await page.getByTestId('catalog-category').selectOption(String(drinks.id));
    await page.getByTestId('catalog-archived').selectOption('all');
    await page.getByTestId('catalog-no-barcode').check();
    await page.getByTestId('catalog-no-barcode').uncheck();
    await page.getByTestId('catalog-below-min').check();
    await page.getByTestId('sort-price').click();
    await expect.poll(() => new URL(page.url()).hash).toContain('sort=price');
    expect(new URL(page.url()).hash).toContain('belowMin=true');
    const sorted = await page.locator('[role="columnheader"]:has([data-testid="sort-price"])').getAttribute('aria-sort');
    expect(sorted).toMatch(/ascending|descending/);
    const hash = new URL(page.url()).hash;

    await page.reload();
    await page.getByTestId('catalog-category').waitFor();
    expect(new URL(page.url()).hash).toBe(hash);
    // The category's option comes with the category list, a moment after the select.
    await expect.poll(() => page.getByTestId('catalog-category').inputValue()).toBe(String(drinks.id));
    expect(await page.getByTestId('catalog-archived').inputValue()).toBe('all');
    expect(await page.getByTestId('catalog-below-min').isChecked()).toBe(true);
    expect(await page.getByTestId('catalog-no-barcode').isChecked()).toBe(false);
    expect(await page.locator('[role="columnheader"]:has([data-testid="sort-price"])').getAttribute('aria-sort')).toBe(sorted);
  });
});
