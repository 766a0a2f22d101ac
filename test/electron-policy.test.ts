// The desktop shell's security policy (electron/policy.ts) and IPC relay (electron/relay.ts), in plain Node:
// neither imports electron, so they run here without the Electron binary.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../core/contract/types';
import {
  APP_START_URL,
  assessSecretProtection,
  dataDirFromArgv,
  externalUrl,
  isAllowedNavigation,
  isAllowedPermission,
  isPlausibleMethod,
  isTrustedSender,
  nativeBindingCandidates,
  resolveAppFile,
  spaFallback,
  updateFeedUrl,
  windowOpenDecision,
} from '../electron/policy';
import { ApiRelay } from '../electron/relay';
import { DEMO, testCore } from './helpers';

describe('navigation', () => {
  it.each([
    'https://evil.example/',
    'http://evil.example/',
    'file:///etc/passwd',
    'app://other/index.html',
    'app://lavka.evil.example/',
    'app://lavka:8080/',
    'app://user:pw@lavka/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    'lavka/index.html',
    '',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });

  it.each(['app://lavka/x', 'app://lavka/', APP_START_URL, 'app://lavka/index.html#/sale'])('allows %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(true);
  });

  it('refuses non-strings', () => {
    expect(isAllowedNavigation(undefined)).toBe(false);
    expect(isAllowedNavigation({ toString: () => 'app://lavka/' })).toBe(false);
  });
});

describe('window.open', () => {
  it.each(['https://example.com/help', 'app://lavka/x', 'file:///etc/passwd', 'javascript:alert(1)', 'about:blank', ''])(
    'always denies %s',
    (url) => {
      expect(windowOpenDecision(url).action).toBe('deny');
    },
  );

  it('hands only parsed https URLs to the system browser', () => {
    expect(windowOpenDecision('https://example.com/help?q=1').openExternally).toBe('https://example.com/help?q=1');
    for (const url of [
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'https://user:pw@example.com/',
      'ms-msdt:/id',
      ' ',
    ]) {
      expect(windowOpenDecision(url).openExternally, url).toBeNull();
      expect(externalUrl(url), url).toBeNull();
    }
  });
});

describe('IPC sender', () => {
  const ok = { frameUrl: 'app://lavka/index.html', isMainFrame: true, isOurWindow: true };
  it('trusts the main frame of our window on app://lavka', () => {
    expect(isTrustedSender(ok)).toBe(true);
  });
  it.each([
    ['other origin', { ...ok, frameUrl: 'https://evil.example/' }],
    ['file page', { ...ok, frameUrl: 'file:///tmp/x.html' }],
    ['look-alike host', { ...ok, frameUrl: 'app://lavka.evil/' }],
    ['subframe', { ...ok, isMainFrame: false }],
    ['subframe on our origin of another window', { ...ok, isMainFrame: false, isOurWindow: false }],
    ['another webContents', { ...ok, isOurWindow: false }],
    ['destroyed frame', { ...ok, frameUrl: null }],
    ['no frame', { ...ok, frameUrl: undefined }],
  ])('refuses %s', (_name, sender) => {
    expect(isTrustedSender(sender)).toBe(false);
  });
});

