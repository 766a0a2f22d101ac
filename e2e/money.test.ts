// The money side in Chromium, on the welcome screen's demo shop with its three months of history: the bookkeeper
// opens the supplier settlements, narrows them to one supplier, exports them, and the workbook holds that
// supplier's balance; the owner's dashboard draws its charts from the same history.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../test/export-kit';
import { apiCall, launchBrowser, startServer, type RunningServer } from './harness';
import { apiAs, BOOKKEEPER, login, OWNER } from './helpers-counter';

let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

beforeAll(async () => {
  srv = await startServer({ demo: false });
  const setup = await apiCall(srv.url, 'setup.demo', {});
  if (!setup.body.ok) throw new Error(JSON.stringify(setup.body));
  browser = await launchBrowser();
  page = browser.page;
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

describe('money', () => {
  it('the bookkeeper filters the supplier settlements to one supplier and exports them', async () => {
    const bookkeeper = await apiAs(srv.url, BOOKKEEPER);
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);
    const all = await bookkeeper<{ rows: { supplierId: number; name: string; closing: number }[] }>('report.settlements', {
      from,
      to: today,
    });
    expect(all.rows.length).toBe(3);
    const one = all.rows[1]!;

    await page.goto(`${srv.url}#/reports?report=report.settlements&from=${from}&to=${today}`);
    await login(page, BOOKKEEPER);
    await expect.poll(() => page.getByTestId('report-row').count()).toBe(3);
    await page.getByTestId('report-supplier').click();
    await page.getByRole('option', { name: one.name }).click();
    await expect.poll(() => page.getByTestId('report-row').count()).toBe(1);
    expect(page.url()).toContain(`supplierId=${one.supplierId}`);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-export').click()]);
    expect(download.suggestedFilename()).toBe(`settlements-${from}_${today}.xlsx`);
    const file = path.join(srv.dataDir, download.suggestedFilename());
    await download.saveAs(file);
    const book = readXlsx(file);
    expect(book.sheets[0]!.rows.flat().some((c) => c.v === one.name)).toBe(true);
    const data = book.sheets[1]!;
    expect(data.rows.slice(1, -1).map((r) => r[0]!.v)).toEqual([one.name]);
    const closing = data.rows[0]!.findIndex((c) => c.v === 'Долг на конец' || c.v === 'Owed at the end');
    expect(closing).toBeGreaterThan(0);
    expect(data.rows[1]![closing]!.v).toBeCloseTo(one.closing / 100, 6);
    expect(data.rows.at(-1)![closing]!.cached).toBeCloseTo(one.closing / 100, 6);
  });

  it('the owner’s dashboard draws revenue by day and the top products from the demo history', async () => {
    const ctx = await browser.browser.newContext({ acceptDownloads: true });
    const owner = await ctx.newPage();
    try {
      await owner.goto(`${srv.url}#/dashboard`);
      await login(owner, OWNER);
      const byDay = owner.getByTestId('dashboard-by-day');
      await byDay.locator('.recharts-area-area').first().waitFor();
      // Revenue and margin, each an area drawn over the 30 days.
      expect(await byDay.locator('.recharts-area-area').count()).toBeGreaterThanOrEqual(2);
      const d = await byDay.locator('.recharts-area-area').first().getAttribute('d');
      expect((d ?? '').split(/[LC]/).length).toBeGreaterThan(20);
      const bars = owner.getByTestId('dashboard-top').locator('.recharts-bar-rectangle');
      await expect.poll(() => bars.count()).toBe(10);
      const api = await apiAs(srv.url, OWNER);
      const dash = await api<{ topProducts: { name: string }[] }>('report.dashboard', { days: 30 });
      await expect.poll(() => owner.getByTestId('dashboard-top').getByText(dash.topProducts[0]!.name).count()).toBeGreaterThan(0);
    } finally {
      await ctx.close();
    }
  });
});
