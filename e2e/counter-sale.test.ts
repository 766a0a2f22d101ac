import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, auditRows, cashierAtTill, closeReceipt, MANAGER, OWNER, screenLines, SLOW, uuid } from './helpers-counter';
import { launchBrowser, startServer, type RunningServer } from './harness';

let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let problems: string[];
const PHONE = '+79001234567';

beforeAll(async () => {
  srv = await startServer({ demo: true });
  ({ browser, page, problems } = await cashierAtTill(srv.url));
});

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

async function approve() {
  await page.getByTestId('approval-dialog').waitFor();
  await page.getByTestId(`approval-user-${MANAGER.id}`).click();
  await page.getByTestId('approval-pin').fill(MANAGER.pin);
  await page.getByTestId('approval-confirm').click();
  await page.getByTestId('approval-dialog').waitFor({ state: 'detached' });
}

// A story, kept in order under shuffling: the second test pays the cart the first one built, parked and recalled (3 x 50.00).
describe('the sale screen by keyboard', { shuffle: false }, () => {
  it('the key hints with nothing to act on are off until the sale has a line, and a touch on one acts as its key', async () => {
    const off = (action: string) => page.getByTestId(`key-${action}`).isDisabled();
    const needLine = ['qty', 'price', 'remove', 'pay'];
    for (const a of needLine) expect(await off(a), a).toBe(true);
    expect(await off('search')).toBe(false);
    await page.getByTestId('key-search').click();
    await page.getByTestId('picker-search').fill('Kefi');
    await page.locator('[data-testid^="picker-item-"]').first().waitFor();
    await page.getByTestId('picker-search').press('Enter');
    await expect.poll(() => page.getByTestId('sale-line').count(), SLOW).toBe(1);
    for (const a of needLine) await expect.poll(() => off(a), SLOW).toBe(false);
    // Taking the line off again leaves the empty sale the story below starts from.
    await page.getByTestId('key-remove').click();
    const approval = page.getByTestId('approval-dialog');
    await Promise.race([approval.waitFor(), page.getByTestId('sale-empty').waitFor()]);
    if (await approval.isVisible()) await approve();
    await page.getByTestId('sale-empty').waitFor();
    for (const a of needLine) await expect.poll(() => off(a), SLOW).toBe(true);
  });

  it('F2 search, F4 quantity, F5 price with approval, F7 park and recall', async () => {
    await page.keyboard.press('F2');
    await page.getByTestId('picker-search').fill('Kefi');
    await page.locator('[data-testid^="picker-item-"]').first().waitFor();
    await page.getByTestId('picker-search').press('Enter');
    await expect.poll(() => page.getByTestId('sale-line').count(), SLOW).toBe(1);

    await page.keyboard.press('F4');
    await page.getByTestId('qty-input').fill('3');
    await page.getByTestId('qty-input').press('Enter');
    await expect.poll(async () => (await screenLines(page))[0]?.qty, SLOW).toBe(3000);

    await page.keyboard.press('F5');
    await page.getByTestId('price-input').fill('50');
    await page.getByTestId('price-input').press('Enter');
    await approve();
    await page.getByTestId('price-dialog').waitFor({ state: 'detached' });
    expect(await screenLines(page)).toEqual([expect.objectContaining({ qty: 3000, price: 5000, amount: 15000 })]);
    await page.getByTestId('line-price-changed').waitFor();

    await page.keyboard.press('F7');
    await page.getByTestId('park-note').fill('Olga');
    await page.getByTestId('park-note').press('Enter');
    await page.getByTestId('sale-empty').waitFor();

    await page.keyboard.press('F7');
    const parked = page.getByTestId('parked-row');
    await parked.waitFor();
    await page.getByTestId(`parked-recall-${await parked.getAttribute('data-cart-id')}`).click();
    await expect.poll(() => screenLines(page), SLOW).toEqual([expect.objectContaining({ qty: 3000, price: 5000 })]);
  });

  it('F8 attaches a loyalty customer by phone; a split card + cash payment; F10 opens the drawer with a manager', async () => {
    // Olga has bought enough before to reach the 3% tier.
    const manager = await apiAs(srv.url, MANAGER);
    await manager('customer.upsert', { phone: PHONE, name: 'Olga' });
    const cart = await manager<{ id: number }>('cart.current');
    await manager('cart.add', { cartId: cart.id, productId: 1, qty: 50_000 });
    await manager('cart.customer', { cartId: cart.id, phone: PHONE });
    const big = await manager<{ total: number }>('cart.current');
    await manager('cart.pay', { cartId: cart.id, uuid: uuid(), payments: [{ method: 'card', amount: big.total }] });

    await page.keyboard.press('F8');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('customer-phone');
    // A person typing (a burst this long at machine speed would be taken for a scan).
    await page.keyboard.type('+7 900 123-45-67', { delay: 60 });
    await page.keyboard.press('Enter');
    const attached = page.getByTestId('customer-attached');
    await attached.waitFor();
    expect(await attached.getAttribute('data-loyalty')).toBe('300');
    await page.getByTestId('sale-receipt-discount').waitFor();
    const total = Number(await page.getByTestId('sale-total').getAttribute('data-amount'));
    expect(total).toBe(15000 - Math.round((15000 * 300) / 10000));

    await page.keyboard.press('F9');
    await page.getByTestId('card-input').fill('100');
    await page.getByTestId('tendered-input').fill('100');
    // 100.00 by card, a 100 note for the rest (145.50 - 100.00 = 45.50): 54.50 change, shown before confirming.
    expect(total).toBe(14550);
    await expect.poll(() => page.getByTestId('pay-change').getAttribute('data-amount'), SLOW).toBe('5450');
    await page.getByTestId('pay-confirm').click();
    const receipt = page.getByTestId('receipt-dialog');
    await receipt.waitFor();
    expect(Number(await page.getByTestId('receipt-change').getAttribute('data-amount'))).toBe(5450);
    // The receipt as printed: both tenders and the change (the shop's language, amounts as printed).
    const preview = (await page.getByTestId('receipt-preview').innerText()).split('\n').map((l) => l.trimEnd());
    expect(preview).toContainEqual(expect.stringMatching(/^(Карта|Card) +100\.00$/));
    expect(preview).toContainEqual(expect.stringMatching(/^(Наличные|Cash) +100\.00$/));
    expect(preview).toContainEqual(expect.stringMatching(/^(Сдача|Change) +54\.50$/));
    const number = await receipt.getAttribute('data-number');
    const owner = await apiAs(srv.url, OWNER);
    const sales = (await owner<{ rows: { id: number; number: string }[] }>('sale.list', { limit: 5 })).rows;
    const doc = await owner<{ payments: { method: string; amount: number }[] }>('doc.get', {
      id: sales.find((s) => s.number === number)!.id,
    });
    expect(doc.payments.sort((a, b) => a.method.localeCompare(b.method))).toEqual([
      { method: 'card', amount: 10000 },
      { method: 'cash', amount: total - 10000 },
    ]);
    await closeReceipt(page);

    const from = auditRows(srv.dataDir).at(-1)!.id;
    await page.keyboard.press('F10');
    await page.getByTestId('drawer-reason').fill('Change for a banknote');
    await page.getByTestId('drawer-confirm').click();
    await approve();
    await page.getByTestId('drawer-dialog').waitFor({ state: 'detached' });
    expect(auditRows(srv.dataDir, from).find((r) => r.action === 'drawer.open')?.data).toMatchObject({
      reason: 'Change for a banknote',
      approvedBy: MANAGER.id,
    });
    await page.getByTestId('printer-status').waitFor();
    expect(problems).toEqual([]);
  });
});
