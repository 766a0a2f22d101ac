import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, readDb } from './helpers-counter';
import { apiCall, launchBrowser, startServer, type RunningServer } from './harness';

/** GTIN mod-10 check digit, weights 3,1 from the rightmost data digit (as core/barcode.ts). */
function withCheckDigit(data: string): string {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += Number(data[data.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return data + String((10 - (sum % 10)) % 10);
}

// The demo seed gives product n the code 4607001 + n in five digits + check digit; its prices are fixed (seeded PRNG).
const PRODUCT_ID = 1;
const PRICE = 11390; // Milk 1.5%: 113.90
/** The cashier is handed a 500 note: 500.00 tendered, 386.10 change. */
const TENDERED = 50000;
const CHANGE = TENDERED - PRICE;
const BARCODE = withCheckDigit('460700100001');
/** Same code with the check digit off by one: a misread the scanner must refuse. */
const MISREAD = BARCODE.slice(0, -1) + String((Number(BARCODE.at(-1)) + 1) % 10);
const OWNER = { id: 1, pin: '1111' };
const CASHIER = { id: 2, pin: '2222' };

/** Intl output differs only in which space it uses between number and symbol. */
const spaces = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, ' ').trim();

/** An amount as the screen shows it, in the shop's locale and currency (formatted here independently of the app). */
function shown(minor: number, locale: string, currency: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const padded = String(minor).padStart(digits + 1, '0');
  const decimal = digits ? `${padded.slice(0, -digits)}.${padded.slice(-digits)}` : padded;
  return spaces(
    new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
      decimal as `${number}`,
    ),
  );
}

/** The receipt's payment lines by the shop's language (core/devices/receipt.ts), amounts as printed. */
const RECEIPT_WORDS: Record<string, { cash: string; change: string }> = {
  ru: { cash: 'Наличные', change: 'Сдача' },
  en: { cash: 'Cash', change: 'Change' },
};

let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
const problems: string[] = [];

