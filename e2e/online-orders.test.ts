// Online orders in Lavka against a real Medusa store (issue #13, section 4), in browser mode: a shopper orders on the
// storefront, the order comes into Lavka reserved; at the counter the cashier finds it by the number the shopper
// shows, takes what is left to pay, and it becomes one sale; the owner ships another from the online orders screen.
// Either way the reservation is gone and the store shows the order fulfilled. Orders that cannot be handed over are
// refused in the dialog, saying why. A cashier picks an order by scanning its goods (wrong and extra scans refused),
// marks it ready for pickup and it is shipped. An order whose goods left the shelf is flagged; the owner cancels it.
import Database from 'better-sqlite3';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStore, type TestStore } from '../test/store/index';
import { axeViolations } from './axe';
import { launchBrowser, startServer, type RunningServer } from './harness';
import { apiAs, CASHIER, closeReceipt, ensureShift, login, OWNER, pageProblems, readDb, SLOW, uuid } from './helpers-counter';

let store: TestStore;
let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let problems: string[];
let owner: Awaited<ReturnType<typeof apiAs>>;
let variantId = '';
let productId = 0;
/** The store's round trips (sync cycles, Medusa's own work) take seconds on a loaded box. */
const STORE_SLOW = { timeout: 60_000, interval: 250 };

beforeAll(async () => {
  store = await startStore();
  srv = await startServer({ demo: true });
  owner = await apiAs(srv.url, OWNER);
  const product = readDb(srv.dataDir, (db) => db.prepare('SELECT id, sku, name FROM products WHERE id = 1').get()) as {
    id: number;
    sku: string;
    name: string;
  };
  productId = product.id;
  await owner('doc.post', { type: 'receipt', uuid: uuid(), locationId: 1, lines: [{ productId, qty: 20_000, unitCost: 4000 }] });
  const created = await store.admin.createProduct(product.name, [{ sku: product.sku, price: 1 }]);
  variantId = created.variants[0]!.id;
  await owner('store.configure', {
    enabled: true,
    url: store.url,
    stockLocationId: store.setup.locationId,
    currency: 'rub',
    locationId: 1,
    apiKey: store.setup.secretKey,
  });
  // The shop is open: a hand-over is a sale of the day's cash shift, shipped or collected.
  await owner('shift.open', { float: 0 });
  // One cycle links the item by SKU and sends the store Lavka's stock and price, so the shopper can order it.
  await owner('store.syncNow');
  browser = await launchBrowser();
  // The page's CSP (script-src 'self') refuses the injected axe script; only this test's context waives it.
  await browser.page.close();
  page = await (await browser.browser.newContext({ bypassCSP: true })).newPage();
  problems = pageProblems(page);
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto(srv.url);
}, 20 * 60_000);

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  await store?.close();
}, 120_000);

interface OrderRow {
  status: string;
  saleId: number | null;
}
const orderRow = (id: string) =>
  readDb(srv.dataDir, (db) => db.prepare('SELECT status, sale_id AS saleId FROM store_orders WHERE order_id = ?').get(id)) as
    OrderRow | undefined;
const reservations = (id: string) =>
  readDb(srv.dataDir, (db) => db.prepare('SELECT status, qty FROM reservations WHERE order_id = ? ORDER BY id').all(id));
const salesFor = (displayId: number) =>
  readDb(srv.dataDir, (db) =>
    db.prepare("SELECT id FROM documents WHERE type = 'sale' AND note = ?").all(`web-store order #${displayId}`),
  ) as { id: number }[];
const paymentsOf = (docId: number) =>
  readDb(srv.dataDir, (db) => db.prepare('SELECT method, amount FROM payments WHERE document_id = ? ORDER BY id').all(docId));

/** A storefront order, pulled into Lavka and reserved. */
async function orderedOnline(quantity: number) {
  const placed = await store.shopper.placeOrder([{ variantId, quantity }]);
  await expect
    .poll(async () => {
      await owner('store.syncNow');
      return orderRow(placed.id)?.status;
    }, STORE_SLOW)
    .toBe('reserved');
  return placed;
}

/**
 * The test store takes every payment at checkout; a shopper who chose to pay at pickup is an order the store took
 * nothing for, as test/store-orders.test.ts arranges it.
 */
