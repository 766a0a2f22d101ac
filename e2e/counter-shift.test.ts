import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, CASHIER, closeReceipt, demoBarcode, login, OWNER, payOnScreen, pageProblems, type Call } from './helpers-counter';
import { cp866, printerListener, until, type PrinterCapture } from './helpers-devices';
import { launchBrowser, startServer, type RunningServer } from './harness';

let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let problems: string[];
let printer: PrinterCapture;
let owner: Call;

beforeAll(async () => {
  srv = await startServer({ demo: true });
  printer = await printerListener(0);
  owner = await apiAs(srv.url, OWNER);
  await owner('settings.set', {
    counter: { printer: { transport: 'tcp', host: '127.0.0.1', port: printer.port, width: 58, codePage: 'cp866', drawer: true } },
  });
  browser = await launchBrowser();
  page = browser.page;
  problems = pageProblems(page);
  await page.goto(srv.url);
  await login(page, CASHIER);
});

afterAll(async () => {
  await browser?.close();
  await printer?.close();
  await srv?.stop();
  // Uncaught errors in the page during the whole file.
  expect(problems ?? []).toEqual([]);
});

const amount = async (testId: string, attr = 'data-amount') => Number(await page.getByTestId(testId).getAttribute(attr));

async function sell(codes: string[], pay: { card?: string; cash?: string; allCard?: boolean }): Promise<{ number: string; total: number }> {
  for (const code of codes) {
    const before = await page.getByTestId('sale-line').count();
    await page.getByTestId('scan-input').fill(code);
    await page.getByTestId('scan-input').press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="sale-line"]').length > n, before);
  }
  const total = await amount('sale-total');
  let number: string;
  if (pay.allCard) {
    await page.keyboard.press('F9');
    await page.getByTestId('pay-all-card').click();
    await page.getByTestId('pay-confirm').click();
    number = (await page.getByTestId('receipt-dialog').getAttribute('data-number'))!;
  } else number = await payOnScreen(page, pay);
  await closeReceipt(page);
  return { number, total };
}

describe('a shift from float to Z report', () => {
  it('no sale without a shift; open → two sales → cash out → close with a count: the Z report adds up', async () => {
    // Closed shift: the sale screen offers only to open one.
    await page.getByTestId('shift-float').waitFor();
    expect(await page.getByTestId('scan-input').count()).toBe(0);
    await page.getByTestId('shift-float').fill('1000');
    await page.getByTestId('shift-open').click();
    await page.getByTestId('scan-input').waitFor();

    const a = await sell([demoBarcode(1), demoBarcode(2)], {});
    const b = await sell([demoBarcode(4)], { allCard: true });

    await page.keyboard.press('F3');
    await page.getByTestId('shift-dialog').waitFor();
    await page.getByTestId('cash-amount').fill('200');
    await page.getByTestId('cash-reason').fill('To the bank');
    await page.getByTestId('cash-submit').click();
    await page.getByTestId('cash-done').waitFor();

    await page.getByTestId('shift-x').click();
    await page.getByTestId('x-report').waitFor();
    expect(await amount('report-sales', 'data-total')).toBe(a.total + b.total);
    const expectedCash = 100000 + a.total - 20000;
    expect(await amount('report-expected')).toBe(expectedCash);

    // Ten short in the drawer.
    const counted = expectedCash - 1000;
    await page.getByTestId('shift-counted').fill(String(counted / 100));
    await page.getByTestId('shift-close').click();
    const z = page.getByTestId('z-report');
    await z.waitFor();
    expect(await z.getAttribute('data-kind')).toBe('Z');
    expect(await amount('report-sales', 'data-count')).toBe(2);
    expect(await amount('report-sales', 'data-total')).toBe(a.total + b.total);
    expect(await amount('report-method-cash', 'data-sales')).toBe(a.total);
    expect(await amount('report-method-card', 'data-sales')).toBe(b.total);
    expect(await amount('report-cash-out')).toBe(20000);
    expect(await amount('report-expected')).toBe(expectedCash);
    expect(await amount('report-counted')).toBe(counted);
    expect(await amount('report-difference')).toBe(-1000);
    // The tax lines add up to the sales too.
    const taxAmounts = await page
      .locator('[data-testid^="report-tax-"]')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-amount'))));
    expect(taxAmounts.reduce((s, x) => s + x, 0)).toBe(a.total + b.total);

    // The core printed it.
    await until(() => /Z-ОТЧЁТ|Z REPORT/.test(cp866(printer.bytes())), 'the Z report on the printer', 20_000);

    await page.getByTestId('z-report-close').click();
    await page.getByTestId('shift-float').waitFor();
    const shifts = await owner<{ closedAt: string | null; countedCash: number | null }[]>('shift.list', {});
    expect(shifts[0]).toMatchObject({ countedCash: counted });
    expect(shifts[0]!.closedAt).toBeTruthy();
  });
});
