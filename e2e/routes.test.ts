// Screens as URLs: a link opens its screen after login, a screen the user may not open sends them to their first
// one, old `#sale`-style links still land, and the browser's back button walks the screens and a document.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startServer, type RunningServer } from './harness';
import { apiAs, CASHIER, login, MANAGER, OWNER, uuid } from './helpers-counter';

let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let saleId: number;

beforeAll(async () => {
  srv = await startServer({ demo: true });
  const manager = await apiAs(srv.url, MANAGER);
  await manager('shift.open', { float: 0 });
  saleId = (
    await manager<{ id: number }>('sale.post', {
      uuid: uuid(),
      lines: [{ productId: 1, qty: 1000 }],
      payments: [{ method: 'cash', amount: 1_000_000 }],
    })
  ).id;
  browser = await launchBrowser();
  page = browser.page;
});
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

const hash = () => new URL(page.url()).hash;

async function signInAt(path: string, who: { id: number; pin: string }) {
  await page.context().clearCookies();
  // A fresh load: going to the same page with another hash would keep the signed-in app.
  await page.goto('about:blank');
  await page.goto(`${srv.url}${path}`);
  await login(page, who);
}

describe('screens have URLs', () => {
  it('a screen the cashier may not open sends them to the sale screen; an unknown path too', async () => {
    await signInAt('#/settings', CASHIER);
    await expect.poll(hash).toBe('#/sale');
    await page.goto(`${srv.url}#/no-such-screen`);
    await expect.poll(hash).toBe('#/sale');
  });

  it('an old #returns link lands on the returns screen', async () => {
    await signInAt('#returns', CASHIER);
    await expect.poll(hash).toBe('#/returns');
    expect(await page.getByTestId('nav-returns').getAttribute('aria-current')).toBe('page');
  });

  it('a document link opens it after login; back walks from the document to the filtered list to the screen before', async () => {
    await signInAt(`#/sales/${saleId}`, OWNER);
    await page.getByTestId('sale-details').waitFor();

    await page.goto(`${srv.url}#/stock`);
    await page.getByTestId('nav-sales').click();
    await page.getByTestId('sales-type').selectOption('sale');
    await expect.poll(hash).toBe('#/sales?type=sale');
    await page.locator(`[data-testid="sales-row"][data-id="${saleId}"]`).click();
    await page.getByTestId('sale-details').waitFor();
    expect(hash()).toBe(`#/sales/${saleId}?type=sale`);

    await page.goBack();
    await page.getByTestId('sale-details').waitFor({ state: 'detached' });
    expect(hash()).toBe('#/sales?type=sale');
    expect(await page.getByTestId('sales-type').inputValue()).toBe('sale');
    await page.goBack();
    await expect.poll(hash).toBe('#/stock');
  });
});
