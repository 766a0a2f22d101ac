// The screens a till and a back office show, at the 15" 4:3 touchscreen (1024×768) up to full HD, in Russian (the
// longer words): no nav label cut off, no column so narrow that its text stands one letter per line, no scrolling of
// the page itself (lists and the cart scroll inside their own boxes). Screenshots go to a temp folder for a person
// to look at (printed at the end).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startServer, type RunningServer } from './harness';
import { apiAs, CASHIER, demoBarcode, ensureShift, login, MANAGER, OWNER, uuid, withCheckDigit } from './helpers-counter';

const SIZES = [
  [1024, 768],
  [1366, 768],
  [1920, 1080],
] as const;
const LONG_CODE = withCheckDigit('460700199901');
const LONG_NAME = 'Сыр полутвёрдый «Российский молодой» выдержанный 45% весовой, нарезка';

let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let longId = 0;
const shots = mkdtempSync(path.join(tmpdir(), 'lavka-layout-'));

beforeAll(async () => {
  srv = await startServer({ demo: true });
  const owner = await apiAs(srv.url, OWNER);
  await owner('settings.set', { locale: 'ru' });
  const long = await owner<{ id: number }>('catalog.upsert', {
    sku: 'LONG-1',
    name: LONG_NAME,
    unit: 'pcs',
    price: 123456,
    taxRateBp: 2000,
    barcodes: [LONG_CODE],
  });
  longId = long.id;
  await owner('category.upsert', { name: 'Молочные продукты и сыры собственного производства', markupBp: 3500, rounding: '90' });
  await owner('supplier.upsert', { name: 'ООО «Молочный двор Подмосковья»', taxId: '7701234567', paymentTermsDays: 14 });
  const manager = await apiAs(srv.url, MANAGER);
  await manager('shift.open', { float: 0 });
  await manager('sale.post', { uuid: uuid(), lines: [{ productId: 1, qty: 1000 }], payments: [{ method: 'cash', amount: 1_000_000 }] });
  browser = await launchBrowser();
  page = browser.page;
});
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  console.log(`layout screenshots: ${shots}`);
});

/** What is wrong with the layout now, as sentences; empty when it fits. */
async function layoutProblems(): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth + 1) problems.push(`the page scrolls sideways: ${doc.scrollWidth} > ${window.innerWidth}`);
    if (doc.scrollHeight > window.innerHeight + 1) problems.push(`the page scrolls down: ${doc.scrollHeight} > ${window.innerHeight}`);
    const nav = document.querySelector('header nav');
    if (nav && nav.scrollWidth > nav.clientWidth + 1) problems.push(`the header nav overflows: ${nav.scrollWidth} > ${nav.clientWidth}`);
    for (const b of document.querySelectorAll<HTMLElement>(
      'header [data-testid^="nav-"], header [data-testid="logout"], header [data-testid="switch-user"]',
    )) {
      const r = b.getBoundingClientRect();
      if (r.right > window.innerWidth + 1 || r.left < -1) problems.push(`${b.dataset.testid} is outside the window`);
      for (const el of [b, ...b.querySelectorAll<HTMLElement>('*')])
        // (A 1 px box is text for screen readers only.)
        if (el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible')
          problems.push(`${b.dataset.testid}: its text is cut (${el.scrollWidth} > ${el.clientWidth}): "${b.innerText}"`);
    }
    // A text that wraps after every letter or two: tall and narrow for its font.
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const text = [...el.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      if (text.length < 4) continue;
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height) continue;
      const s = getComputedStyle(el);
      const font = parseFloat(s.fontSize);
      const line = parseFloat(s.lineHeight) || font * 1.3;
      if (r.height > line * 3.5 && r.width < font * 3)
        problems.push(`"${text.slice(0, 30)}" stands ${Math.round(r.height / line)} lines tall in ${Math.round(r.width)} px`);
    }
    return problems;
  });
}

