// The back office's long lists in Chromium over a shop with tens of thousands of sales and thousands of products: the
// End key and a scroll bar jump reach the last row, scrolling back up shows every row in order once, filters are kept
// in the URL across a reload. (A list taller than the scroll cap, scaled: test/list-window.test.ts, and bench/lists.ts
// on a million sales.)
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
let lastProduct: { id: number; name: string };
/** Row ids in the lists' default order (newest sale first; products by name): what index i must show. */
let saleOrder: number[];
let productOrder: number[];

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
    lastProduct = db.prepare('SELECT id, name FROM products ORDER BY name DESC, id DESC LIMIT 1').get() as typeof lastProduct;
    saleOrder = db
      .prepare(`SELECT id FROM documents WHERE type IN ('sale','return') ORDER BY posted_at DESC, id DESC`)
      .pluck()
      .all() as number[];
    productOrder = db.prepare('SELECT id FROM products ORDER BY name, id').pluck().all() as number[];
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

interface Shown {
  /** aria-rowindex − 2: the row's 0-based place in the list. */
  index: number;
  id: number;
  top: number;
}

/**
 * Waits until the rows in view are real rows (no placeholders left) and the table has caught up with the last scroll
 * (two frames in a row lay the rows out alike), then lists the rendered rows by index.
 */
async function settled(table: string, idAttr: 'data-id' | 'data-product'): Promise<Shown[]> {
  const region = page.getByTestId(table);
  const read = () =>
    region.locator('[role="rowgroup"] + [role="rowgroup"] [role="row"]').evaluateAll(
      (rows, attr) =>
        rows
          .map((r) => ({
            index: Number(r.getAttribute('aria-rowindex')) - 2,
            id: Number(r.getAttribute(attr)),
            top: r.getBoundingClientRect().top,
          }))
          .sort((a, b) => a.index - b.index),
      idAttr,
    );
  const frames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  let last = '';
  for (let i = 0; i < 50; i++) {
    await frames();
    await expect.poll(() => region.locator('[data-placeholder]').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => region.locator('[role="table"]').getAttribute('aria-busy')).toBe('false');
    const rows = await read();
    const now = JSON.stringify(rows);
    if (now === last) return rows;
    last = now;
  }
  throw new Error(`${table}: the rows never settled`);
}

/** The rows shown are consecutive, each where the list's order puts it, laid out top to bottom. */
function inOrder(shown: Shown[], order: number[]) {
  expect(shown.length).toBeGreaterThan(5);
  shown.forEach((r, k) => {
    expect(r.id, `row ${r.index}`).toBe(order[r.index]);
    if (k) {
      expect(r.index).toBe(shown[k - 1]!.index + 1);
      expect(r.top).toBeGreaterThan(shown[k - 1]!.top);
    }
  });
}

const rowCount = (table: string) => page.getByTestId(table).locator('[role="table"]').getAttribute('aria-rowcount');

/** Scrolls back up a view at a time from where the list is, `steps` times: every index seen once with its own row. */
async function scrollUp(table: string, idAttr: 'data-id' | 'data-product', order: number[], steps: number) {
  const seen = new Map<number, number>();
  for (let s = 0; s < steps; s++) {
    const shown = await settled(table, idAttr);
    inOrder(shown, order);
    for (const r of shown) {
      if (seen.has(r.index)) expect(seen.get(r.index)).toBe(r.id);
      seen.set(r.index, r.id);
    }
    await page.getByTestId(table).evaluate((el) => el.scrollBy({ top: -Math.floor(el.clientHeight * 0.8) }));
  }
  const indexes = [...seen.keys()].sort((a, b) => a - b);
  // No gap: every index between the lowest and the highest seen was shown; no row twice under two indexes.
  expect(indexes.length).toBe(indexes[indexes.length - 1]! - indexes[0]! + 1);
  expect(new Set(seen.values()).size).toBe(seen.size);
  return indexes;
}

