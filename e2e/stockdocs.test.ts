// Stock documents in Chromium: the till under each negative stock policy (the cashier's screen warns when a sale
// takes the last unit below zero; "block" refuses to sell it twice), the negative report naming the sale, a transfer
// received short on the in-transit list, and a supplier's reorder suggestion made a purchase order in one click.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startServer, type RunningServer } from './harness';
import {
  apiAs,
  type Call,
  cashierAtTill,
  closeReceipt,
  login,
  OWNER,
  pageProblems,
  payOnScreen,
  screenLines,
  SLOW,
  uuid,
  withCheckDigit,
} from './helpers-counter';

let srv: RunningServer;
let owner: Call;
let till: Awaited<ReturnType<typeof cashierAtTill>>;
let office: Awaited<ReturnType<typeof launchBrowser>>;
let officeProblems: string[];
let n = 0;

beforeAll(async () => {
  srv = await startServer({ demo: true });
  owner = await apiAs(srv.url, OWNER);
  till = await cashierAtTill(srv.url);
  office = await launchBrowser();
  officeProblems = pageProblems(office.page);
  await office.page.goto(`${srv.url}#/stockdocs`);
  await login(office.page, OWNER);
});
afterAll(async () => {
  await till?.browser.close();
  await office?.close();
  await srv?.stop();
});

/** A new piece product with its own barcode and `qty` received at the shop floor. */
async function product(qty: number, extra: Record<string, unknown> = {}): Promise<{ id: number; code: string; name: string }> {
  const code = withCheckDigit(`46099990${String(++n).padStart(4, '0')}`);
  const name = `Policy item ${n}`;
  const p = await owner<{ id: number }>('catalog.upsert', {
    sku: `E2E-SD-${n}`,
    name,
    unit: 'pcs',
    price: 15_000,
    cost: 10_000,
    taxRateBp: 0,
    barcodes: [code],
    ...extra,
  });
  if (qty > 0)
    await owner('doc.post', { type: 'receipt', uuid: uuid(), locationId: 1, lines: [{ productId: p.id, qty, unitCost: 10_000 }] });
  return { id: p.id, code, name };
}

async function scan(page: Page, code: string) {
  await page.getByTestId('scan-input').fill(code);
  await page.getByTestId('scan-input').press('Enter');
}

const lineQty = async (page: Page, productId: number) => (await screenLines(page)).find((l) => l.productId === productId)?.qty;

/** The stock documents screen's tab, by its place in the segmented control. */
async function tab(page: Page, which: 'transit' | 'negative' | 'reorder') {
  await page.goto(`${srv.url}#/stockdocs`);
  const index = { transit: 2, negative: 3, reorder: 4 }[which];
  await page.locator('[data-testid="stockdocs-tabs"] label').nth(index).click();
}

// In order: the block test sets the policy back.
describe('the till and the negative stock policy', { shuffle: false }, () => {
  it('under allow, scanning one more than the shelf holds warns at the till, the sale goes through and the negative report names it', async () => {
    const jam = await product(1000);
    const page = till.page;
    await scan(page, jam.code);
    await expect.poll(() => lineQty(page, jam.id), SLOW).toBe(1000);
    expect(await page.getByTestId('scan-message').getAttribute('data-short')).toBeNull();
    await scan(page, jam.code);
    await expect.poll(() => lineQty(page, jam.id), SLOW).toBe(2000);
    const warning = page.getByTestId('scan-message');
    expect(await warning.getAttribute('data-short')).toBe(String(jam.id));
    expect(await warning.textContent()).toContain(jam.name);
    const number = await payOnScreen(page, { cash: '1000' });
    await closeReceipt(page);

    const report = await owner<{ rows: { docType: string; docNumber: string; qtyAfter: number }[] }>('report.negativeStock', {
      filters: { productId: jam.id },
    });
    expect(report.rows).toEqual([expect.objectContaining({ docType: 'sale', docNumber: number, qtyAfter: -1000 })]);
    // The owner's screen names the sale too.
    await tab(office.page, 'negative');
    const row = office.page.getByTestId('negative-row').filter({ hasText: jam.name });
    await row.waitFor();
    expect(await row.textContent()).toContain(number);
    expect(till.problems).toEqual([]);
  });

  it('under block, the till sells the last unit once: the second sale warns and its payment is refused', async () => {
    await owner('settings.set', { negativeStock: 'block' });
    try {
      const honey = await product(1000);
      const page = till.page;
      await scan(page, honey.code);
      await expect.poll(() => lineQty(page, honey.id), SLOW).toBe(1000);
      await payOnScreen(page, { cash: '1000' });
      await closeReceipt(page);

      await scan(page, honey.code);
      await expect.poll(() => lineQty(page, honey.id), SLOW).toBe(1000);
      expect(await page.getByTestId('scan-message').getAttribute('data-short')).toBe(String(honey.id));
      await page.keyboard.press('F9');
      await page.getByTestId('pay-dialog').waitFor();
      await page.getByTestId('tendered-input').fill('1000');
      await page.getByTestId('pay-confirm').click();
      const error = page.getByTestId('pay-error');
      await error.waitFor();
      expect(await error.getAttribute('data-code')).toBe('insufficient_stock');
      expect(await page.getByTestId('receipt-dialog').count()).toBe(0);
      const stock = await owner<{ locationId: number; qty: number }[]>('stock.byLocation', { productId: honey.id });
      expect(stock.find((s) => s.locationId === 1)?.qty).toBe(0);
      await page.keyboard.press('Escape');
      expect(till.problems).toEqual([]);
    } finally {
      await owner('settings.set', { negativeStock: 'allow' });
    }
  });
});

