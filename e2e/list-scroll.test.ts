// The back office's long lists in Chromium over a shop with tens of thousands of sales and thousands of products:
// scrolled to the very last row (pages fetched on the way), filters kept in the URL across a reload.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startServer, type RunningServer } from './harness';
import { login, OWNER } from './helpers-counter';

const SALES = 20_000;
const PRODUCTS = 5_000;

let srv: RunningServer;
let dataDir: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let oldest: { id: number; number: string };
let lastProduct: { id: number };

/** Many documents and products written in SQL (the list reads them; no ledger rows are needed for that). */
function bigShop(file: string) {
  const db = new Database(file);
  try {
    const doc = db.prepare(
      `INSERT INTO documents (uuid, request_hash, type, number, status, location_id, author_id, total, tax_total, created_at, posted_at, business_date)
       VALUES (?, 'seed', ?, ?, 'posted', 1, 1, ?, 0, ?, ?, ?)`,
    );
    const product = db.prepare(`INSERT INTO products (sku, name, unit, price, tax_rate_bp) VALUES (?, ?, 'pcs', ?, 2000)`);
    db.transaction(() => {
      const start = Date.UTC(2025, 0, 1);
      for (let i = 1; i <= SALES; i++) {
        const at = new Date(start + i * 60_000).toISOString();
        const ret = i % 20 === 0;
        doc.run(
          `scroll-${i}`,
          ret ? 'return' : 'sale',
          `${ret ? 'R' : 'S'}-8${String(i).padStart(6, '0')}`,
          100 + (i % 997) * 10,
          at,
          at,
          at.slice(0, 10),
        );
      }
      for (let i = 1; i <= PRODUCTS; i++) product.run(`BIG-${String(i).padStart(5, '0')}`, `Товар ${String(i).padStart(5, '0')}`, 1000 + i);
    })();
    oldest = db
      .prepare(`SELECT id, number FROM documents WHERE type IN ('sale','return') ORDER BY posted_at, id LIMIT 1`)
      .get() as typeof oldest;
    lastProduct = db.prepare('SELECT id FROM products ORDER BY name DESC, id DESC LIMIT 1').get() as typeof lastProduct;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'lavka-scroll-'));
  // The demo shop is made by a first start; the big data goes in while the server is down.
  await (await startServer({ demo: true, dataDir })).stop();
  bigShop(path.join(dataDir, 'lavka.sqlite'));
  srv = await startServer({ demo: true, dataDir });
  browser = await launchBrowser();
  page = browser.page;
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(srv.url);
  await login(page, OWNER);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Scrolls the list's region down until the row is in the DOM; how many scrolls it took. */
async function scrollUntil(table: string, row: string): Promise<number> {
  for (let i = 0; i < 2000; i++) {
    if (await page.locator(row).count()) return i;
    await page.getByTestId(table).evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await page.waitForTimeout(20);
  }
  throw new Error(`${row} never appeared in ${table}`);
}

const rowCount = (table: string) => page.getByTestId(table).locator('[role="table"]').getAttribute('aria-rowcount');

describe('long lists scroll to their last row', () => {
  it('sales: every page up to the oldest sale; the row count is every sale and return', async () => {
    await page.goto(`${srv.url}#/sales`);
    await page.locator('[data-testid="sales-row"]').first().waitFor();
    expect(Number(await page.getByTestId('sales-count').getAttribute('data-count'))).toBe(SALES);
    const scrolls = await scrollUntil('sales-table', `[data-testid="sales-row"][data-id="${oldest.id}"]`);
    expect(scrolls).toBeGreaterThan(10);
    const last = page.locator(`[data-testid="sales-row"][data-id="${oldest.id}"]`);
    // Its index says every row before it was loaded, none twice: the header is row 1.
    expect(Number(await last.getAttribute('aria-rowindex'))).toBe(SALES + 1);
    expect(await rowCount('sales-table')).toBe(String(SALES + 1));
    // A row opens the document at its own URL.
    await last.click();
    await page.getByTestId('sale-details').waitFor();
    expect(new URL(page.url()).hash).toBe(`#/sales/${oldest.id}`);
    await page.keyboard.press('Escape');
    await page.getByTestId('sale-details').waitFor({ state: 'detached' });
  });

  it('stock: every product by name down to the last one', async () => {
    await page.goto(`${srv.url}#/stock`);
    await page.locator('[data-testid^="stock-row-"]').first().waitFor();
    const total = Number(await page.getByTestId('stock-count').getAttribute('data-count'));
    expect(total).toBeGreaterThan(PRODUCTS);
    await scrollUntil('stock-table', `[data-testid="stock-row-${lastProduct.id}"]`);
    expect(Number(await page.getByTestId(`stock-row-${lastProduct.id}`).getAttribute('aria-rowindex'))).toBe(total + 1);
  });
});

describe('filters live in the URL', () => {
  it('sales: type and number survive a reload and still filter', async () => {
    await page.goto(`${srv.url}#/sales`);
    await page.getByTestId('sales-type').selectOption('return');
    await page.getByTestId('sales-number').fill('8001');
    await expect.poll(() => new URL(page.url()).hash).toMatch(/type=return/);
    await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toMatch(/number=.?8001/);
    const filtered = async () =>
      page.locator('[data-testid="sales-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-number')!));
    await expect
      .poll(async () => (await filtered()).length > 0 && (await filtered()).every((n) => n.startsWith('R-') && n.includes('8001')))
      .toBe(true);
    const before = await filtered();
    await page.reload();
    await page.locator('[data-testid="sales-row"]').first().waitFor();
    expect(await page.getByTestId('sales-type').inputValue()).toBe('return');
    expect(await page.getByTestId('sales-number').inputValue()).toBe('8001');
    expect(await filtered()).toEqual(before);
  });

  it('stock: the search and the sort survive a reload', async () => {
    await page.goto(`${srv.url}#/stock`);
    await page.getByTestId('stock-search').fill('BIG-0499');
    await page.getByTestId('sort-name').click();
    await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toMatch(/dir=.?desc/);
    const names = () => page.locator('[data-testid^="stock-row-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')!));
    await expect
      .poll(async () => (await names()).join('|'))
      .toBe(
        [
          'Товар 04999',
          'Товар 04998',
          'Товар 04997',
          'Товар 04996',
          'Товар 04995',
          'Товар 04994',
          'Товар 04993',
          'Товар 04992',
          'Товар 04991',
          'Товар 04990',
        ].join('|'),
      );
    await page.reload();
    await page.locator('[data-testid^="stock-row-"]').first().waitFor();
    expect(await page.getByTestId('stock-search').inputValue()).toBe('BIG-0499');
    expect(await page.locator('[role="columnheader"][aria-sort="descending"]').innerText()).toContain(
      await page.getByTestId('sort-name').innerText(),
    );
    await expect.poll(async () => (await names())[0]).toBe('Товар 04999');
  });
});