describe('long lists reach their last row and scroll back in order', () => {
  it('sales: End shows the oldest sale as the last row; back up, every sale in order once', async () => {
    await page.goto(`${srv.url}#/sales`);
    await page.locator('[data-testid="sales-row"]').first().waitFor();
    expect(Number(await page.getByTestId('sales-count').getAttribute('data-count'))).toBe(SALES);
    expect(await rowCount('sales-table')).toBe(String(SALES + 1));
    inOrder(await settled('sales-table', 'data-id'), saleOrder);

    await page.getByTestId('sales-table').focus();
    await page.keyboard.press('End');
    const last = page.locator(`[data-testid="sales-row"][data-id="${oldest.id}"]`);
    await last.waitFor();
    // Its index is the list's last: the header is row 1.
    expect(Number(await last.getAttribute('aria-rowindex'))).toBe(SALES + 1);
    expect(await last.getAttribute('data-number')).toBe(oldest.number);
    inOrder(await settled('sales-table', 'data-id'), saleOrder);
    const up = await scrollUp('sales-table', 'data-id', saleOrder, 25);
    expect(up[up.length - 1]).toBe(SALES - 1);
    expect(up.length).toBeGreaterThan(100);

    // Home, then the keyboard on a row: the focus moves down a row, Page Down a view's worth.
    await page.getByTestId('sales-table').focus();
    await page.keyboard.press('Home');
    await page.locator(`[data-testid="sales-row"][data-id="${saleOrder[0]}"]`).focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe(String(saleOrder[1]));
    await page.keyboard.press('PageDown');
    const paged = Number(await page.evaluate(() => document.activeElement?.getAttribute('aria-rowindex')));
    expect(paged).toBeGreaterThan(5);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe(String(saleOrder[paged - 2]));
  });

  it('sales: a scroll bar dragged to the middle and to the very bottom shows the rows there', async () => {
    await page.goto(`${srv.url}#/sales`);
    await page.locator('[data-testid="sales-row"]').first().waitFor();
    const table = page.getByTestId('sales-table');
    await table.evaluate((el) => (el.scrollTop = (el.scrollHeight - el.clientHeight) / 2));
    const middle = await settled('sales-table', 'data-id');
    inOrder(middle, saleOrder);
    expect(Math.abs(middle[0]!.index - SALES / 2)).toBeLessThan(SALES / 50);
    await scrollUp('sales-table', 'data-id', saleOrder, 8);

    await table.evaluate((el) => (el.scrollTop = el.scrollHeight));
    const bottom = await settled('sales-table', 'data-id');
    inOrder(bottom, saleOrder);
    expect(bottom[bottom.length - 1]!.id).toBe(oldest.id);
    // A row opens the document at its own URL.
    await page.locator(`[data-testid="sales-row"][data-id="${oldest.id}"]`).click();
    await page.getByTestId('sale-details').waitFor();
    expect(new URL(page.url()).hash).toBe(`#/sales/${oldest.id}`);
    await page.keyboard.press('Escape');
    await page.getByTestId('sale-details').waitFor({ state: 'detached' });
  });

  it('stock: End and the scroll bar reach the last product by name; back up, every product in order once', async () => {
    await page.goto(`${srv.url}#/stock`);
    await page.locator('[data-testid^="stock-row-"]').first().waitFor();
    const total = Number(await page.getByTestId('stock-count').getAttribute('data-count'));
    expect(total).toBe(productOrder.length);
    expect(await page.getByTestId('stock-table').getAttribute('data-scaled')).toBeNull();
    await page.getByTestId('stock-table').focus();
    await page.keyboard.press('End');
    const last = page.getByTestId(`stock-row-${lastProduct.id}`);
    await last.waitFor();
    expect(await last.getAttribute('data-name')).toBe(lastProduct.name);
    expect(Number(await last.getAttribute('aria-rowindex'))).toBe(total + 1);
    const up = await scrollUp('stock-table', 'data-product', productOrder, 30);
    expect(up[up.length - 1]).toBe(total - 1);

    await page.getByTestId('stock-table').evaluate((el) => (el.scrollTop = 0));
    inOrder(await settled('stock-table', 'data-product'), productOrder);
    await page.getByTestId('stock-table').evaluate((el) => (el.scrollTop = el.scrollHeight));
    const bottom = await settled('stock-table', 'data-product');
    inOrder(bottom, productOrder);
    expect(bottom[bottom.length - 1]!.id).toBe(lastProduct.id);
  });
});

describe('filters live in the URL', () => {
  it('sales: type and number survive a reload and still filter', async () => {
    await page.goto(`${srv.url}#/sales`);
    await page.getByTestId('sales-type').selectOption('return');
    await page.getByTestId('sales-number').fill('8001');
    await expect.poll(() => new URL(page.url()).hash).toMatch(/type=return/);
    await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toMatch(/number=.?8001/);
    // While a new filter's rows are on their way the table still shows the last answered ones, marked busy.
    const filtered = async () =>
      page
        .locator('[role="table"][aria-busy="false"] [data-testid="sales-row"]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-number')!));
    await expect
      .poll(async () => (await filtered()).length > 0 && (await filtered()).every((n) => n.startsWith('R-') && n.includes('8001')))
      .toBe(true);
    const before = await filtered();
    await page.reload();
    await page.locator('[data-testid="sales-row"]').first().waitFor();
    expect(await page.getByTestId('sales-type').inputValue()).toBe('return');
    expect(await page.getByTestId('sales-number').inputValue()).toBe('8001');
    // The same first rows: how many past the view are rendered (overscan) depends on how the table got there.
    expect(before.length).toBeGreaterThanOrEqual(10);
    await expect.poll(async () => (await filtered()).slice(0, 10)).toEqual(before.slice(0, 10));
  });

  it('stock: the search and the sort survive a reload', async () => {
    await page.goto(`${srv.url}#/stock`);
    await page.getByTestId('stock-search').fill('BIG-0499');
    await page.getByTestId('sort-name').click();
    // The rows follow every key; the URL follows the search once typing pauses (useUrlSearchText).
    await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toMatch(/dir=.?desc/);
    await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toMatch(/q=.?BIG-0499/);
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
