// The owner prints labels from the browser: rows picked in the catalog, or one product from its editor, come back as a
// PDF download whose barcodes zbarimg reads (on the page pdftoppm renders) as exactly those products' codes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL_PRESETS } from '../core/labels/layouts';
import { decodeAreas, pdfInfo, renderPage, slots, writePdf, type PdfFile } from '../test/labels-kit';
import { launchBrowser, startServer, type RunningServer } from './harness';
import { apiAs, demoBarcode, login, OWNER, type Call } from './helpers-counter';

let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let owner: Call;
let problems: string[];
const files: PdfFile[] = [];
let instore: string;

beforeAll(async () => {
  srv = await startServer({ demo: true });
  owner = await apiAs(srv.url, OWNER);
  // Product 9 is relabelled with an in-store code (prefix 20) in place of its maker's.
  instore = (await owner<{ code: string }>('catalog.newBarcode', { prefix: '20' })).code;
  const p = await owner<Record<string, unknown>>('catalog.get', { id: 9 });
  await owner('catalog.upsert', {
    id: 9,
    sku: p.sku,
    name: p.name,
    unit: p.unit,
    price: p.price,
    taxRateBp: p.taxRateBp,
    barcodes: [instore],
  });
  browser = await launchBrowser();
  page = browser.page;
  problems = [];
  page.on('pageerror', (e) => problems.push(e.stack ?? e.message));
  await page.goto(srv.url);
  await page.evaluate(() => localStorage.setItem('lavka.lang', 'en'));
  await page.reload();
  await login(page, OWNER);
});
afterAll(async () => {
  files.forEach((f) => f.cleanup());
  await browser?.close();
  await srv?.stop();
});

/** Clicks the dialog's download and reads the file back: its pages, and each label's barcode in slot order. */
async function downloadLabels(labels: number): Promise<{ name: string; pages: number; codes: string[][] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('labels-download').click()]);
  const file = path.join(srv.dataDir, download.suggestedFilename());
  await download.saveAs(file);
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const pdf = writePdf(bytes);
  files.push(pdf);
  const info = pdfInfo(pdf.file);
  const layout = LABEL_PRESETS['a4-3x8'];
  const codes = decodeAreas(pdf, renderPage(pdf, 1), slots(layout).slice(0, labels));
  return { name: download.suggestedFilename(), pages: info.pages, codes };
}

describe('labels from the catalog', () => {
  it('the owner picks products in the list and downloads their labels, two of each', async () => {
    await page.goto(`${srv.url}#/catalog`);
    // Each found by its SKU in the search field; the selection stays while the search changes.
    for (const id of [3, 9]) {
      const { sku } = await owner<{ sku: string }>('catalog.get', { id });
      await page.getByTestId('catalog-search').fill(sku);
      await page.getByTestId(`catalog-pick-${id}`).check();
    }
    await expect.poll(() => page.getByTestId('catalog-selected').getAttribute('data-count')).toBe('2');
    await page.getByTestId('catalog-labels').click();
    await page.getByTestId('labels-dialog').waitFor();
    await page.getByTestId('labels-copies').fill('2');
    const got = await downloadLabels(4);
    expect(got.name).toBe('labels-a4-3x8.pdf');
    expect(got.pages).toBe(1);
    // In the order picked: product 3 (maker's EAN-13) twice, then product 9 (in-store EAN-13) twice.
    expect(got.codes).toEqual([[`EAN-13:${demoBarcode(3)}`], [`EAN-13:${demoBarcode(3)}`], [`EAN-13:${instore}`], [`EAN-13:${instore}`]]);
    expect(instore).toMatch(/^20\d{11}$/);
    expect(problems).toEqual([]);
  });

  it('a product’s editor prints its own label', async () => {
    await page.goto(`${srv.url}#/catalog/3`);
    await page.locator('[data-testid="product-editor"][data-product-id="3"]').waitFor();
    await page.getByTestId('product-labels').click();
    await page.getByTestId('labels-dialog').waitFor();
    const got = await downloadLabels(1);
    expect(got.codes).toEqual([[`EAN-13:${demoBarcode(3)}`]]);
    expect(problems).toEqual([]);
  });
});