describe('the back office', () => {
  it('a transfer received short on the in-transit list records the shortage', async () => {
    const back = (await owner<{ id: number }>('location.create', { name: 'E2E back room', kind: 'warehouse' })).id;
    const tea = await product(5000);
    const cups = await product(2000);
    const t = await owner<{ id: number }>('doc.post', {
      type: 'transfer',
      uuid: uuid(),
      locationId: 1,
      toLocationId: back,
      lines: [
        { productId: tea.id, qty: 5000 },
        { productId: cups.id, qty: 2000 },
      ],
    });
    const sent = await owner<{ lines: { id: number; productId: number }[] }>('doc.get', { id: t.id });
    const teaLine = sent.lines.find((l) => l.productId === tea.id)!.id;

    const page = office.page;
    await tab(page, 'transit');
    const card = page.locator(`[data-testid="transit-transfer"][data-id="${t.id}"]`);
    await card.getByTestId('transit-differences').click();
    await card.locator(`[data-testid="transit-received"][data-line-id="${teaLine}"]`).fill('3');
    await expect.poll(() => card.getByTestId('transit-shortage').first().textContent(), SLOW).not.toBe('');
    await card.getByTestId('transit-receive').click();
    const view = page.getByTestId('stockdoc-view');
    await view.waitFor();

    const at = async (productId: number) =>
      Object.fromEntries(
        (await owner<{ locationId: number; kind: string; qty: number }[]>('stock.byLocation', { productId })).map((r) => [
          r.kind === 'transit' ? 'transit' : r.locationId,
          r.qty,
        ]),
      );
    // Five tea left the shop floor, three arrived: two lost on the way; the cups all arrived.
    expect(await at(tea.id)).toMatchObject({ 1: 0, [back]: 3000 });
    expect((await at(tea.id)).transit ?? 0).toBe(0);
    expect(await at(cups.id)).toMatchObject({ 1: 0, [back]: 2000 });
    const inTransit = await owner<{ id: number }[]>('transfer.inTransit', {});
    expect(inTransit.some((x) => x.id === t.id)).toBe(false);
    const received = await owner<{ type: string; baseDocumentId: number; lines: { productId: number; qty: number; baseLineId: number }[] }>(
      'doc.get',
      { id: Number(page.url().split('/').pop()) },
    );
    expect(received).toMatchObject({ type: 'transfer_in', baseDocumentId: t.id });
    expect(received.lines.map((l) => [l.productId, l.qty]).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [tea.id, 3000],
      [cups.id, 2000],
    ]);
    expect(officeProblems).toEqual([]);
  });

  it('one click turns a supplier’s reorder suggestion into a purchase order with its lines', async () => {
    const farm = (await owner<{ id: number }>('supplier.upsert', { name: 'E2E Reorder Farm' })).id;
    // 2 on hand, min 5, max 10: 8 to order; 0 on hand, min 3, max 9, packs of 2: five packs, 10.
    const oats = await product(2000, { minStock: 5000, maxStock: 10_000, supplierId: farm });
    const rye = await product(0, { minStock: 3000, maxStock: 9000, packQty: 2000, supplierId: farm });
    const page = office.page;
    await tab(page, 'reorder');
    const group = page.locator(`[data-testid="reorder-group"][data-supplier-id="${farm}"]`);
    await group.waitFor();
    const shown = await group
      .getByTestId('reorder-line')
      .evaluateAll((rows) => rows.map((r) => [Number(r.getAttribute('data-product-id')), Number(r.getAttribute('data-qty'))]));
    expect(shown.sort((a, b) => a[0]! - b[0]!)).toEqual([
      [oats.id, 8000],
      [rye.id, 10_000],
    ]);
    await group.getByTestId('reorder-order').click();
    const made = group.getByTestId('reorder-ordered');
    await made.waitFor();
    const po = await owner<{ supplierId: number; status: string; lines: { productId: number; qty: number; unitCost: number }[] }>(
      'purchase.get',
      { id: Number(await made.getAttribute('data-order-id')) },
    );
    expect(po).toMatchObject({ supplierId: farm, status: 'draft' });
    expect(po.lines.map((l) => [l.productId, l.qty, l.unitCost]).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [oats.id, 8000, 10_000],
      [rye.id, 10_000, 10_000],
    ]);
    expect(officeProblems).toEqual([]);
  });
});
