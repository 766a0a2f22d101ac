// The Money screen in Chromium, on the demo shop with its history: the bookkeeper records an expense and pays a
// supplier from the screen, both show in the screen's lists, the screen passes axe, and the P&L report shows the
// expense on its line.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe';
import { apiCall, launchBrowser, startServer, type RunningServer } from './harness';
import { apiAs, BOOKKEEPER, login, SLOW } from './helpers-counter';

let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

beforeAll(async () => {
  srv = await startServer({ demo: false });
  const setup = await apiCall(srv.url, 'setup.demo', {});
  if (!setup.body.ok) throw new Error(JSON.stringify(setup.body));
  browser = await launchBrowser();
  // axe is injected as a script: the app's own CSP refuses that, so this page's context sets it aside.
  page = await (await browser.browser.newContext({ bypassCSP: true })).newPage();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

const digits = (s: string | null) => (s ?? '').replace(/\s/g, '');

describe('the Money screen', () => {
  it('the bookkeeper records an expense and pays a supplier, and the P&L shows the expense', async () => {
    await page.goto(`${srv.url}#/money`);
    await login(page, BOOKKEEPER);
    await page.getByTestId('expense-form').waitFor();
    await page.locator('[data-testid="supplier-owed"] tbody tr').first().waitFor();
    const axe = await axeViolations(page);
    expect(axe, axe.join('\n')).toEqual([]);

    // 'Other' without a note is refused on the screen, before anything is sent.
    await page.getByTestId('expense-category').selectOption('other');
    await page.getByTestId('expense-amount').fill('1234.50');
    await page.getByTestId('expense-submit').click();
    await page.locator('[data-testid="expense-note"][aria-invalid="true"]').waitFor();
    await page.getByTestId('expense-category').selectOption('utilities');
    await page.getByTestId('expense-note').fill('Electricity');
    await page.getByTestId('expense-submit').click();
    const done = await page.getByTestId('expense-done').textContent();
    const number = /E-\d{6}/.exec(done ?? '')![0];
    await page.locator(`[data-testid="expense-list"] tr[data-number="${number}"]`).waitFor();

    const firstSupplier = page.locator('[data-testid="supplier-owed"] tbody tr').first();
    const supplierName = await firstSupplier.getAttribute('data-supplier');
    await firstSupplier.getByRole('button').click();
    await page.getByTestId('pay-amount').fill('500');
    await page.getByTestId('pay-submit').click();
    const paid = /SP-\d{6}/.exec((await page.getByTestId('pay-done').textContent()) ?? '')![0];
    const row = page.locator(`[data-testid="payment-list"] tr[data-number="${paid}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(supplierName);

    // Entered twice: the bookkeeper cancels her own payment (supplier.cancelPayment); the list shows it and its reversal.
    await row.getByRole('button').click();
    await page.getByTestId('money-cancel-reason').fill('paid twice');
    await page.getByTestId('money-cancel-confirm').click();
    await expect.poll(() => row.getAttribute('data-status'), SLOW).toBe('cancelled');
    await page.locator('[data-testid="payment-list"] tr[data-status="reversal"]').first().waitFor();

    const bookkeeper = await apiAs(srv.url, BOOKKEEPER);
    const list = await bookkeeper<{ rows: { number: string; businessDate: string; amount: number; category: string }[] }>('expense.list', {
      from: '2000-01-01',
      to: '2099-12-31',
    });
    const posted = list.rows.find((r) => r.number === number)!;
    expect(posted).toMatchObject({ amount: 123_450, category: 'utilities' });
    const day = posted.businessDate;
    await page.goto(`${srv.url}#/reports?report=report.pnl&from=${day}&to=${day}`);
    const line = page.getByTestId('report-row').filter({ hasText: /Expenses: utilities|Расходы: коммунальные услуги/ });
    await line.waitFor();
    expect(digits(await line.textContent())).toMatch(/1234[.,]50/);
  });
});
