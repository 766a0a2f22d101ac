// A catalog far past one screen in Chromium (the 200k-product run is bench/catalog-browser.ts): it opens with its
// count, a category filter from the URL shows only that category's products in order, and the scroll bar moved to
// the bottom shows the last product, through the windowed table (only the rows in view are rendered).
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startServer, type RunningServer } from './harness';
import { login, OWNER } from './helpers-counter';

const PRODUCTS = 20_000;

let srv: RunningServer;
let dataDir: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let tea: number;
let active: number;
/** Tea's products in the list's order (by name), and the last product of the whole catalog by name. */
let teaOrder: number[];
let lastOfAll: number;

function bigCatalog(file: string) {
  const db = new Database(file);
  try {
    const cat = db.prepare('INSERT INTO categories (name, parent_id) VALUES (?, ?)');
    const drinks = Number(cat.run('Big drinks', null).lastInsertRowid);
    tea = Number(cat.run('Big tea', drinks).lastInsertRowid);
    const coffee = Number(cat.run('Big coffee', drinks).lastInsertRowid);
    const product = db.prepare(`INSERT INTO products (sku, name, unit, price, tax_rate_bp, category_id) VALUES (?, ?, 'pcs', ?, 2000, ?)`);
    db.transaction(() => {
      for (let i = 1; i <= PRODUCTS; i++)
        product.run(`BIG-${String(i).padStart(5, '0')}`, `Товар ${String(i).padStart(5, '0')}`, 1000 + i, i % 4 === 0 ? tea : coffee);
    })();
    active = db.prepare('SELECT COUNT(*) FROM products WHERE active = 1').pluck().get() as number;
    teaOrder = db.prepare('SELECT id FROM products WHERE category_id = ? AND active = 1 ORDER BY name, id').pluck().all(tea) as number[];
    lastOfAll = db.prepare('SELECT id FROM products WHERE active = 1 ORDER BY name DESC, id DESC LIMIT 1').pluck().get() as number;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'lavka-catalog-big-'));
  await (await startServer({ demo: true, dataDir })).stop();
  bigCatalog(path.join(dataDir, 'lavka.sqlite'));
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

const table = () => page.getByTestId('catalog-table');
/** Ids of the product rows rendered, top to bottom, once none in view waits for its page. */
async function shownIds(): Promise<number[]> {
  await expect.poll(() => table().locator('[role="table"]').getAttribute('aria-busy'), { timeout: 30_000 }).toBe('false');
  return table()
    .locator('[data-testid^="catalog-row-"]')
    .evaluateAll((rows) =>
      rows
        .map((r) => ({ i: Number(r.getAttribute('aria-rowindex')), id: Number(r.getAttribute('data-testid')!.slice(12)) }))
        .sort((a, b) => a.i - b.i)
        .map((r) => r.id),
    );
}

describe('a big catalog in the browser', () => {
  it('opens with its count and renders only a window of rows', async () => {
    await page.goto(`${srv.url}#/catalog`);
    await expect.poll(() => page.getByTestId('catalog-count').getAttribute('data-count'), { timeout: 30_000 }).toBe(String(active));
    const rows = await shownIds();
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(200);
  });

  it('a category from the URL shows its products in order, and the scroll bar at the bottom shows its last one', async () => {
    await page.goto(`${srv.url}#/catalog?category=${tea}`);
    await expect
      .poll(() => page.getByTestId('catalog-count').getAttribute('data-count'), { timeout: 30_000 })
      .toBe(String(teaOrder.length));
    expect(await shownIds()).toEqual(teaOrder.slice(0, (await shownIds()).length));
    await table().evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(async () => (await shownIds()).at(-1), { timeout: 30_000 }).toBe(teaOrder.at(-1));
    const tail = await shownIds();
    expect(tail).toEqual(teaOrder.slice(teaOrder.length - tail.length));
  });

  it('the whole catalog scrolled to the bottom ends with its last product by name', async () => {
    await page.goto(`${srv.url}#/catalog`);
    await expect.poll(() => page.getByTestId('catalog-count').getAttribute('data-count'), { timeout: 30_000 }).toBe(String(active));
    await table().evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(async () => (await shownIds()).at(-1), { timeout: 30_000 }).toBe(lastOfAll);
  });
});
