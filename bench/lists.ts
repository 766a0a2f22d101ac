/**
 * The back office's long lists in Chromium on the aged shop: the sales list scrolled from the newest sale down to the
 * oldest of 1M, the stock list down to the last of 200k products, each page fetched on the way as the user scrolls.
 * Each page's time (scroll to the bottom → the next 100 rows in the DOM) is set against its floor: the same keyset
 * page query (db/queries/lists.ts) called directly on a read-only connection to the same database, same run.
 */
import type { Page } from 'playwright-core';
import { openReadOnly } from '../db/readonly';
import { listSales, listStock, type Cursor } from '../db/queries/lists';
import { login, logout, OWNER } from '../e2e/helpers-counter';
import { nowMs, percentile, round, type Figures } from './util';

const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);

interface Walk {
  seconds: number;
  /** Rows loaded when the walk ended. */
  rows: number;
  reached: boolean;
  pageMs: number[];
}

/** Scrolls the list's region to its bottom again and again until `last` is in the DOM or the budget runs out. */
async function scrollThrough(page: Page, table: string, rowSelector: string, last: string, budgetS: number): Promise<Walk> {
  const region = page.getByTestId(table);
  const loaded = () =>
    page.locator(rowSelector).evaluateAll((rows) => Math.max(0, ...rows.map((r) => Number(r.getAttribute('aria-rowindex')) - 1)));
  const started = nowMs();
  const pageMs: number[] = [];
  let rows = await loaded();
  while ((nowMs() - started) / 1000 < budgetS) {
    if (await page.locator(last).count()) return { seconds: (nowMs() - started) / 1000, rows, reached: true, pageMs };
    const t0 = nowMs();
    await region.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    // The next page is in when the last rendered row's index grows past what was loaded.
    await page.waitForFunction(
      ({ sel, before }) => {
        const els = (
          globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ getAttribute(a: string): string | null }> } }
        ).document.querySelectorAll(sel);
        let max = 0;
        for (let i = 0; i < els.length; i++) max = Math.max(max, Number(els[i]!.getAttribute('aria-rowindex')) - 1);
        return max > before;
      },
      { sel: rowSelector, before: rows },
      { timeout: 30_000, polling: 'raf' },
    );
    pageMs.push(nowMs() - t0);
    rows = await loaded();
  }
  return {
    seconds: (nowMs() - started) / 1000,
    rows,
    reached: await page
      .locator(last)
      .count()
      .then((n) => n > 0),
    pageMs,
  };
}

/** The keyset pages straight from the query functions, as many as the browser fetched: the floor per page. */
function floorPages(file: string, which: 'sales' | 'stock', pages: number): number[] {
  const db = openReadOnly(file);
  try {
    const ms: number[] = [];
    let cursor: Cursor | undefined;
    for (let i = 0; i < pages; i++) {
      const t0 = nowMs();
      const p =
        which === 'sales'
          ? listSales(db, { types: ['sale', 'return'], limit: 100, cursor, sort: { by: 'postedAt', dir: 'desc' }, filters: {} })
          : listStock(db, { limit: 100, cursor, sort: { by: 'name', dir: 'asc' }, filters: {} });
      ms.push(nowMs() - t0);
      if (!p.nextCursor) break;
      cursor = p.nextCursor;
    }
    return ms;
  } finally {
    db.raw.close();
  }
}

export async function benchLists(page: Page, url: string, file: string, budgetS: number, log: (s: string) => void): Promise<Figures> {
  const figures: Figures = {};
  await logout(page);
  await login(page, OWNER);
  const db = openReadOnly(file);
  const oldest = db.raw
    .prepare(`SELECT id FROM documents WHERE type IN ('sale','return') ORDER BY posted_at, id LIMIT 1`)
    .pluck()
    .get() as number;
  const lastProduct = db.raw.prepare('SELECT id FROM products ORDER BY name DESC, id DESC LIMIT 1').pluck().get() as number;
  db.raw.close();
  for (const [which, table, rowSel, last] of [
    ['sales', 'sales-table', '[data-testid="sales-row"]', `[data-testid="sales-row"][data-id="${oldest}"]`],
    ['stock', 'stock-table', '[data-testid^="stock-row-"]', `[data-testid="stock-row-${lastProduct}"]`],
  ] as const) {
    await page.goto(`${url}#/${which}`);
    await page.locator(rowSel).first().waitFor({ timeout: 60_000 });
    const total = Number(await page.getByTestId(`${which}-count`).getAttribute('data-count'));
    log(`  ${which}: scrolling through ${total} rows (budget ${budgetS} s)…`);
    const w = await scrollThrough(page, table, rowSel, last, budgetS);
    const floor = floorPages(file, which, w.pageMs.length);
    figures[`list_${which}_rows`] = total;
    figures[`list_${which}_rows_reached`] = w.reached ? total : w.rows;
    figures[`list_${which}_scroll_s`] = round(w.seconds, 1);
    figures[`list_${which}_page_p95_ms`] = round(percentile(sorted(w.pageMs), 95), 1);
    figures[`list_${which}_page_floor_p95_ms`] = round(percentile(sorted(floor), 95), 2);
    figures[`list_${which}_page_floor_ratio`] = round(percentile(sorted(w.pageMs), 95) / percentile(sorted(floor), 95), 1);
    log(
      `  ${which}: ${w.reached ? 'reached the last row' : `stopped at row ${w.rows} of ${total}`} in ${w.seconds.toFixed(1)} s, ${w.pageMs.length} pages, p95 ${percentile(sorted(w.pageMs), 95).toFixed(1)} ms a page (query alone p95 ${percentile(sorted(floor), 95).toFixed(2)} ms)`,
    );
  }
  return figures;
}
