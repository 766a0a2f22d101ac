import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, CASHIER, demoBarcode, login, MANAGER, OWNER, pageProblems, uuid, type Call } from './helpers-counter';
import { launchBrowser, startServer, type RunningServer } from './harness';

let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let owner: Call;
let cashier: Call;
let sale: { id: number; number: string };
let problems: string[];

/** US-layout key for a character as the Russian layout reports it (a wedge scanner presses physical keys). */
const RU: Record<string, [string, string]> = { S: ['Ы', 'KeyS'], '-': ['-', 'Minus'] };

/** Types like a keyboard-wedge scanner under the Russian layout: key says "Ы", code says KeyS; 10 ms per key. */
async function wedgeRu(p: Page, text: string) {
  const cdp = await p.context().newCDPSession(p);
  for (const ch of [...text, '\r']) {
    const [key, code] = ch === '\r' ? ['Enter', 'Enter'] : /\d/.test(ch) ? [ch, `Digit${ch}`] : RU[ch]!;
    const shift = ch === 'S';
    const base = {
      key,
      code,
      modifiers: shift ? 8 : 0,
      windowsVirtualKeyCode: ch === '\r' ? 13 : code.startsWith('Digit') ? ch.charCodeAt(0) : code === 'Minus' ? 189 : ch.charCodeAt(0),
    };
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...base, text: ch === '\r' ? '\r' : key });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...base });
    await new Promise((r) => setTimeout(r, 10));
  }
  await cdp.detach();
}

const onHand = async (productId: number) =>
  (await owner<{ rows: { qty: number }[] }>('stock.onHand', { filters: { productId } })).rows.reduce((s, r) => s + r.qty, 0);

beforeAll(async () => {
  srv = await startServer({ demo: true });
  owner = await apiAs(srv.url, OWNER);
  cashier = await apiAs(srv.url, CASHIER);
  // A sale made at the till earlier: two of product 1, one of product 5.
  await cashier('shift.open', { float: 0 });
  const cart = await cashier<{ id: number }>('cart.current');
  for (const n of [1, 1, 5]) await cashier('cart.scan', { cartId: cart.id, code: demoBarcode(n) });
  const { total } = await cashier<{ total: number }>('cart.current');
  sale = await cashier('cart.pay', { cartId: cart.id, uuid: uuid(), payments: [{ method: 'cash', amount: total }] });
  browser = await launchBrowser();
  page = browser.page;
  problems = pageProblems(page);
  await page.goto(srv.url);
  await login(page, CASHIER);
  await page.getByTestId('nav-returns').click();
  await page.getByTestId('returns-code').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

describe('returns at the counter', () => {
  it('the receipt barcode scanned under the Russian layout finds the sale; more than sold is refused; stock comes back', async () => {
    const stockBefore = await onHand(1);
    await page.getByTestId('returns-code').focus();
    await wedgeRu(page, sale.number);
    const form = page.getByTestId('return-form');
    await form.waitFor();
    expect(await form.getAttribute('data-number')).toBe(sale.number);
    // The scan's keys did not stay in the field.
    expect(await page.getByTestId('returns-code').inputValue()).toBe('');

    const line = page.locator('[data-testid="return-line"]').first();
    const lineId = Number(await line.getAttribute('data-sale-line-id'));
    expect(Number(await line.getAttribute('data-left'))).toBe(2000);

    // Three of two: the screen refuses, and so does the core.
    await page.getByTestId(`return-qty-${lineId}`).fill('3');
    expect(await page.getByTestId('return-post').isDisabled()).toBe(true);
    const over = await cashier.raw('return.post', {
      kind: 'receipt',
      uuid: uuid(),
      saleId: sale.id,
      lines: [{ saleLineId: lineId, qty: 3000 }],
    });
    expect(over.error?.code).toBe('return_exceeds_sold');

    await page.getByTestId(`return-qty-${lineId}`).fill('1');
    await page.getByTestId('refund-cash').click();
    await page.getByTestId('return-post').click();
    await page.getByTestId('return-done').waitFor();
    expect(await onHand(1)).toBe(stockBefore + 1000);

    // Found again by typing the number: one left to return; two more is refused by the core.
    await page.getByTestId('returns-code').fill(sale.number);
    await page.getByTestId('returns-code').press('Enter');
    await form.waitFor();
    expect(Number(await page.locator(`[data-testid="return-line"][data-sale-line-id="${lineId}"]`).getAttribute('data-left'))).toBe(1000);
    await page.getByTestId(`return-qty-${lineId}`).fill('2');
    expect(await page.getByTestId('return-post').isDisabled()).toBe(true);
    const again = await cashier.raw('return.post', {
      kind: 'receipt',
      uuid: uuid(),
      saleId: sale.id,
      lines: [{ saleLineId: lineId, qty: 2000 }],
    });
    expect(again.error?.code).toBe('return_exceeds_sold');
    expect(await onHand(1)).toBe(stockBefore + 1000);
  });

  it('a return without a receipt needs a manager (the cashier lacks return.no_receipt)', async () => {
    const stockBefore = await onHand(3);
    await page.getByTestId('no-receipt').click();
    await page.getByTestId('picker-search').fill('D-0003');
    await page.getByTestId('picker-search').press('Enter');
    await page.getByTestId('no-receipt-reason').fill('Receipt lost, item unopened');
    await page.getByTestId('no-receipt-post').click();
    await page.getByTestId('approval-dialog').waitFor();
    await page.getByTestId(`approval-user-${MANAGER.id}`).click();
    await page.getByTestId('approval-pin').fill(MANAGER.pin);
    await page.getByTestId('approval-confirm').click();
    await page.getByTestId('return-done').waitFor();
    expect(await onHand(3)).toBe(stockBefore + 1000);
    expect(problems).toEqual([]);
  });
});