async function check(name: string, w: number, h: number) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, `${name}-${w}x${h}.png`) });
  expect(await layoutProblems(), `${name} at ${w}×${h}`).toEqual([]);
}

describe.each(SIZES)('layout at %i×%i in Russian', (w, h) => {
  it('sale with lines, pay dialog and returns (cashier)', async () => {
    await page.setViewportSize({ width: w, height: h });
    await page.context().clearCookies();
    await page.goto(srv.url);
    await login(page, CASHIER);
    await ensureShift(page);
    // The cart lives on the server: the lines scanned at the first size are still there at the next.
    await page.getByTestId('sale-lines').waitFor();
    if (!(await page.getByTestId('sale-line').count()))
      for (const [i, code] of [LONG_CODE, demoBarcode(1), demoBarcode(2)].entries()) {
        await page.getByTestId('scan-input').fill(code);
        await page.getByTestId('scan-input').press('Enter');
        await page.waitForFunction((n) => document.querySelectorAll('[data-testid="sale-line"]').length > n, i);
      }
    await expect.poll(() => page.getByTestId('sale-line').count()).toBe(3);
    // The product column keeps room for a name: at least 9rem, never a letter per line.
    const nameWidth = await page
      .locator('[data-testid="sale-line"] [role="cell"]')
      .first()
      .evaluate((el) => el.getBoundingClientRect().width);
    expect(nameWidth).toBeGreaterThanOrEqual(140);
    await check('sale', w, h);

    await page.keyboard.press('F9');
    await page.getByTestId('pay-dialog').waitFor();
    await check('pay', w, h);
    await page.keyboard.press('Escape');
    await page.getByTestId('pay-dialog').waitFor({ state: 'detached' });

    await page.getByTestId('nav-returns').click();
    await page.getByTestId('returns-code').waitFor();
    await check('returns', w, h);
  });

  it('stock and sales lists (owner)', async () => {
    await page.setViewportSize({ width: w, height: h });
    await page.context().clearCookies();
    await page.goto(srv.url);
    await login(page, OWNER);
    await page.goto(`${srv.url}#/stock`);
    await page.locator('[data-testid^="stock-row-"]').first().waitFor();
    await check('stock', w, h);
    // Every column of the list is inside the window (the list itself scrolls sideways only if it must).
    const table = await page.getByTestId('stock-table').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(table.scroll).toBeLessThanOrEqual(table.client + 1);
    await page.goto(`${srv.url}#/sales`);
    await page.locator('[data-testid="sales-row"]').first().waitFor();
    await check('sales', w, h);
  });

  it('catalog, product editor, bulk prices, categories and suppliers (owner)', async () => {
    await page.setViewportSize({ width: w, height: h });
    await page.context().clearCookies();
    await page.goto(srv.url);
    await login(page, OWNER);
    await page.goto(`${srv.url}#/catalog`);
    await page.locator('[data-testid^="catalog-row-"]').first().waitFor();
    await check('catalog', w, h);
    const table = await page.getByTestId('catalog-table').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(table.scroll).toBeLessThanOrEqual(table.client + 1);
    await page.locator('[data-testid^="catalog-pick-"]').first().check();
    await page.getByTestId('catalog-bulk').click();
    await page.getByTestId('bulk-value').fill('5');
    await page.getByTestId('bulk-preview-run').click();
    await page.getByTestId('bulk-preview').waitFor();
    await check('bulk-prices', w, h);
    await page.keyboard.press('Escape');
    await page.getByTestId('bulk-dialog').waitFor({ state: 'detached' });

    await page.goto(`${srv.url}#/catalog/${longId}`);
    await page.locator('[data-testid="product-editor"]').waitFor();
    await page.getByTestId('product-name').waitFor();
    await check('product', w, h);
    await page.goto(`${srv.url}#/categories`);
    await page.getByTestId('category-list').waitFor();
    await check('categories', w, h);
    await page.goto(`${srv.url}#/suppliers`);
    await page.getByTestId('supplier-list').waitFor();
    await check('suppliers', w, h);
  });
});
