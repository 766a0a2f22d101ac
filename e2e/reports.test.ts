// The bookkeeper's reports in Chromium: the sales report shows today's sale with its totals, the period is in the
// URL, and the Excel export downloads a workbook whose figures are the screen's.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../test/export-kit';
import { launchBrowser, startServer, type RunningServer } from './harness';
import { apiAs, BOOKKEEPER, login, MANAGER, uuid } from './helpers-counter';

let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let total = 0;
let today = '';

beforeAll(async () => {
  srv = await startServer({ demo: true });
  const manager = await apiAs(srv.url, MANAGER);
  await manager('shift.open', { float: 0 });
  const sale = await manager<{ id: number; total: number }>('sale.post', {
    uuid: uuid(),
    lines: [{ productId: 1, qty: 2000 }],
    payments: [{ method: 'cash', amount: 1_000_000 }],
  });
  total = sale.total;
  today = (await manager<{ businessDate: string }>('doc.get', { id: sale.id })).businessDate;
  browser = await launchBrowser();
  page = browser.page;
});
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

describe('reports', () => {
  it('the bookkeeper opens the sales report for today and exports it', async () => {
    await page.goto(`${srv.url}#/reports?report=report.sales&from=${today}&to=${today}`);
    await login(page, BOOKKEEPER);
    const row = page.getByTestId('report-row');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await page.getByTestId('report-from').inputValue()).toBe(today);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-export').click()]);
    expect(download.suggestedFilename()).toBe(`sales-${today}_${today}.xlsx`);
    const file = path.join(srv.dataDir, download.suggestedFilename());
    await download.saveAs(file);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    const data = readXlsx(file).sheets[1]!;
    const netRevenue = data.rows[0]!.findIndex((c) => c.v === 'Чистая выручка' || c.v === 'Net revenue');
    expect(netRevenue).toBeGreaterThan(0);
    expect(data.rows[1]![netRevenue]!.v).toBeCloseTo(total / 100, 6);
    expect(data.rows.at(-1)![netRevenue]!.cached).toBeCloseTo(total / 100, 6);
  });
});
