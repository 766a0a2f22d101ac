// Counting on a phone (360x640) in browser mode while another device counts the same session: scans typed or sent
// by a keyboard wedge add up across devices, an unknown code is shown, and a blind count never sends the expected
// quantity to the cashier's browser (checked on the socket frames, not only on screen).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startServer, type RunningServer } from './harness';
import { apiAs, CASHIER, demoBarcode, login, OWNER, uuid } from './helpers-counter';

let srv: RunningServer;
let phone: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let owner: Awaited<ReturnType<typeof apiAs>>;
let countId: number;
const frames: string[] = [];

beforeAll(async () => {
  srv = await startServer({ demo: true });
  owner = await apiAs(srv.url, OWNER);
  countId = (await owner<{ id: number }>('count.create', { uuid: uuid(), blind: true })).id;
  phone = await launchBrowser();
  page = phone.page;
  await page.setViewportSize({ width: 360, height: 640 });
  page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
  page.on('response', (r) => {
    if (r.url().includes('/api/'))
      void r.text().then(
        (t) => frames.push(t),
        () => {},
      );
  });
  await page.goto(`${srv.url}#/counts/${countId}`);
  await login(page, CASHIER);
  await page.getByTestId('count-screen').waitFor();
});
afterAll(async () => {
  await phone?.close();
  await srv?.stop();
});

const counted = (productId: number) =>
  page.locator(`[data-testid="count-line"][data-product-id="${productId}"]`).getAttribute('data-counted');

describe('a count on a phone', () => {
  it('fits 360x640 and hides a blind count from the cashier', async () => {
    expect(await page.getByTestId('count-screen').getAttribute('data-expected-hidden')).toBe('true');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const add = await page.getByTestId('count-add').boundingBox();
    expect(add!.height).toBeGreaterThanOrEqual(44);
    expect(await page.getByTestId('count-post').count()).toBe(0);
  });

  it('a typed code counts the item, another device adds to it and the phone sees the sum; an unknown code is shown; the book never reaches the phone', async () => {
    await page.getByTestId('count-code').fill(demoBarcode(1));
    await page.getByTestId('count-qty').fill('3');
    await page.getByTestId('count-code').press('Enter');
    await expect.poll(() => page.getByTestId('count-last').getAttribute('data-counted')).toBe('3000');
    // The owner's device scans two more of it.
    await owner('count.scan', { id: countId, productId: 1, qty: 2000, recount: 'add', device: 'tablet' });
    await expect.poll(() => counted(1)).toBe('5000');
    expect(await page.getByTestId('count-line-book').count()).toBe(0);

    // An unknown code is refused and shown; nothing is added.
    await page.getByTestId('count-code').fill('4600000000015');
    await page.getByTestId('count-code').press('Enter');
    const err = page.getByTestId('count-scan-error');
    await err.waitFor();
    expect(await err.getAttribute('data-code')).toBe('unknown_barcode');
    expect(await err.textContent()).toContain('4600000000015');
    expect(await page.getByTestId('count-line').count()).toBe(1);

    // The expected quantity never reached the cashier's browser.
    expect(frames.length).toBeGreaterThan(0);
    const leaked = frames.filter((f) => /"bookQty":\d/.test(f));
    expect(leaked).toEqual([]);
    // The owner sees it.
    const view = await owner<{ lines: { productId: number; bookQty: number | null }[] }>('count.get', { id: countId });
    expect(view.lines[0]!.productId).toBe(1);
    expect(typeof view.lines[0]!.bookQty).toBe('number');
  });
});
