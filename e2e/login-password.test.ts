import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, launchBrowser, startServer, type RunningServer } from './harness';
import { login, logout, OWNER } from './helpers-counter';

let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
beforeAll(async () => {
  srv = await startServer({ demo: true });
  // The owner adds a back-office user who has a password and no PIN.
  const owner = await apiCall(srv.url, 'auth.login', { userId: 1, pin: '1111' });
  const headers = { Cookie: (owner.setCookie ?? '').split(';')[0]!, 'X-Lavka-Csrf': (owner.body.value as { csrf: string }).csrf };
  const made = await apiCall(srv.url, 'users.upsert', { name: 'Olga (accounts)', roleId: 'bookkeeper', password: 'ledger-2026' }, headers);
  expect(made.body.ok).toBe(true);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

describe('password sign-in', () => {
  it('a user without a PIN gets a password field, a wrong password is refused, the right one signs in', async () => {
    const { page } = browser;
    await page.goto(srv.url);
    const users = (await apiCall(srv.url, 'auth.users', {})).body.value as { id: number; name: string; signIn: string }[];
    const olga = users.find((u) => u.name === 'Olga (accounts)')!;
    expect(olga.signIn).toBe('password');
    await page.getByTestId(`login-user-${olga.id}`).click();
    expect(await page.getByTestId('pin-input').count()).toBe(0);
    await page.getByTestId('password-input').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    await page.getByTestId('password-input').fill('ledger-2026');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-sales').waitFor();
    expect(await page.getByTestId('current-user').textContent()).toContain('Olga');
  });
});

/** The login screen's user list, whoever was signed in before. */
async function toUserList(page: Page) {
  await page.goto(srv.url);
  await page.locator('[data-testid="logout"], [data-testid^="login-user-"]').first().waitFor();
  if (await page.getByTestId('logout').count()) await logout(page);
}

describe('wrong PINs at the counter', () => {
  it('after a few, the login screen counts down and holds the button; then the right PIN signs in', async () => {
    const { page } = browser;
    await toUserList(page);
    await page.getByTestId('login-user-3').click();
    const error = page.getByTestId('login-error');
    for (let i = 0; i < 4; i++) {
      await page.getByTestId('pin-input').fill('9999');
      await page.getByTestId('login-submit').click();
      await page.locator('[data-testid="login-error"][data-code="bad_credentials"]').waitFor();
    }
    await page.getByTestId('pin-input').fill('9999');
    await page.getByTestId('login-submit').click();
    await page.locator('[data-testid="login-error"][data-code="rate_limited"]').waitFor();
    await page.getByTestId('pin-input').fill('3333');
    // Loopback is the counter PC: a wait of seconds (2 s here), shown as m:ss in the screen's language, not a lockout.
    // Read in one go: the countdown keeps running.
    const shown = await page.evaluate(() => ({
      wait: Number(document.querySelector<HTMLElement>('[data-testid="login-error"]')?.dataset.wait),
      text: document.querySelector('[data-testid="login-error"]')?.textContent ?? '',
      held: document.querySelector<HTMLButtonElement>('[data-testid="login-submit"]')?.disabled,
    }));
    expect(shown).toMatchObject({ wait: expect.any(Number), held: true });
    expect(shown.wait).toBeGreaterThan(0);
    expect(shown.text).toMatch(/0:0\d/);
    // Typing the PIN kept the countdown; once over, the button is back.
    await page.locator('[data-testid="login-error"][data-wait="0"]').waitFor();
    expect(await error.getAttribute('data-code')).toBe('rate_limited');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-sales').waitFor();
    await logout(page);
  });

  it("the owner sees a user's wrong sign-ins on the users screen and clears them", async () => {
    const { page } = browser;
    for (let i = 0; i < 3; i++)
      expect((await apiCall(srv.url, 'auth.login', { userId: 2, pin: '9999' })).body.error?.code).toBe('bad_credentials');
    await toUserList(page);
    await login(page, OWNER);
    await page.getByTestId('nav-office').click();
    await page.getByTestId('nav-users').click();
    const cell = page.locator('[data-testid="user-row"][data-user-id="2"] [data-testid="user-sign-in"]');
    await page.locator('[data-testid="user-row"][data-user-id="2"] [data-testid="user-sign-in"][data-failures="3"]').waitFor();
    await cell.getByTestId('user-unlock').click();
    await page.locator('[data-testid="user-row"][data-user-id="2"] [data-testid="user-sign-in"][data-failures="0"]').waitFor();
    expect(await cell.getByTestId('user-unlock').count()).toBe(0);
  });
});