describe('permissions', () => {
  it('denies everything but clipboard writes from our origin', () => {
    expect(isAllowedPermission('clipboard-sanitized-write', 'app://lavka')).toBe(true);
    expect(isAllowedPermission('clipboard-sanitized-write', 'app://lavka/index.html')).toBe(true);
    expect(isAllowedPermission('clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'serial', 'hid', 'usb', 'openExternal', 'clipboard-read', 'fullscreen']) {
      expect(isAllowedPermission(p, 'app://lavka'), p).toBe(false);
    }
  });
});

describe('app:// file resolution', () => {
  const dir = path.resolve('/srv/lavka/dist/renderer');
  it('maps paths under the renderer folder', () => {
    expect(resolveAppFile(dir, 'app://lavka/')).toBe(path.join(dir, 'index.html'));
    expect(resolveAppFile(dir, 'app://lavka/assets/index-abc.js')).toBe(path.join(dir, 'assets', 'index-abc.js'));
    expect(resolveAppFile(dir, 'app://lavka/assets/a%20b.css?v=1#x')).toBe(path.join(dir, 'assets', 'a b.css'));
  });
  it.each(['app://lavka/../../etc/passwd', 'app://lavka/%2e%2e/%2e%2e/etc/passwd', 'app://lavka/assets/../../../../etc/passwd'])(
    'keeps dot segments inside the renderer folder: %s',
    (url) => {
      // The URL parser resolves dot segments against the root, as Chromium does: never above it.
      const file = resolveAppFile(dir, url);
      expect(file === null || file.startsWith(dir + path.sep)).toBe(true);
    },
  );
  it.each([
    'app://lavka/assets/..%2f..%2f..%2fetc%2fpasswd',
    'app://lavka/..%5c..%5cwindows%5cwin.ini',
    'app://lavka/a%00.js',
    'app://lavka/%E0%A4%A',
    'app://other/index.html',
    'file:///etc/passwd',
  ])('refuses %s', (url) => {
    expect(resolveAppFile(dir, url)).toBeNull();
  });
  it('falls back to the app shell only for extension-less routes', () => {
    expect(spaFallback(path.join(dir, 'sale'))).toBe(true);
    expect(spaFallback(path.join(dir, 'missing.js'))).toBe(false);
  });
});

describe('small decisions', () => {
  it('bounds method names crossing IPC', () => {
    expect(isPlausibleMethod('auth.login')).toBe(true);
    expect(isPlausibleMethod('stock.onHand')).toBe(true);
    for (const m of ['__proto__', 'constructor', 'auth', 'auth.', '.x', 'a.b c', 1, null, 'x'.repeat(101) + '.y'])
      expect(isPlausibleMethod(m), String(m)).toBe(false);
  });
  it('takes only https update feeds (http on loopback for tests)', () => {
    expect(updateFeedUrl(undefined)).toBeNull();
    expect(updateFeedUrl('https://updates.example.com/lavka/')).toBe('https://updates.example.com/lavka/');
    expect(updateFeedUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080/');
    expect(updateFeedUrl('http://updates.example.com/')).toBeNull();
    expect(updateFeedUrl('file:///tmp/feed')).toBeNull();
  });
  it('flags basic_text secret storage on Linux', () => {
    expect(assessSecretProtection('linux', true, 'basic_text')).toMatchObject({ weak: true, backend: 'basic_text' });
    expect(assessSecretProtection('linux', true, 'basic_text').warning).toMatch(/basic_text/);
    expect(assessSecretProtection('linux', true, 'gnome_libsecret')).toMatchObject({ weak: false, warning: null });
    expect(assessSecretProtection('darwin', true, null)).toMatchObject({ weak: false, backend: 'keychain' });
    expect(assessSecretProtection('win32', false, null)).toMatchObject({ available: false, weak: true });
  });
  it('reads --data-dir like browser mode', () => {
    expect(dataDirFromArgv(['/usr/bin/electron', '/app', '--data-dir', '/tmp/shop'])).toBe(path.resolve('/tmp/shop'));
    expect(dataDirFromArgv(['electron', '.', '--data-dir=/tmp/shop'])).toBe(path.resolve('/tmp/shop'));
    expect(dataDirFromArgv(['electron', '.', '--data-dir', '--demo'])).toBeNull();
    expect(dataDirFromArgv(['electron', '.'])).toBeNull();
  });
  it('looks for an Electron-ABI better-sqlite3 in build/native/electron, or resources/native when packaged', () => {
    expect(nativeBindingCandidates('/app', undefined, false)).toEqual([
      path.join('/app', 'build', 'native', 'electron', 'better_sqlite3.node'),
    ]);
    expect(nativeBindingCandidates('/app.asar', '/res', true)[0]).toBe(path.join('/res', 'native', 'better_sqlite3.node'));
  });
});

describe('IPC relay against a real core', () => {
  let cleanup: (() => void) | null = null;
  afterEach(() => {
    cleanup?.();
    cleanup = null;
  });

  it('keeps the session token in main, strips it from login, drops it on logout, sends events only to logged-in windows', async () => {
    const core = testCore({ demo: true });
    cleanup = core.cleanup;
    const relay = new ApiRelay(core);
    const got: Record<number, ApiEvent[]> = { 1: [], 2: [] };
    const w1 = { id: 1, send: (e: ApiEvent) => got[1]!.push(e) };
    const w2 = { id: 2, send: (e: ApiEvent) => got[2]!.push(e) };

    expect((await relay.call(w1, 'auth.me', {})).ok).toBe(false);
    const login = await relay.call(w1, 'auth.login', { userId: DEMO.owner.id, pin: DEMO.owner.pin });
    expect(login.ok).toBe(true);
    expect(login.ok && JSON.stringify(login.value)).not.toMatch(/token/);
    expect(login.ok && (login.value as { user: { id: number } }).user.id).toBe(DEMO.owner.id);
    expect(relay.isLoggedIn(1)).toBe(true);

    // The session is bound to the window: another window is not logged in.
    const me = await relay.call(w1, 'auth.me', {});
    expect(me.ok).toBe(true);
    expect((await relay.call(w2, 'auth.me', {})).ok).toBe(false);

    core.events.emit({ type: 'catalog.changed', productId: 1 });
    expect(got[1]).toEqual([{ type: 'catalog.changed', productId: 1 }]);
    expect(got[2]).toEqual([]);

    expect((await relay.call(w1, 'auth.logout', {})).ok).toBe(true);
    expect(relay.isLoggedIn(1)).toBe(false);
    expect((await relay.call(w1, 'auth.me', {})).ok).toBe(false);
    core.events.emit({ type: 'catalog.changed', productId: 2 });
    expect(got[1]).toHaveLength(1);

    const bad = await relay.call(w1, '__proto__', {});
    expect(bad.ok || bad.error.code).toBe('unknown_method');
    relay.close();
  });

  it('gives the desktop save dialog the exported file of its own window’s session only', async () => {
    const core = testCore({ demo: true });
    cleanup = core.cleanup;
    // The app's backend is an AppHost, whose `core` is the running Core.
    const relay = new ApiRelay({ call: core.call, sessions: core.sessions, events: core.events, core });
    const [w1, w2] = [
      { id: 1, send: () => {} },
      { id: 2, send: () => {} },
    ];
    expect((await relay.call(w1, 'auth.login', { userId: DEMO.bookkeeper.id, pin: DEMO.bookkeeper.pin })).ok).toBe(true);
    expect((await relay.call(w2, 'auth.login', { userId: DEMO.owner.id, pin: DEMO.owner.pin })).ok).toBe(true);
    const day = new Date().toISOString().slice(0, 10);
    const r = await relay.call(w1, 'report.export', {
      report: 'report.movements',
      params: { from: day, to: day },
      title: 'J',
      headers: {},
    });
    if (!r.ok) throw new Error(r.error.message);
    const id = (r.value as { downloadId: string }).downloadId;
    const mine = relay.downloadOf(1, id);
    expect(mine.ok && mine.value.fileName).toBe(`movements-${day}_${day}.xlsx`);
    expect(relay.downloadOf(2, id)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(relay.downloadOf(3, id)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(relay.downloadOf(1, { toString: () => id })).toMatchObject({ ok: false });
    relay.close();
  });

  it('ends the session when the window goes away', async () => {
    const core = testCore({ demo: true });
    cleanup = core.cleanup;
    const relay = new ApiRelay(core);
    const w = { id: 7, send: () => {} };
    expect((await relay.call(w, 'auth.login', { userId: DEMO.cashier.id, pin: DEMO.cashier.pin })).ok).toBe(true);
    relay.forget(7);
    expect(relay.isLoggedIn(7)).toBe(false);
    expect((await relay.call(w, 'auth.me', {})).ok).toBe(false);
    relay.close();
  });
});
