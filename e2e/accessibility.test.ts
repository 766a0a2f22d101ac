// Every screen, in both languages, against axe-core's WCAG 2.2 A/AA rules (contrast, names, roles, keyboard reach).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe';
import { launchBrowser, startServer, type RunningServer } from './harness';
import { apiAs, CASHIER, demoBarcode, ensureShift, login, logout, MANAGER, OWNER, uuid } from './helpers-counter';

let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

beforeAll(async () => {
  srv = await startServer({ demo: true });
  // A sale to list and open (the demo shop has none), posted by the manager so the cashier's shift stays theirs.
  const manager = await apiAs(srv.url, MANAGER);
  await manager('shift.open', { float: 0 });
  await manager('sale.post', { uuid: uuid(), lines: [{ productId: 1, qty: 1000 }], payments: [{ method: 'cash', amount: 1_000_000 }] });
  // A category tree and a supplier for the catalog's screens to show.
  const owner = await apiAs(srv.url, OWNER);
  const drinks = await owner<{ id: number }>('category.upsert', { name: 'Drinks', markupBp: 3500, rounding: '90' });
  await owner('category.upsert', { name: 'Juices', parentId: drinks.id });
  await owner('supplier.upsert', { name: 'Molochny Dvor', taxId: '7701234567', paymentTermsDays: 14 });
  browser = await launchBrowser();
  // The page's CSP (script-src 'self') refuses the injected axe script; only this test's context waives it.
  await browser.page.close();
  page = await (await browser.browser.newContext({ bypassCSP: true })).newPage();
});
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

/**
 * Waits for the page to be at rest, so axe reads colours as painted: no list still loading (aria-busy) and every
 * transition (a modal fading in) ended. Two frames first: a transition starts a frame after its element mounts.
 * Spinners loop forever and are left out. (A fixed 400 ms here cost ~20 s a run.)
 */
async function settle() {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await page.waitForFunction(
    () =>
      !document.querySelector('[aria-busy="true"]') &&
      document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
    undefined,
    { polling: 'raf' },
  );
}

async function expectAccessible(screen: string) {
  await settle();
  const found = await axeViolations(page);
  expect(found, `${screen}:\n${found.join('\n')}`).toEqual([]);
}

/**
 * Each test starts at the login screen in its own language whatever the one before left (its session cookie
 * dropped): tests run shuffled, so a language left behind by another test would otherwise decide the screens'.
 */
async function signedOut(lang: 'ru' | 'en') {
  await page.context().clearCookies();
  await page.goto(srv.url);
  await page.evaluate((l) => localStorage.setItem('lavka.lang', l), lang);
  await page.reload();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
}

/** A new install for the welcome screen, started by the first language's test and shared by the second. */
let fresh: Promise<RunningServer> | undefined;
afterAll(async () => {
  await (await fresh?.catch(() => undefined))?.stop();
});