function paysAtPickup(orderId: string) {
  const db = new Database(path.join(srv.dataDir, 'lavka.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('UPDATE store_orders SET paid = 0 WHERE order_id = ?').run(orderId);
  } finally {
    db.close();
  }
}

/** What the store says about the order once Lavka's sync has told it. */
async function fulfilledInStore(orderId: string) {
  await expect
    .poll(async () => {
      await owner('store.syncNow');
      return (await store.admin.order(orderId)).fulfillmentStatus;
    }, STORE_SLOW)
    .toBe('delivered');
}

/** A fresh page signed in as `who`, whatever the last test left open. */
async function signIn(who: { id: number; pin: string }) {
  await page.context().clearCookies();
  await page.goto(srv.url);
  await login(page, who);
}

/** axe reads colours as painted: modals and drawers fade in first (as e2e/accessibility.test.ts waits). */
async function expectAccessible() {
  await page.waitForTimeout(400);
  const found = await axeViolations(page);
  expect(found, found.join('\n')).toEqual([]);
}

/** Keys as a USB scanner sends them: 10 ms apart by the device's clock, then Enter (see counter-scanners.test.ts). */
async function scannerTypes(code: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const t0 = Date.now() / 1000;
  const keys = [...code].map((ch) => ({ key: ch, code: `Digit${ch}`, vk: ch.charCodeAt(0), text: ch }));
  keys.push({ key: 'Enter', code: 'Enter', vk: 13, text: '\r' });
  for (const [i, k] of keys.entries()) {
    await cdp.send('Input.dispatchKeyEvent', {
      type: 'keyDown',
      key: k.key,
      code: k.code,
      windowsVirtualKeyCode: k.vk,
      text: k.text,
      timestamp: t0 + i * 0.01,
    });
    await cdp.send('Input.dispatchKeyEvent', {
      type: 'keyUp',
      key: k.key,
      code: k.code,
      windowsVirtualKeyCode: k.vk,
      timestamp: t0 + i * 0.01 + 0.002,
    });
  }
  await cdp.detach();
}

/** The web order dialog at the till, opened with its key. */
async function openWebOrder() {
  await page.evaluate(() => (location.hash = '#/sale'));
  await ensureShift(page);
  await page.keyboard.press('F11');
  await page.getByTestId('web-order-dialog').waitFor();
}

async function typeNumber(number: string) {
  await page.getByTestId('web-order-number').fill(number);
  await page.getByTestId('web-order-number').press('Enter');
}

describe('click & collect at the counter', () => {
  it('a shopper orders online, collects at the counter and pays the rest in cash: one sale, the reservation is gone, the store shows the order fulfilled', async () => {
    const placed = await orderedOnline(2);
    paysAtPickup(placed.id);
    const order = (await owner('store.order', { orderId: placed.id })) as { goods: number; due: number };
    expect(order.due).toBe(order.goods);

    await signIn(CASHIER);
    await openWebOrder();
    await typeNumber(`#${placed.displayId}`);
    const shown = page.getByTestId('web-order');
    await shown.waitFor(SLOW);
    expect(await shown.getAttribute('data-status')).toBe('reserved');
    expect(await page.getByTestId('web-order-line').getAttribute('data-qty')).toBe('2000');
    expect(await page.getByTestId('web-order-paid').getAttribute('data-amount')).toBe('0');
    expect(Number(await page.getByTestId('web-order-due').getAttribute('data-amount'))).toBe(order.goods);
    await expectAccessible();

    // The customer hands over a note bigger than the rest; the change is shown before the order is handed over.
    const cash = order.goods + 50_000;
    await page.getByTestId('tendered-input').fill(String(cash / 100));
    expect(Number(await page.getByTestId('pay-change').getAttribute('data-amount'))).toBe(50_000);
    await page.getByTestId('tendered-input').press('Enter');
    await page.getByTestId('receipt-dialog').waitFor(SLOW);
    await closeReceipt(page);
    expect(await page.getByTestId('sale-done').isVisible()).toBe(true);

    const sales = salesFor(placed.displayId);
    expect(sales).toHaveLength(1);
    expect(paymentsOf(sales[0]!.id)).toEqual([{ method: 'cash', amount: order.goods }]);
    expect(orderRow(placed.id)).toEqual({ status: 'fulfilled', saleId: sales[0]!.id });
    expect(reservations(placed.id)).toEqual([{ status: 'consumed', qty: 2000 }]);
    await fulfilledInStore(placed.id);
    expect(problems).toEqual([]);
  });

  it('refuses in the dialog a number no web order has, and an order collected already, and takes nothing', async () => {
    const placed = await orderedOnline(1);
    await signIn(CASHIER);
    await openWebOrder();
    await typeNumber('999999');
    const error = page.getByTestId('web-order-error');
    await error.waitFor(SLOW);
    expect(await error.getAttribute('data-code')).toBe('not_found');
    expect(await error.innerText()).toContain('999999');
    expect(await page.getByTestId('web-order').count()).toBe(0);

    // Paid online in full: nothing to take, the order is handed over as it is; the number comes from the scanner.
    await page.getByTestId('web-order-number').fill('');
    await scannerTypes(String(placed.displayId));
    await page.getByTestId('web-order').waitFor(SLOW);
    expect(await page.getByTestId('web-order-due').getAttribute('data-amount')).toBe('0');
    await page.getByTestId('web-order-nothing-due').waitFor();
    await page.getByTestId('web-order-collect').click();
    await page.getByTestId('receipt-dialog').waitFor(SLOW);
    await closeReceipt(page);
    expect(salesFor(placed.displayId)).toHaveLength(1);

    // The same customer back with the same number: the dialog says it was handed over, and offers nothing to do.
    await openWebOrder();
    await typeNumber(String(placed.displayId));
    const refusal = page.getByTestId('web-order-refusal');
    await refusal.waitFor(SLOW);
    expect(await refusal.getAttribute('data-status')).toBe('fulfilled');
    expect(await refusal.innerText()).toContain(String(placed.displayId));
    expect(await page.getByTestId('web-order-collect').count()).toBe(0);
    expect(salesFor(placed.displayId)).toHaveLength(1);
    await expectAccessible();
    await page.keyboard.press('Escape');
    await page.getByTestId('web-order-dialog').waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });
});

describe('the online orders screen', () => {
  it('the owner ships an online order from the orders screen', async () => {
    const placed = await orderedOnline(3);
    await signIn(OWNER);
    await page.evaluate(() => (location.hash = '#/orders'));
    await page.getByTestId('orders-screen').waitFor();

    // Found by its number among the reserved orders.
    await page.getByTestId('orders-status').selectOption('reserved');
    await page.getByTestId('orders-search').fill(String(placed.displayId));
    const row = page.locator(`[data-testid="orders-row"][data-number="${placed.displayId}"]`);
    await row.waitFor(SLOW);
    await expect
      .poll(() => page.getByTestId('orders-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status'))), SLOW)
      .toEqual(expect.arrayContaining(['reserved']));
    expect(await page.locator('[data-testid="orders-row"]:not([data-status="reserved"])').count()).toBe(0);
    await row.getByTestId('orders-open').click();
    const detail = page.getByTestId('order-detail');
    await detail.waitFor(SLOW);
    expect(await page.getByTestId('order-customer').isVisible()).toBe(true);
    expect(await detail.getByTestId('web-order-line').getAttribute('data-qty')).toBe('3000');
    expect(await detail.getByTestId('order-reservation').getAttribute('data-status')).toBe('active');
    await expectAccessible();

    await page.getByTestId('order-ship').click();
    await page.getByTestId('order-ship-confirm').click();
    await page.getByTestId('order-shipped').waitFor(SLOW);
    await expect.poll(() => detail.getAttribute('data-status'), SLOW).toBe('fulfilled');
    expect(await detail.getByTestId('order-reservation').getAttribute('data-status')).toBe('consumed');

    const sales = salesFor(placed.displayId);
    expect(sales).toHaveLength(1);
    const order = (await owner('store.order', { orderId: placed.id })) as { goods: number };
    expect(paymentsOf(sales[0]!.id)).toEqual([{ method: 'online', amount: order.goods }]);
    expect(reservations(placed.id)).toEqual([{ status: 'consumed', qty: 3000 }]);
    await fulfilledInStore(placed.id);

    // The list under its filters: shipped, it leaves the reserved ones and shows among the fulfilled.
    await page.keyboard.press('Escape');
    await expect.poll(() => row.count(), SLOW).toBe(0);
    await page.getByTestId('orders-status').selectOption('fulfilled');
    await row.waitFor(SLOW);
    expect(problems).toEqual([]);
  });

  it('a cashier picks an online order by scanning at 1024x768: wrong and extra scans are refused, then ready and shipped', async () => {
    const placed = await orderedOnline(2);
    const barcodeOf = (id: number) =>
      (
        readDb(srv.dataDir, (db) => db.prepare('SELECT code FROM barcodes WHERE product_id = ? ORDER BY code LIMIT 1').get(id)) as {
          code: string;
        }
      ).code;
    const onHand = () =>
      readDb(srv.dataDir, (db) => db.prepare('SELECT qty, value FROM on_hand WHERE product_id = ? AND location_id = 1').get(productId));
    const movements = () => readDb(srv.dataDir, (db) => db.prepare('SELECT COUNT(*) AS n FROM stock_movements').get());
    const picked = () =>
      readDb(srv.dataDir, (db) => db.prepare('SELECT picked FROM store_order_lines WHERE order_id = ?').get(placed.id)) as {
        picked: number;
      };
    const before = { onHand: onHand(), movements: movements() };
    await page.setViewportSize({ width: 1024, height: 768 });
    try {
      await signIn(CASHIER);
      const detail = page.getByTestId('order-detail');
      const lang = (code: string) => page.getByTestId('lang-switch').getByText(code, { exact: true }).click();
      const open = async () => {
        await page.evaluate((id) => (location.hash = `#/orders?order=${id}`), placed.id);
        await detail.waitFor(SLOW);
      };
      await page.evaluate(() => (location.hash = '#/orders'));
      await page.getByTestId('orders-screen').waitFor();
      await lang('EN');
      await open();
      expect(await detail.getAttribute('data-status')).toBe('reserved');
      // Cancelling is a manager's call: the cashier is not offered it.
      expect(await page.getByTestId('order-cancel').count()).toBe(0);

      await page.getByTestId('order-pick-start').click();
      await expect.poll(() => detail.getAttribute('data-status'), SLOW).toBe('picking');
      const line = page.getByTestId('order-pick-line');
      expect(await line.getAttribute('data-qty')).toBe('2000');
      expect(await page.getByTestId('order-ready').isDisabled()).toBe(true);
      await expectAccessible();
      // The rest in Russian, whose words are the longest: the pick mode still fits 1024 px.
      await page.keyboard.press('Escape');
      await detail.waitFor({ state: 'detached' });
      await lang('RU');
      await open();
      await page.getByTestId('order-pick').waitFor(SLOW);

      // The scanner, wherever the focus is: one unit in the basket.
      await scannerTypes(barcodeOf(productId));
      await expect.poll(() => line.getAttribute('data-picked'), SLOW).toBe('1000');
      expect(await page.getByTestId('order-pick-last').getAttribute('data-picked')).toBe('1000');

      // Another product's code: shown, nothing picked.
      await scannerTypes(barcodeOf(productId + 1));
      const error = page.getByTestId('order-pick-error');
      await error.waitFor(SLOW);
      expect(await error.getAttribute('data-code')).toBe('not_in_order');
      expect(await line.getAttribute('data-picked')).toBe('1000');
      await expectAccessible();

      // Typed into the field and Enter: the second unit; the order is complete.
      await page.getByTestId('order-pick-code').fill(barcodeOf(productId));
      await page.getByTestId('order-pick-code').press('Enter');
      await expect.poll(() => line.getAttribute('data-picked'), SLOW).toBe('2000');
      const progress = page.getByTestId('order-pick-progress');
      expect([await progress.getAttribute('data-done'), await progress.getAttribute('data-total')]).toEqual(['1', '1']);
      await error.waitFor({ state: 'detached' });

      // One too many: refused and said so.
      await scannerTypes(barcodeOf(productId));
      await expect.poll(() => error.getAttribute('data-code'), SLOW).toBe('over_pick');
      expect(picked()).toEqual({ picked: 2000 });
      // Picking moved nothing in the ledger.
      expect({ onHand: onHand(), movements: movements() }).toEqual(before);
      // The drawer fits a 1024 px screen: nothing scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
      const drawerBody = page.locator('.mantine-Drawer-body');
      expect(await drawerBody.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

      await page.getByTestId('order-ready').click();
      await expect.poll(() => detail.getAttribute('data-status'), SLOW).toBe('ready');
      expect(orderRow(placed.id)?.status).toBe('ready');
      await expectAccessible();

      await page.getByTestId('order-ship').click();
      await page.getByTestId('order-ship-confirm').click();
      await page.getByTestId('order-shipped').waitFor(SLOW);
      expect(salesFor(placed.displayId)).toHaveLength(1);
      expect(reservations(placed.id)).toEqual([{ status: 'consumed', qty: 2000 }]);
      await fulfilledInStore(placed.id);
      expect(problems).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1366, height: 900 });
    }
  });

  it('an order the shelf no longer covers is flagged in the list; the owner cancels it and the store cancels it too', async () => {
    const placed = await orderedOnline(2);
    const shelf = () =>
      (
        readDb(srv.dataDir, (db) => db.prepare('SELECT qty FROM on_hand WHERE product_id = ? AND location_id = 1').get(productId)) as {
          qty: number;
        }
      ).qty;
    // Broken in the back room: all but one unit written off, fewer than the order holds.
    const gone = shelf() - 1000;
    await owner('doc.post', { type: 'writeoff', uuid: uuid(), locationId: 1, lines: [{ productId, qty: gone }] });
    try {
      await signIn(OWNER);
      await page.evaluate(() => (location.hash = '#/orders'));
      await page.getByTestId('orders-search').fill(String(placed.displayId));
      const row = page.locator(`[data-testid="orders-row"][data-number="${placed.displayId}"]`);
      await row.waitFor(SLOW);
      await expect.poll(() => row.getAttribute('data-short'), SLOW).toBe('true');
      // Waited for, not read at once: the search's own answer may still replace the unfiltered list under it.
      await row.getByTestId('order-short').waitFor(SLOW);
      await expectAccessible();

      await row.getByTestId('orders-open').click();
      const detail = page.getByTestId('order-detail');
      await detail.waitFor(SLOW);
      await page.getByTestId('order-short-hint').waitFor();
      await page.getByTestId('order-cancel').click();
      await page.getByTestId('order-cancel-confirm').waitFor();
      await expectAccessible();
      await page.getByTestId('order-cancel-confirm').click();
      await page.getByTestId('order-cancelled').waitFor(SLOW);
      await expect.poll(() => detail.getAttribute('data-status'), SLOW).toBe('cancelled');
      expect(reservations(placed.id)).toEqual([{ status: 'released', qty: 2000 }]);
      await expect
        .poll(async () => {
          await owner('store.syncNow');
          return (await store.admin.order(placed.id)).status;
        }, STORE_SLOW)
        .toBe('canceled');
      expect(problems).toEqual([]);
    } finally {
      await owner('doc.post', { type: 'receipt', uuid: uuid(), locationId: 1, lines: [{ productId, qty: gone, unitCost: 4000 }] });
      // The store learns the shelf is full again before the next test's shopper orders.
      await owner('store.syncNow');
    }
  });

  it('is in the header menu and speaks English and Russian', async () => {
    await signIn(OWNER);
    const lang = (code: string) => page.getByTestId('lang-switch').getByText(code, { exact: true }).click();
    await page.getByTestId('nav-office').click();
    await page.getByTestId('nav-orders').click();
    await page.getByTestId('orders-screen').waitFor();
    expect(page.url()).toContain('#/orders');
    await lang('EN');
    await expect.poll(() => page.getByTestId('orders-screen').innerText(), SLOW).toContain('Online orders');
    await lang('RU');
    await expect.poll(() => page.getByTestId('orders-screen').innerText(), SLOW).toContain('Интернет-заказы');
    await expectAccessible();
  });
});
