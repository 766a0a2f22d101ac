// The web store's sync panel in browser mode (issue #13): with the store failing, the owner sees how many changes wait
// and the last error; a change the store refuses outright is set aside as a dead letter with its reason and can be sent
// again from the panel; the header shows the store's state on every screen. The "store" here is a plain HTTP listener
// that answers as a broken Medusa would (500s, then 400s), so no real store is needed to see the panel's side.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startServer, type RunningServer } from './harness';
import { apiAs, login, OWNER, readDb, SLOW, uuid } from './helpers-counter';

let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let fake: Server;
let owner: Awaited<ReturnType<typeof apiAs>>;
/** down: every call answers 500; refusing: the catalog and orders answer, the stock levels are refused (400). */
let mode: 'down' | 'refusing' = 'down';
let sku = '';

const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

beforeAll(async () => {
  fake = createServer((req, res) => {
    req.resume();
    const url = req.url ?? '';
    if (mode === 'down') return json(res, 500, { type: 'unknown_error', message: 'the store is down for maintenance' });
    if (url.startsWith('/admin/product-variants'))
      return json(res, 200, {
        variants: [{ id: 'variant_1', sku, barcode: null, title: 'Milk', inventory_items: [{ inventory_item_id: 'iitem_1' }] }],
        count: 1,
      });
    if (url.startsWith('/admin/orders')) return json(res, 200, { orders: [], count: 0 });
    return json(res, 400, { type: 'invalid_data', message: 'stock location sloc_gone does not exist' });
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  srv = await startServer({ demo: true });
  sku = readDb(srv.dataDir, (db) => (db.prepare('SELECT sku FROM products WHERE id = 1').get() as { sku: string }).sku);
  owner = await apiAs(srv.url, OWNER);
  await owner('store.configure', {
    enabled: true,
    url: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`,
    stockLocationId: 'sloc_gone',
    currency: 'rub',
    locationId: 1,
    apiKey: 'sk_test_0123456789',
  });
  // A receipt while the store is down: one change for it to learn.
  await owner('doc.post', { type: 'receipt', uuid: uuid(), locationId: 1, lines: [{ productId: 1, qty: 5000, unitCost: 4000 }] });
  browser = await launchBrowser();
  page = browser.page;
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto(srv.url);
  await login(page, OWNER);
});

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  await new Promise((r) => fake?.close(r));
});

const text = (id: string) => page.getByTestId(id).innerText();

// A story: the store fails, then refuses, then the owner sends the refused change again.
describe('the sync panel', { shuffle: false }, () => {
  it('shows the changes waiting and the last error while the store fails, and the header says the store is offline', async () => {
    // Under the header's menu; the header's indicator appears once the sync has run a cycle with the store enabled.
    await page.evaluate(() => (location.hash = '#/sync'));
    await page.getByTestId('sync-screen').waitFor();
    await page.getByTestId('sync-now').click();
    await expect.poll(() => text('sync-last-error'), SLOW).toContain('500');
    expect(await text('sync-last-error')).toContain('the store is down for maintenance');
    expect(Number(await text('sync-queue-depth'))).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.getByTestId('sync-indicator').getAttribute('data-state'), SLOW).toBe('offline');
  });

  it('sets aside what the store refuses, with the reason, and sends it again on request', async () => {
    mode = 'refusing';
    await page.getByTestId('sync-now').click();
    await page.getByTestId('sync-dead-letter').first().waitFor(SLOW);
    expect(await page.getByTestId('sync-dead-letters').innerText()).toContain('stock location sloc_gone does not exist');
    // The next cycle has nothing left to send and succeeds (clearing the last error): the log keeps the refusal.
    await expect.poll(() => text('sync-log'), SLOW).toContain('400');
    expect(await text('sync-queue-depth')).toBe('0');
    expect(Number(await text('sync-dead-count'))).toBeGreaterThanOrEqual(1);

    // The store goes down again before the retry, so the change sent again waits in the queue where the panel shows it.
    mode = 'down';
    await page.getByTestId('sync-retry').first().click();
    await page.getByTestId('sync-retried').waitFor(SLOW);
    await expect.poll(async () => Number(await text('sync-queue-depth')), SLOW).toBeGreaterThanOrEqual(1);
  });

  it('the owner’s dashboard shows the sync at a glance: what waits and what was set aside', async () => {
    await page.evaluate(() => (location.hash = '#/dashboard'));
    const card = page.getByTestId('dashboard-sync');
    await card.waitFor(SLOW);
    // The same state as the header's indicator (the store is down again since the retry).
    expect(await card.getAttribute('data-state')).toBe(await page.getByTestId('sync-indicator').getAttribute('data-state'));
    await expect.poll(async () => Number(/\d+/.exec(await text('dashboard-sync-dead'))?.[0]), SLOW).toBeGreaterThanOrEqual(1);
    await page.evaluate(() => (location.hash = '#/sync'));
    await page.getByTestId('sync-screen').waitFor();
  });

  it('speaks English and Russian', async () => {
    const lang = (code: string) => page.getByTestId('lang-switch').getByText(code, { exact: true }).click();
    await lang('EN');
    await expect.poll(() => page.getByTestId('sync-screen').innerText(), SLOW).toContain('Last error');
    expect(await page.getByTestId('sync-indicator').innerText()).toMatch(/^Web store: /);
    await lang('RU');
    await expect.poll(() => page.getByTestId('sync-screen').innerText(), SLOW).toContain('Последняя ошибка');
    expect(await page.getByTestId('sync-indicator').innerText()).toMatch(/^Интернет-магазин: /);
  });
});