describe.each(['ru', 'en'] as const)('WCAG 2.2 AA on every screen (%s)', (lang) => {
  it('welcome screen of a new install', async () => {
    fresh ??= startServer({ demo: false });
    const { url } = await fresh;
    await page.goto(url);
    await page.evaluate((l) => localStorage.setItem('lavka.lang', l), lang);
    await page.reload();
    await page.getByTestId('setup-demo').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
    await expectAccessible('welcome');
  });

  it('login, and the cashier’s sale with lines, pay dialog, shift and returns', async () => {
    await signedOut(lang);
    await page.getByTestId(`login-user-${CASHIER.id}`).waitFor();
    await expectAccessible('login');
    await page.getByTestId(`login-user-${CASHIER.id}`).click();
    await page.getByTestId('pin-input').waitFor();
    await expectAccessible('login: PIN');
    await page.getByTestId('pin-input').fill(CASHIER.pin);
    await page.getByTestId('pin-input').press('Enter');
    await page.getByTestId('logout').waitFor();
    await ensureShift(page);

    for (const n of [1, 2]) {
      await page.getByTestId('scan-input').fill(demoBarcode(n));
      await page.getByTestId('scan-input').press('Enter');
      await page.waitForFunction((k) => document.querySelectorAll('[data-testid="sale-line"]').length >= k, n);
    }
    await expectAccessible('sale with lines');

    await page.keyboard.press('F9');
    await page.getByTestId('pay-dialog').waitFor();
    await expectAccessible('pay dialog');
    await page.keyboard.press('Escape');
    await page.getByTestId('pay-dialog').waitFor({ state: 'detached' });

    await page.getByTestId('shift-button').click();
    await page.getByTestId('shift-dialog').waitFor();
    await expectAccessible('shift');
    await page.keyboard.press('Escape');
    await page.getByTestId('shift-dialog').waitFor({ state: 'detached' });

    await page.getByTestId('nav-returns').click();
    await page.getByTestId('returns-code').waitFor();
    await expectAccessible('returns');
    await logout(page);
  });

  it('the owner’s sales, sale details, stock, settings, users, backups, reports, the price list import and money', async () => {
    await signedOut(lang);
    await login(page, OWNER);
    const screens: [string, string, string][] = [
      ['sales', '#/sales', '[data-testid="sales-row"]'],
      ['stock', '#/stock', '[data-testid^="stock-row-"]'],
      ['settings', '#/settings', '[data-testid="settings-form"]'],
      ['users', '#/users', '[data-testid="user-row"]'],
      ['backups', '#/backups', '[data-testid="backup-list"]'],
      ['reports', '#/reports?report=report.profit&by=product', '[data-testid="report-table"]'],
      ['movement journal', '#/reports?report=report.movements&docType=receipt', '[data-testid="report-count"]'],
      ['counts', '#/counts', '[data-testid="count-new"]'],
      ['pricelists', '#/pricelists/import', '[data-testid="import-supplier"]'],
      ['catalog import', '#/catalog/import', '[data-testid="catalog-import"] [data-testid="import-send"]'],
      ['money', '#/money', '[data-testid="expense-form"]'],
    ];
    for (const [name, hash, ready] of screens) {
      await page.goto(`${srv.url}${hash}`);
      await page.locator(ready).first().waitFor();
      await expectAccessible(name);
    }
    // A count being counted, with its variance open.
    await page.goto(`${srv.url}#/counts`);
    await page.getByTestId('count-create').click();
    await page.getByTestId('count-code').fill('4607001000013');
    await page.getByTestId('count-code').press('Enter');
    await page.getByTestId('count-last').waitFor();
    await page.getByTestId('count-variance-toggle').click();
    await page.getByTestId('count-variance').waitFor();
    await expectAccessible('count');
    await page.goto(`${srv.url}#/sales`);
    await page.locator('[data-testid="sales-row"]').first().click();
    await page.getByTestId('sale-details').waitFor();
    await expectAccessible('sale details');
    // Closing the document goes back to the list.
    await page.keyboard.press('Escape');
    await page.getByTestId('sale-details').waitFor({ state: 'detached' });
    expect(new URL(page.url()).hash).toBe('#/sales');
    await logout(page);
  });

  it('the owner’s catalog and product editor', async () => {
    await signedOut(lang);
    await login(page, OWNER);
    const screens: [string, string, string][] = [
      ['catalog', '#/catalog', '[data-testid^="catalog-row-"]'],
      ['product editor', '#/catalog/1', '[data-testid="product-editor"][data-product-id="1"]'],
      ['new product', '#/catalog/new', '[data-testid="product-editor"]'],
    ];
    for (const [name, hash, ready] of screens) {
      await page.goto(`${srv.url}${hash}`);
      await page.locator(ready).first().waitFor();
      await expectAccessible(name);
    }
    // Validation messages next to their fields.
    await page.goto(`${srv.url}#/catalog/new`);
    await page.getByTestId('product-save').click();
    await page.locator('[data-testid="product-name"][aria-invalid="true"]').waitFor();
    await expectAccessible('product editor with errors');
    await logout(page);
  });

  it('the owner’s bulk price preview, categories and suppliers', async () => {
    await signedOut(lang);
    await login(page, OWNER);
    const screens: [string, string, string][] = [
      ['categories', '#/categories', '[data-testid="category-row"]'],
      ['suppliers', '#/suppliers', '[data-testid="supplier-row"]'],
    ];
    for (const [name, hash, ready] of screens) {
      await page.goto(`${srv.url}${hash}`);
      await page.locator(ready).first().waitFor();
      await expectAccessible(name);
    }
    await page.goto(`${srv.url}#/catalog`);
    await page.locator('[data-testid^="catalog-pick-"]').first().check();
    await page.locator('[data-testid^="catalog-pick-"]').nth(1).check();
    await page.getByTestId('catalog-bulk').click();
    await page.getByTestId('bulk-value').fill('5');
    await page.getByTestId('bulk-preview-run').click();
    await page.getByTestId('bulk-preview').waitFor();
    await expectAccessible('bulk price preview');
    await page.keyboard.press('Escape');
    await logout(page);
  });
});
