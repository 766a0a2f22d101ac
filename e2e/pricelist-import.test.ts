// The price list wizard end to end in browser mode: a generated supplier list uploaded through the page
// (POST /api/upload), its columns proposed, the dry run listing the planted bad rows, the apply repricing the
// products the catalog knows by barcode.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePriceList, type GeneratedPriceList } from '../test/fixtures/pricelist-gen';
import { launchBrowser, startServer, type RunningServer } from './harness';
import { apiAs, login, OWNER, type Call } from './helpers-counter';

let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let owner: Call;
let list: GeneratedPriceList;
let dir: string;
const problems: string[] = [];
const KNOWN = 20;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lavka-e2e-pricelist-'));
  list = await generatePriceList(dir, { rows: 300 });
  srv = await startServer({ demo: true });
  owner = await apiAs(srv.url, OWNER);
  await owner('supplier.upsert', { name: 'ООО «Оптовик»' });
  // The catalog knows the first products of the list by their barcodes.
  for (const [i, e] of list.expected.slice(0, KNOWN).entries())
    await owner('catalog.upsert', {
      sku: `E2E-${i}`,
      name: `Товар ${i}`,
      unit: 'pcs',
      price: 100,
      cost: 50,
      taxRateBp: 0,
      barcodes: [e.barcode],
    });
  browser = await launchBrowser();
  browser.page.on('pageerror', (e) => problems.push(e.message));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('importing a supplier price list through the wizard', () => {
  it('uploads the file, proposes the columns, lists the 50 bad rows, applies the prices of the known products', async () => {
    const { page } = browser;
    await page.goto(srv.url);
    await login(page, OWNER);
    await page.goto(`${srv.url}#/pricelists/import`);
    await page.getByTestId('pricelist-import').waitFor();
    await page.getByTestId('import-supplier').selectOption({ label: 'ООО «Оптовик»' });
    await page.locator('input[type="file"]').setInputFiles(list.xlsx);
    await page.getByTestId('import-send').click();
    await page.getByTestId('import-columns').waitFor();
    expect(await page.getByTestId('import-header-row').inputValue()).toBe('5');
    expect(await page.getByTestId('import-field-B').inputValue()).toBe('barcode');
    await page.getByTestId('import-dry-run').click();
    const table = page.getByTestId('import-problems');
    await table.waitFor();
    expect(await table.getAttribute('data-count')).toBe('50');
    expect(await page.getByTestId('import-summary-matched').getAttribute('data-value')).toBe(String(KNOWN));
    await page.getByTestId('import-apply').click();
    const done = page.getByTestId('import-applied');
    await done.waitFor({ timeout: 60_000 });
    expect(await done.getAttribute('data-changed')).toBe(String(KNOWN));
    for (const e of list.expected.slice(0, KNOWN)) {
      const hit = await owner<{ product: { price: number; cost: number } }>('catalog.scan', { code: e.barcode });
      expect(hit.product).toMatchObject({ price: e.price, cost: e.cost });
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it('the upload route refuses a caller without a session, and one without the csrf header', async () => {
    const anon = await fetch(new URL('/api/upload', srv.url), { method: 'POST', headers: { 'X-Lavka-Csrf': '1' }, body: 'x' });
    expect(anon.status).toBe(401);
    const noCsrf = await fetch(new URL('/api/upload', srv.url), { method: 'POST', body: 'x' });
    expect(noCsrf.status).toBe(403);
  });
});
