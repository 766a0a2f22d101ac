import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuditRow,
  auditRows,
  CASHIER,
  cashierAtTill,
  demoBarcode,
  login,
  logout,
  MANAGER,
  OWNER,
  screenLines,
  SLOW,
} from './helpers-counter';
import { launchBrowser, startServer, type RunningServer } from './harness';

let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let problems: string[];

beforeAll(async () => {
  srv = await startServer({ demo: true });
  ({ browser, page, problems } = await cashierAtTill(srv.url));
  for (const n of [1, 5]) {
    await page.getByTestId('scan-input').fill(demoBarcode(n));
    await page.getByTestId('scan-input').press('Enter');
  }
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="sale-line"]').length === 2);
});

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

const lastAuditId = () => auditRows(srv.dataDir).at(-1)?.id ?? 0;
const permissionRows = (rows: AuditRow[], permission: string) =>
  rows.filter((r) => r.userId === CASHIER.id && r.data.permission === permission).map((r) => r.action);

async function approveWith(pin: string, expectError?: string) {
  const dialog = page.getByTestId('approval-dialog');
  await dialog.waitFor();
  await page.getByTestId(`approval-user-${MANAGER.id}`).click();
  await page.getByTestId('approval-pin').fill(pin);
  await page.getByTestId('approval-confirm').click();
  if (expectError) {
    await page.getByTestId('approval-error').waitFor();
    expect(await page.getByTestId('approval-error').getAttribute('data-code')).toBe(expectError);
  } else await dialog.waitFor({ state: 'detached' });
}

async function cancelApproval() {
  await page.getByTestId('approval-dialog').waitFor();
  await page.getByTestId('approval-cancel').click();
  await page.getByTestId('approval-dialog').waitFor({ state: 'detached' });
}

// A story, kept in order under shuffling: both edits work on the cart beforeAll scanned (the second removes the line
// the first did not discount), and the loss-control screen counts the attempts the two made.
describe('manager approval at the counter', { shuffle: false }, () => {
  it('a discount over the cashier limit needs a manager PIN; refused, wrong-PIN and granted attempts are all audited', async () => {
    const from = lastAuditId();
    const discount = async (percent: string) => {
      await page.keyboard.press('F6');
      await page.getByTestId('discount-input').fill(percent);
      await page.getByTestId('discount-confirm').click();
    };
    await discount('10');
    await cancelApproval();
    await page.keyboard.press('Escape');
    await page.getByTestId('discount-dialog').waitFor({ state: 'detached' });
    expect((await screenLines(page)).every((l) => l.amount === l.price * (l.qty / 1000))).toBe(true);

    await discount('10');
    await approveWith('9999', 'bad_credentials');
    await page.getByTestId('approval-pin').fill(MANAGER.pin);
    await page.getByTestId('approval-confirm').click();
    await page.getByTestId('discount-dialog').waitFor({ state: 'detached' });
    const discounted = page.locator('[data-testid="sale-line"][data-product-id="5"] [data-testid="line-discount"]');
    await expect.poll(async () => Number(await discounted.getAttribute('data-amount')), SLOW).toBeGreaterThan(0);

    const rows = auditRows(srv.dataDir, from);
    expect(permissionRows(rows, 'discount.over_limit')).toEqual([
      'approval.required',
      'approval.required',
      'approval.refused',
      'approval.granted',
    ]);
    expect(rows.find((r) => r.action === 'cart.discount')?.data).toMatchObject({ approvedBy: MANAGER.id, percentBp: 1000 });
  });

  it('removing a line needs a manager PIN; cancelled it stays, approved it goes; each attempt is audited', async () => {
    const from = lastAuditId();
    const milk = page.locator('[data-testid="sale-line"][data-product-id="1"]');
    await milk.click();
    await page.getByTestId('scan-input').focus();
    await page.keyboard.press('Delete');
    await cancelApproval();
    expect(await milk.count()).toBe(1);

    await milk.getByTestId('line-remove').click();
    await approveWith(MANAGER.pin);
    await expect.poll(() => milk.count(), SLOW).toBe(0);
    expect(await page.getByTestId('sale-line').count()).toBe(1);

    const rows = auditRows(srv.dataDir, from);
    expect(permissionRows(rows, 'line.remove')).toEqual(['approval.required', 'approval.required', 'approval.granted']);
    expect(rows.find((r) => r.action === 'cart.void_line')?.data).toMatchObject({ productId: 1, approvedBy: MANAGER.id });
  });

  it('the owner sees the refused attempts on the loss-control screen', async () => {
    await logout(page);
    await login(page, OWNER);
    await page.getByTestId('nav-loss').click();
    const row = page.locator(`[data-testid="loss-user"][data-user-id="${CASHIER.id}"]`);
    await row.waitFor();
    expect(Number(await row.getAttribute('data-denied'))).toBeGreaterThanOrEqual(3);
    expect(Number(await row.getAttribute('data-voided'))).toBe(1);
    expect(problems).toEqual([]);
  });
});
