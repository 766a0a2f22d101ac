// The form kit on the user dialog: the contract's rules refuse bad input before any call, each message sits next to
// its field in the user's language, and a valid form saves.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startServer, type RunningServer } from './harness';
import { apiAs, login, OWNER } from './helpers-counter';

let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

beforeAll(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
  page = browser.page;
});
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

/** The error text Mantine shows under a field, or null. */
const fieldError = (testId: string) =>
  page.getByTestId(testId).evaluate((el) => {
    const id = el
      .getAttribute('aria-describedby')
      ?.split(' ')
      .find((x) => x.endsWith('-error'));
    return id ? (document.getElementById(id)?.textContent ?? null) : null;
  });

describe('user dialog on the form kit', () => {
  it('shows the contract’s refusals per field, in the language chosen, and saves once they are fixed', async () => {
    await page.goto(srv.url);
    await page.evaluate(() => localStorage.setItem('lavka.lang', 'ru'));
    await page.context().clearCookies();
    await page.reload();
    await login(page, OWNER);
    await page.goto(`${srv.url}#/users`);
    await page.getByTestId('user-add').click();
    await page.getByTestId('user-dialog').waitFor();
    // Calls go over the page's WebSocket: whether one was made shows in the users the server has.
    const owner = await apiAs(srv.url, OWNER);
    const saved = async () => (await owner<{ name: string }[]>('users.list')).filter((u) => u.name === 'Олег').length;

    await page.getByTestId('user-save').click();
    await expect.poll(() => fieldError('user-name')).toBe('Обязательное поле.');
    expect(await fieldError('user-pin')).toBe('Новому пользователю нужен PIN-код или пароль.');

    await page.getByTestId('user-name').fill('Олег');
    await page.getByTestId('user-pin').fill('12a');
    // Letters never reach the field; two digits are not a PIN.
    expect(await page.getByTestId('user-pin').inputValue()).toBe('12');
    await page.getByTestId('user-password').fill('short');
    await expect.poll(() => fieldError('user-pin')).toBe('PIN-код — от 4 до 8 цифр.');
    expect(await fieldError('user-password')).toBe('Пароль — не короче 8 символов.');
    expect(await fieldError('user-name')).toBeNull();

    expect(await saved()).toBe(0);

    // In English the same rules speak English.
    await page.keyboard.press('Escape');
    await page.getByTestId('user-dialog').waitFor({ state: 'detached' });
    await page.getByTestId('lang-switch').getByText('EN', { exact: true }).click();
    await page.getByTestId('user-add').click();
    await page.getByTestId('user-name').fill('Олег');
    await page.getByTestId('user-pin').fill('12');
    await page.getByTestId('user-save').click();
    await expect.poll(() => fieldError('user-pin')).toBe('The PIN must be 4 to 8 digits.');
    expect(await saved()).toBe(0);

    await page.getByTestId('user-pin').fill('2468');
    await page.getByTestId('user-password').fill('');
    await page.getByTestId('user-save').click();
    await page.getByTestId('user-dialog').waitFor({ state: 'detached' });
    await page.locator('[data-testid="user-row"][data-name="Олег"]').waitFor();
    expect(await saved()).toBe(1);
  });

  it('settings: the screen’s checks and settings.set’s schema mark the fields, nothing is saved until they pass', async () => {
    await page.goto(srv.url);
    await page.evaluate(() => localStorage.setItem('lavka.lang', 'ru'));
    await page.context().clearCookies();
    await page.reload();
    await login(page, OWNER);
    await page.goto(`${srv.url}#/settings`);
    const owner = await apiAs(srv.url, OWNER);
    const before = await owner<{ shopName: string; currency: string; counter: { autoLockMinutes: number } }>('settings.get');

    await page.getByTestId('settings-shop-name').fill('   ');
    await page.getByTestId('settings-currency').fill('RU');
    await page.getByTestId('settings-autolock').fill('999');
    // A wrong value shows at once; a missing one only after a try to save.
    await expect.poll(() => fieldError('settings-currency')).toBe('Три заглавные латинские буквы, например RUB или EUR.');
    expect(await fieldError('settings-autolock')).toBe('Целое число от 0 до 240.');
    expect(await fieldError('settings-shop-name')).toBeNull();
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-invalid').waitFor();
    expect(await fieldError('settings-shop-name')).toBe('Обязательное поле.');
    expect(await owner('settings.get')).toEqual(before);

    await page.getByTestId('settings-shop-name').fill('Лавка у дома');
    await page.getByTestId('settings-currency').fill('EUR');
    await page.getByTestId('settings-autolock').fill('15');
    await expect.poll(() => fieldError('settings-currency')).toBeNull();
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-saved').waitFor();
    const after = await owner<typeof before>('settings.get');
    expect([after.shopName, after.currency, after.counter.autoLockMinutes]).toEqual(['Лавка у дома', 'EUR', 15]);
  });
});
