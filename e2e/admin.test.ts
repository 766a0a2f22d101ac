import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startServer, type RunningServer } from './harness';
import { apiAs, login, logout, OWNER } from './helpers-counter';

let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
const problems: string[] = [];

const watch = (page: Page) => {
  // Chromium logs every non-2xx response; the 401s of a session the server ended are expected here.
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
};

beforeAll(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
  watch(browser.page);
});

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

/** Opens a back-office screen through the header's menu. */
async function office(page: Page, screen: 'users' | 'backups' | 'settings' | 'audit') {
  await page.getByTestId('nav-office').click();
  await page.getByTestId(`nav-${screen}`).click();
}

/** The navigation the user can reach: header buttons plus the back-office menu's items. */
async function reachable(page: Page): Promise<string[]> {
  const ids = async () =>
    (await page.locator('[data-testid^="nav-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!))).filter(
      (id) => id !== 'nav-office',
    );
  const top = await ids();
  if (await page.getByTestId('nav-office').count()) {
    await page.getByTestId('nav-office').click();
    await page.locator('[role="menu"]').waitFor();
    const all = await ids();
    await page.keyboard.press('Escape');
    return [...new Set(all)].sort();
  }
  return top.sort();
}

// A story, kept in order under shuffling: the backup restored in the second test must hold Vera, made in the first;
// the third starts where the second left the page (the owner signed in).
describe('back office', { shuffle: false }, () => {
  const vera = { id: 0, pin: '5555' };

  it('owner makes a custom role and a user in it; that user sees only the screens of its permissions', async () => {
    const { page } = browser;
    await page.goto(srv.url);
    await login(page, OWNER);
    await office(page, 'users');

    // A role with two permissions, by their translated names' checkboxes.
    await page.getByTestId('role-add').click();
    await page.getByTestId('role-id').fill('auditor');
    await page.getByTestId('role-name').fill('Auditor');
    await page.getByTestId('role-perm-backup.manage').check();
    await page.getByTestId('role-perm-audit.view').check();
    await page.getByTestId('role-save').click();
    await page.locator('[data-testid="role-row"][data-role-id="auditor"]').waitFor();
    expect(await page.getByTestId('role-dialog').count()).toBe(0);

    // Built-in roles open read-only.
    await page.locator('[data-testid="role-row"][data-role-id="cashier"]').getByTestId('role-edit').click();
    expect(await page.getByTestId('role-dialog').getAttribute('data-readonly')).toBe('true');
    expect(await page.getByTestId('role-save').count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('role-dialog').count()).toBe(0);

    await page.getByTestId('user-add').click();
    await page.getByTestId('user-name').fill('Vera');
    await page.getByTestId('user-role').selectOption('auditor');
    await page.getByTestId('user-pin').fill(vera.pin);
    await page.getByTestId('user-save').click();
    const row = page.locator('[data-testid="user-row"][data-name="Vera"]');
    await row.waitFor();
    expect(await row.getAttribute('data-role')).toBe('auditor');
    vera.id = Number(await row.getAttribute('data-user-id'));
    expect(vera.id).toBeGreaterThan(0);
    await logout(page);

    await login(page, vera);
    expect(await reachable(page)).toEqual(['nav-audit', 'nav-backups']);
    // The first screen the role allows opens by itself.
    await page.getByTestId('backup-list').waitFor();
    // And the core enforces the same: no user admin for this role.
    const asVera = await apiAs(srv.url, vera);
    expect((await asVera.raw('users.list')).error?.code).toBe('forbidden');
    expect((await asVera.raw('backup.list')).ok).toBe(true);

    // Quick switch: one key ends the session and shows the user list.
    await page.keyboard.press('F12');
    await page.getByTestId(`login-user-${OWNER.id}`).waitFor();
    expect(await page.getByTestId('logout').count()).toBe(0);
  });

  it('owner backs up, restores that backup and is sent to the login screen; the audit log verifies', async () => {
    const { page } = browser;
    await login(page, OWNER);
    expect(await reachable(page)).toEqual(expect.arrayContaining(['nav-users', 'nav-backups', 'nav-settings', 'nav-audit', 'nav-sale']));
    await office(page, 'backups');
    const list = page.locator('[data-testid="backup-list"][data-count]');
    await list.waitFor();
    const rows = page.getByTestId('backup-row');
    const before = Number(await list.getAttribute('data-count'));
    expect(await rows.count()).toBe(before);
    await page.getByTestId('backup-now').click();
    const created = page.getByTestId('backup-created');
    await created.waitFor();
    const name = (await created.getAttribute('data-name'))!;
    await expect.poll(() => rows.count()).toBe(before + 1);
    const row = page.locator(`[data-testid="backup-row"][data-name="${name}"]`);
    expect(await row.getAttribute('data-reason')).toBe('manual');

    await row.getByTestId('backup-restore').click();
    await page.getByTestId('backup-restore-dialog').waitFor();
    await page.getByTestId('backup-restore-confirm').click();
    // The server ended every session: back at the login screen, with why.
    await page.getByTestId(`login-user-${OWNER.id}`).waitFor();
    expect(await page.getByTestId('session-notice').getAttribute('data-kind')).toBe('restored');
    // The restored database is the one taken after Vera was created.
    await page.getByTestId(`login-user-${vera.id}`).waitFor();

    await login(page, OWNER);
    expect(await page.getByTestId('session-notice').count()).toBe(0);
    await office(page, 'audit');
    await page.getByTestId('audit-verify').click();
    const result = page.getByTestId('audit-result');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(Number(await result.getAttribute('data-checked'))).toBeGreaterThan(0);
  });

  it('auto-lock: set to one minute in settings, the till locks after a minute without activity', async () => {
    const { page } = browser;
    await office(page, 'settings');
    const minutes = page.getByTestId('settings-autolock');
    await minutes.fill('1');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-saved').waitFor();
    const owner = await apiAs(srv.url, OWNER);
    const settings = await owner<{ counter: { autoLockMinutes: number; printer: { transport: string; width: number } } }>('settings.get');
    expect(settings.counter.autoLockMinutes).toBe(1);
    // The whole printer object went back with it.
    expect(settings.counter.printer).toMatchObject({ transport: 'none', width: 80 });
    await logout(page);

    // A till of its own whose clock the test drives.
    const till = await browser.browser.newPage();
    watch(till);
    await till.clock.install();
    await till.goto(srv.url);
    const settingsRead = till.waitForResponse((r) => r.url().endsWith('/api/settings.get') && r.ok());
    await login(till, OWNER);
    await settingsRead;

    // Activity keeps it open.
    await till.clock.fastForward('00:40');
    await till.mouse.move(200, 300);
    await till.mouse.move(220, 320);
    await till.clock.fastForward('00:40');
    expect(await till.getByTestId('lock-screen').count()).toBe(0);
    expect(await till.getByTestId('logout').count()).toBe(1);

    await till.clock.fastForward('01:05');
    const lock = till.getByTestId('lock-screen');
    await lock.waitFor();
    expect(await lock.getAttribute('data-user-id')).toBe(String(OWNER.id));
    // The session really ended on the server, not only on screen.
    expect(
      await till.evaluate(
        async () =>
          (
            await fetch('/api/auth.me', {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', 'X-Lavka-Csrf': sessionStorage.getItem('lavka.csrf') ?? '1' },
              body: '{}',
            })
          ).status,
      ),
    ).toBe(401);

    // The same user unlocks with the PIN.
    await till.getByTestId('lock-pin').fill(OWNER.pin);
    await till.getByTestId('lock-pin').press('Enter');
    await till.getByTestId('logout').waitFor();
    expect(await till.getByTestId('lock-screen').count()).toBe(0);
    await till.close();
    expect(problems).toEqual([]);
  });
});
