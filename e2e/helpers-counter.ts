import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { apiCall, launchBrowser } from './harness';

export const OWNER = { id: 1, pin: '1111' };
export const CASHIER = { id: 2, pin: '2222' };
export const BOOKKEEPER = { id: 3, pin: '3333' };
export const MANAGER = { id: 4, pin: '4444' };

/** GTIN mod-10 check digit, weights 3,1 from the rightmost data digit. */
export function withCheckDigit(data: string): string {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += Number(data[data.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return data + String((10 - (sum % 10)) % 10);
}

/** The demo seed gives product n the code 4607001 + n in five digits + check digit. */
export const demoBarcode = (n: number) => withCheckDigit(`4607001${String(n).padStart(5, '0')}`);

type RawResult = { ok: boolean; value?: unknown; error?: { code: string; message: string } };

/** A call that throws on failure; `raw` gives the Result as it came. */
export interface Call {
  <T = unknown>(method: string, input?: unknown): Promise<T>;
  raw(method: string, input?: unknown): Promise<RawResult>;
}

/** An API session as a user (cookie + CSRF), for arranging and checking state around the UI. */
export async function apiAs(url: string, who: { id: number; pin: string }): Promise<Call> {
  const login = await apiCall(url, 'auth.login', { userId: who.id, pin: who.pin });
  if (!login.body.ok) throw new Error(`login ${who.id}: ${JSON.stringify(login.body)}`);
  const headers = { Cookie: (login.setCookie ?? '').split(';')[0]!, 'X-Lavka-Csrf': (login.body.value as { csrf: string }).csrf };
  const raw = async (method: string, input: unknown = {}): Promise<RawResult> => (await apiCall(url, method, input, headers)).body;
  const call = (async (method: string, input: unknown = {}) => {
    const r = await raw(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error?.code} ${r.error?.message}`);
    return r.value;
  }) as Call;
  call.raw = raw;
  return call;
}

export const uuid = () => randomUUID();

/** Read-only look into the test's own database (audit rows, stored marking codes). */
export function readDb<T>(dataDir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, 'lavka.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export async function login(page: Page, who: { id: number; pin: string }) {
  await page.getByTestId(`login-user-${who.id}`).click();
  const pin = page.getByTestId('pin-input');
  await pin.fill(who.pin);
  await pin.press('Enter');
  await page.getByTestId('logout').waitFor();
}

export async function logout(page: Page) {
  await page.getByTestId('logout').click();
  await page.getByTestId(`login-user-${OWNER.id}`).waitFor();
}

/** Opens the shift from the sale screen if it is closed; resolves once the scan field is there. */
export async function ensureShift(page: Page, float = '1000') {
  const closed = page.getByTestId('shift-float');
  const scan = page.getByTestId('scan-input');
  await Promise.race([closed.waitFor(), scan.waitFor()]);
  if (await closed.isVisible()) {
    await closed.fill(float);
    await page.getByTestId('shift-open').click();
  }
  await scan.waitFor();
}

/** Lines of the cart as the screen shows them. */
export async function screenLines(page: Page): Promise<{ productId: number; qty: number; amount: number; price: number }[]> {
  return page.getByTestId('sale-line').evaluateAll((rows) =>
    rows.map((r) => ({
      productId: Number(r.getAttribute('data-product-id')),
      qty: Number(r.getAttribute('data-qty')),
      amount: Number(r.getAttribute('data-amount')),
      price: Number(r.getAttribute('data-price')),
    })),
  );
}

/** Pays the cart on screen: card part (major units text) and cash for the rest; returns the sale number. */
export async function payOnScreen(page: Page, opts: { card?: string; cash?: string } = {}): Promise<string> {
  await page.keyboard.press('F9');
  await page.getByTestId('pay-dialog').waitFor();
  if (opts.card !== undefined) await page.getByTestId('card-input').fill(opts.card);
  if (opts.cash !== undefined) await page.getByTestId('tendered-input').fill(opts.cash);
  await page.getByTestId('pay-confirm').click();
  const receipt = page.getByTestId('receipt-dialog');
  await receipt.waitFor();
  return (await receipt.getAttribute('data-number'))!;
}

export async function closeReceipt(page: Page) {
  await page.getByTestId('receipt-close').click();
  await page.getByTestId('receipt-dialog').waitFor({ state: 'detached' });
}

/** Uncaught page errors (a crashed React tree shows as a blank page); a flow must produce none. */
export function pageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.stack ?? e.message));
  return problems;
}

export interface AuditRow {
  id: number;
  userId: number | null;
  action: string;
  entityId: string | null;
  data: Record<string, unknown>;
}

export function auditRows(dataDir: string, afterId = 0): AuditRow[] {
  return readDb(dataDir, (db) =>
    (
      db
        .prepare('SELECT id, user_id AS userId, action, entity_id AS entityId, data FROM audit_log WHERE id > ? ORDER BY id')
        .all(afterId) as (Omit<AuditRow, 'data'> & { data: string })[]
    ).map((r) => ({
      ...r,
      data: JSON.parse(r.data) as Record<string, unknown>,
    })),
  );
}

/** expect.poll's 1 s default is short for a loaded CI box running two browsers; a failure still fails, just later. */
export const SLOW = { timeout: 10_000, interval: 50 };

/** A browser at the sale screen: the demo cashier logged in with a shift open; problems collects page errors. */
export async function cashierAtTill(url: string) {
  const browser = await launchBrowser();
  const page = browser.page;
  const problems = pageProblems(page);
  await page.goto(url);
  await login(page, CASHIER);
  await ensureShift(page);
  return { browser, page, problems };
}
