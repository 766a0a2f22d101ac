// The bookkeeper's reports in Chromium: the sales report shows today's sale with its totals, the period is in the
// URL, and the Excel export downloads a workbook whose figures are the screen's. The movement journal is filtered on
// screen and exported; its file comes from GET /download/<id>, for the session that made it only.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../test/export-kit';
import { apiCall, launchBrowser, startServer, type RunningServer } from './harness';
import { apiAs, BOOKKEEPER, login, MANAGER, uuid } from './helpers-counter';

let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let total = 0;
let today = '';
let sold = { id: 0, number: '' };

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
  const doc = await manager<{ businessDate: string; number: string }>('doc.get', { id: sale.id });
  today = doc.businessDate;
  sold = { id: sale.id, number: doc.number };
  browser = await launchBrowser();
  page = browser.page;
});
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

describe('reports', () => {
  it('the bookkeeper opens the sales report for today and exports it', async () => {
    await openAsBookkeeper(`#/reports?report=report.sales&from=${today}&to=${today}`);
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

  it('the bookkeeper opens the movement journal, filters it to sales and exports every row', async () => {
    await openAsBookkeeper(`#/reports?report=report.movements&from=${today}&to=${today}`);
    const row = page.getByTestId('report-row');
    await page.getByTestId('report-count').waitFor();
    const all = await bookkeeperCall('report.movements', { from: today, to: today });
    expect(await row.count()).toBe(Math.min(500, all.count));

    await page.getByTestId('report-doctype').click();
    await page.getByRole('option', { name: /^(Sale|Продажа)$/ }).click();
    await page.waitForURL(/docType=sale/);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.first().locator('[data-col="docNumber"]').textContent()).toBe(sold.number);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-export').click()]);
    expect(download.suggestedFilename()).toBe(`movements-${today}_${today}.xlsx`);
    const file = path.join(srv.dataDir, `journal-${download.suggestedFilename()}`);
    await download.saveAs(file);
    const data = readXlsx(file).sheets[1]!;
    // The header, the one sale's movement, the totals row.
    expect(data.rows).toHaveLength(3);
    const col = (names: string[]) => data.rows[0]!.findIndex((c) => names.includes(String(c.v)));
    expect(data.rows[1]![col(['Number', 'Номер'])]!.v).toBe(sold.number);
    expect(data.rows[1]![col(['Quantity', 'Количество'])]!.v).toBe(-2);
    expect(data.rows[1]![col(['Document', 'Документ'])]!.v).toMatch(/^(Sale|Продажа)$/);
  });

  it('serves an export at /download/<id> to its own session only, with its csrf value', async () => {
    const [mine, other] = [await session(BOOKKEEPER), await session(MANAGER)];
    const exp = await apiCall(
      srv.url,
      'report.export',
      { report: 'report.movements', params: { from: today, to: today, docType: 'sale' }, format: 'csv', title: 'Journal', headers: {} },
      mine.headers,
    );
    const f = exp.body.value as { downloadId: string; fileName: string; rows: number };
    expect(f.rows).toBe(1);
    expect(f).not.toHaveProperty('base64');
    const get = (headers: Record<string, string>, query = '') => fetch(new URL(`/download/${f.downloadId}${query}`, srv.url), { headers });
    const ok = await get(mine.headers);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-disposition')).toBe(`attachment; filename="${f.fileName}"; filename*=UTF-8''${f.fileName}`);
    expect(await ok.text()).toContain(sold.number);
    // A link carries the csrf value in its query instead.
    expect((await get({ Cookie: mine.headers.Cookie }, `?csrf=${mine.headers['X-Lavka-Csrf']}`)).status).toBe(200);
    expect((await get({ Cookie: mine.headers.Cookie })).status).toBe(403);
    expect((await get({ Cookie: mine.headers.Cookie }, '?csrf=nope')).status).toBe(403);
    expect((await get({})).status).toBe(401);
    expect((await get(other.headers)).status).toBe(404);
    expect((await fetch(new URL(`/download/${'0'.repeat(32)}`, srv.url), { headers: mine.headers })).status).toBe(404);
  });
});

/** Opens a screen as the bookkeeper, logging in unless the page already is (the tests run in any order). */
async function openAsBookkeeper(hash: string): Promise<void> {
  await page.goto(`${srv.url}${hash}`);
  await page.reload();
  const user = page.getByTestId(`login-user-${BOOKKEEPER.id}`);
  const picker = page.getByTestId('report-picker');
  await user.or(picker).first().waitFor();
  if (await user.isVisible()) await login(page, BOOKKEEPER);
}

/** A signed-in session's headers (cookie and csrf value) over plain HTTP. */
async function session(who: { id: number; pin: string }): Promise<{ headers: { Cookie: string; 'X-Lavka-Csrf': string } }> {
  const login = await apiCall(srv.url, 'auth.login', { userId: who.id, pin: who.pin });
  return { headers: { Cookie: (login.setCookie ?? '').split(';')[0]!, 'X-Lavka-Csrf': (login.body.value as { csrf: string }).csrf } };
}

async function bookkeeperCall(method: string, input: unknown): Promise<{ count: number }> {
  const s = await session(BOOKKEEPER);
  return (await apiCall(srv.url, method, input, s.headers)).body.value as { count: number };
}
