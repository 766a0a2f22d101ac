import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, launchBrowser, startServer, type RunningServer } from './harness';

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
