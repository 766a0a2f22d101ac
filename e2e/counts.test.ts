// Counting on a phone (360x640) in browser mode while a desktop browser counts the same session: scans typed on
// either add up across devices, an unknown code is shown, and a blind count never sends the expected quantity to the
// cashier's browser (checked on the socket frames and HTTP bodies, not only on screen; the owner's browser, which may
// see it, gets it on the same wire, so the check is shown to catch it).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startServer, type RunningServer } from './harness';
import { apiAs, CASHIER, demoBarcode, login, OWNER, uuid } from './helpers-counter';

let srv: RunningServer;
let phone: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let desk: Page;
let owner: Awaited<ReturnType<typeof apiAs>>;
let countId: number;
const frames: string[] = [];
const deskFrames: string[] = [];

/** Every API answer a page receives: socket frames and HTTP response bodies. */
function tap(p: Page, into: string[]) {
  p.on('websocket', (ws) => ws.on('framereceived', (f) => into.push(String(f.payload))));
  p.on('response', (r) => {
    if (r.url().includes('/api/'))
      void r.text().then(
        (t) => into.push(t),
        () => {},
      );
  });
}

beforeAll(async () => {
  srv = await startServer({ demo: true });
  owner = await apiAs(srv.url, OWNER);
  countId = (await owner<{ id: number }>('count.create', { uuid: uuid(), blind: true })).id;
  phone = await launchBrowser();
  page = phone.page;
  await page.setViewportSize({ width: 360, height: 640 });
  tap(page, frames);
  await page.goto(`${srv.url}#/counts/${countId}`);
  await login(page, CASHIER);
  await page.getByTestId('count-screen').waitFor();
  // The second device: a desktop browser of its own (another context: its own cookie), the owner signed in.
  desk = await (await phone.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  tap(desk, deskFrames);
  await desk.goto(`${srv.url}#/counts/${countId}`);
  await login(desk, OWNER);
  await desk.getByTestId('count-screen').waitFor();
});
afterAll(async () => {
  await phone?.close();
  await srv?.stop();
});

const counted = (p: Page, productId: number) =>
  p.locator(`[data-testid="count-line"][data-product-id="${productId}"]`).getAttribute('data-counted');

/** Types a code and a quantity on a device's count screen and presses Enter. */
async function typeScan(p: Page, code: string, qty: string) {
  await p.getByTestId('count-code').fill(code);
  await p.getByTestId('count-qty').fill(qty);
  await p.getByTestId('count-code').press('Enter');
}

describe('a count on a phone', () => {
  it('fits 360x640 and hides a blind count from the cashier', async () => {
    expect(await page.getByTestId('count-screen').getAttribute('data-expected-hidden')).toBe('true');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const add = await page.getByTestId('count-add').boundingBox();
    expect(add!.height).toBeGreaterThanOrEqual(44);
    expect(await page.getByTestId('count-post').count()).toBe(0);
  });

  it('the phone and a desktop browser count the same item at once and both see the sum; an unknown code is shown; the book never reaches the phone', async () => {
    await typeScan(page, demoBarcode(1), '3');
    await expect.poll(() => page.getByTestId('count-last').getAttribute('data-counted')).toBe('3000');
    // Both devices scan the same item at the same moment (each adds to what the other left).
    await Promise.all([typeScan(page, demoBarcode(1), '1'), typeScan(desk, demoBarcode(1), '2')]);
    await expect.poll(() => counted(page, 1)).toBe('6000');
    await expect.poll(() => counted(desk, 1)).toBe('6000');
    // Another item from the desk alone reaches the phone too.
    await typeScan(desk, demoBarcode(2), '4');
    await expect.poll(() => counted(page, 2)).toBe('4000');
    expect(await page.getByTestId('count-line-book').count()).toBe(0);
    const view = await owner<{ lines: { productId: number; countedQty: number; scans: number; bookQty: number | null }[] }>('count.get', {
      id: countId,
    });
    expect(view.lines.find((l) => l.productId === 1)).toMatchObject({ countedQty: 6000, scans: 3 });

    // An unknown code is refused and shown; nothing is added.
    await page.getByTestId('count-code').fill('4600000000015');
    await page.getByTestId('count-code').press('Enter');
    const err = page.getByTestId('count-scan-error');
    await err.waitFor();
    expect(await err.getAttribute('data-code')).toBe('unknown_barcode');
    expect(await err.textContent()).toContain('4600000000015');
    expect(await page.getByTestId('count-line').count()).toBe(2);

    // The expected quantity never reached the cashier's browser, on any answer it was sent.
    const book = /"bookQty":-?\d/;
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.filter((f) => book.test(f))).toEqual([]);
    // The owner's browser, which may see it, got it on the same kind of wire: the check above would have caught it.
    expect(deskFrames.some((f) => book.test(f))).toBe(true);
    expect(typeof view.lines[0]!.bookQty).toBe('number');
  });
});