beforeAll(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
  // CSP violations and uncaught errors show up here; the flow must produce none. Chromium also logs every
  // non-2xx response ("Failed to load resource"), and the first auth.me before login is a 401 by design.
  browser.page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(m.text()));
  browser.page.on('pageerror', (e) => problems.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

async function login(page: Page, who: { id: number; pin: string }, submit: 'enter' | 'click') {
  await page.getByTestId(`login-user-${who.id}`).click();
  const pin = page.getByTestId('pin-input');
  await pin.fill(who.pin);
  if (submit === 'enter') await pin.press('Enter');
  else await page.getByTestId('login-submit').click();
  await page.getByTestId('logout').waitFor();
}

async function logout(page: Page) {
  await page.getByTestId('logout').click();
  await page.getByTestId(`login-user-${OWNER.id}`).waitFor();
}

/** On-hand of the product as the stock screen shows it, in thousandths. */
async function stockOnHand(page: Page): Promise<number> {
  await page.getByTestId('nav-stock').click();
  await page.getByTestId('stock-search').fill(BARCODE);
  // The search is debounced: wait until the list holds exactly the scanned product.
  await expect.poll(() => page.locator('[data-testid^="stock-row-"]').count()).toBe(1);
  const cell = page.getByTestId(`stock-row-${PRODUCT_ID}`).getByTestId(`onhand-${PRODUCT_ID}`);
  return Number(await cell.getAttribute('data-qty'));
}

describe('a cash sale through the browser UI', () => {
  it('cashier scans, pays cash with a note and sees the change; owner sees the sale and the stock one piece lower', async () => {
    const { page } = browser;
    const info = await apiCall(srv.url, 'system.info', {});
    const { locale, currency } = info.body.value as { locale: string; currency: string };

    await page.goto(srv.url);

    // Owner reads the stock before the sale.
    await login(page, OWNER, 'click');
    const before = await stockOnHand(page);
    expect(before).toBeGreaterThanOrEqual(1000);
    await logout(page);

    // Cashier: the sale screen opens with the scan field focused; no sales list for a cashier.
    await login(page, CASHIER, 'enter');
    await expect.poll(() => page.getByTestId('nav-sales').count()).toBe(0);
    await page.getByTestId('shift-float').fill('0');
    await page.getByTestId('shift-open').click();
    const scanInput = page.getByTestId('scan-input');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('scan-input');

    // A misread code is refused and adds nothing.
    await scanInput.fill(MISREAD);
    await scanInput.press('Enter');
    await page.getByTestId('scan-error').waitFor();
    expect(await page.getByTestId('scan-error').getAttribute('data-code')).toBe('invalid_barcode');
    expect(await page.getByTestId('sale-line').count()).toBe(0);

    await scanInput.fill(BARCODE);
    await scanInput.press('Enter');
    await expect.poll(() => page.getByTestId('sale-line').count()).toBe(1);
    const line = page.getByTestId('sale-line');
    expect(await line.getAttribute('data-product-id')).toBe(String(PRODUCT_ID));
    expect(await line.getAttribute('data-qty')).toBe('1000');
    const total = Number(await page.getByTestId('sale-total').getAttribute('data-amount'));
    expect(total).toBe(PRICE);
    const money = (minor: number) => shown(minor, locale, currency);

    await page.getByTestId('pay').click();
    const tendered = page.getByTestId('tendered-input');
    await tendered.waitFor();
    expect(Number(await page.getByTestId('pay-total').getAttribute('data-amount'))).toBe(PRICE);
    expect(spaces(await page.getByTestId('pay-total').innerText())).toBe(money(PRICE));
    // Tendered defaults to the total: no change yet.
    expect(await tendered.inputValue()).toBe('113.90');
    const change = page.getByTestId('pay-change');
    expect(await change.getAttribute('data-amount')).toBe('0');
    // A 500 note: the change is worked out on screen before the sale is confirmed.
    await tendered.fill('500');
    await expect.poll(() => change.getAttribute('data-amount')).toBe(String(CHANGE));
    expect(spaces(await change.innerText())).toBe(money(CHANGE));
    await page.getByTestId('pay-confirm').click();
    const done = page.getByTestId('sale-done');
    await done.waitFor();
    const number = (await done.getAttribute('data-number'))!;
    expect(number).toBeTruthy();
    expect(spaces(await done.innerText())).toContain(number);
    expect(spaces(await done.innerText())).toContain(money(CHANGE));
    expect(await page.getByTestId('sale-line').count()).toBe(0);
    // The receipt dialog: the change in big type, and the receipt as printed with the cash tendered and the change.
    expect(Number(await page.getByTestId('receipt-change').getAttribute('data-amount'))).toBe(CHANGE);
    expect(spaces(await page.getByTestId('receipt-change').innerText())).toBe(money(CHANGE));
    const preview = (await page.getByTestId('receipt-preview').innerText()).split('\n').map((l) => l.trimEnd());
    const words = RECEIPT_WORDS[locale]!;
    expect(preview).toContainEqual(expect.stringMatching(new RegExp(`^${words.cash} +500\\.00$`)));
    expect(preview).toContainEqual(expect.stringMatching(new RegExp(`^${words.change} +386\\.10$`)));
    await page.getByTestId('receipt-close').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('scan-input');
    await logout(page);

    // Owner: the sale is listed with its total formatted for the shop's locale and currency.
    await login(page, OWNER, 'enter');
    await page.getByTestId('nav-sales').click();
    const row = page.locator(`[data-testid="sales-row"][data-number="${number}"]`);
    await row.waitFor();
    expect(Number(await row.getAttribute('data-total'))).toBe(total);
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    const minor = String(total).padStart(digits + 1, '0');
    const decimal = digits ? `${minor.slice(0, -digits)}.${minor.slice(-digits)}` : minor;
    const expected = new Intl.NumberFormat(locale, { style: 'currency', currency }).format(decimal as `${number}`);
    expect(spaces(await row.getByTestId('sales-row-total').innerText())).toBe(spaces(expected));

    const after = await stockOnHand(page);
    expect(after).toBe(before - 1000);

    // Recorded: the ledger keeps the cash that stayed in the drawer (the total); the receipt job keeps the change.
    const owner = await apiAs(srv.url, OWNER);
    const sale = (await owner<{ rows: { id: number; number: string }[] }>('sale.list', { limit: 5 })).rows.find(
      (x) => x.number === number,
    )!;
    expect((await owner<{ payments: { method: string; amount: number }[] }>('doc.get', { id: sale.id })).payments).toEqual([
      { method: 'cash', amount: PRICE },
    ]);
    const jobs = readDb(
      srv.dataDir,
      (db) => db.prepare(`SELECT payload FROM outbox WHERE topic = 'receipt.print'`).all() as { payload: string }[],
    );
    expect(jobs.map((j) => JSON.parse(j.payload) as unknown)).toEqual([expect.objectContaining({ docId: sale.id, change: CHANGE })]);
    expect(problems).toEqual([]);
  });
});
