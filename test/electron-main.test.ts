// electron/main.ts wired to a stand-in `electron` module (the binary cannot run here): what the shell
// registers at start, what app://lavka serves, which permissions, navigations, windows and IPC senders it
// refuses, and that a login over IPC keeps the token in the main process. A real core on a temp SQLite file.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CSP } from '../server/security';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const fake = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EventEmitter } = require('node:events') as typeof import('node:events');
  type Handler = (...args: unknown[]) => unknown;
  const state = {
    appPath: '',
    userData: '',
    packaged: false,
    schemes: [] as unknown[],
    sandboxed: false,
    protocolHandlers: {} as Record<string, (r: Request) => Promise<Response>>,
    ipc: {} as Record<string, Handler>,
    permissionRequest: null as Handler | null,
    permissionCheck: null as Handler | null,
    devicePermission: null as Handler | null,
    menu: null as unknown,
    opened: [] as string[],
    errors: [] as string[],
    windows: [] as { opts: { webPreferences: Record<string, unknown> }; url: string; webContents: FakeContents }[],
    updater: { feed: null as unknown, checks: 0 },
  };
  let nextId = 1;
  class FakeContents extends EventEmitter {
    id = nextId++;
    sent: [string, unknown][] = [];
    mainFrame = { url: 'app://lavka/index.html', parent: null, processId: 1, routingId: this.id };
    openHandler: ((d: { url: string }) => { action: string }) | null = null;
    send(channel: string, payload: unknown) {
      this.sent.push([channel, payload]);
    }
    isDestroyed() {
      return false;
    }
    setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
      this.openHandler = h;
    }
  }
  const app = Object.assign(new EventEmitter(), {
    enableSandbox: () => void (state.sandboxed = true),
    requestSingleInstanceLock: () => true,
    quit: () => {},
    exit: () => {},
    whenReady: () => Promise.resolve(),
    getAppPath: () => state.appPath,
    getPath: () => state.userData,
    getVersion: () => '0.0.0-test',
    get isPackaged() {
      return state.packaged;
    },
    setAppUserModelId: () => {},
    setPath: (name: string, value: string) => void (state.userData = value),
  });
  class BrowserWindow extends EventEmitter {
    webContents = new FakeContents();
    url = '';
    constructor(readonly opts: { webPreferences: Record<string, unknown> }) {
      super();
      state.windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    show() {}
    focus() {}
    restore() {}
    isMinimized() {
      return false;
    }
    static getAllWindows() {
      return state.windows;
    }
  }
  const electron = {
    app,
    BrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => void state.schemes.push(...s),
      handle: (scheme: string, h: (r: Request) => Promise<Response>) => void (state.protocolHandlers[scheme] = h),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Handler) => void (state.permissionRequest = h),
        setPermissionCheckHandler: (h: Handler) => void (state.permissionCheck = h),
        setDevicePermissionHandler: (h: Handler) => void (state.devicePermission = h),
      },
    },
    ipcMain: {
      handle: (channel: string, h: Handler) => void (state.ipc[channel] = h),
      removeHandler: (channel: string) => void delete state.ipc[channel],
    },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => void (state.menu = m) },
    shell: { openExternal: (url: string) => (state.opened.push(url), Promise.resolve()) },
    dialog: { showErrorBox: (title: string, message: string) => void state.errors.push(`${title}: ${message}`) },
  };
  const autoUpdater = Object.assign(new EventEmitter(), {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    allowDowngrade: true,
    allowPrerelease: true,
    setFeedURL: (f: unknown) => void (state.updater.feed = f),
    checkForUpdates: () => (state.updater.checks++, Promise.resolve(null)),
  });
  return { state, electron, autoUpdater, FakeContents };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));
vi.mock('electron-updater', () => ({ autoUpdater: fake.autoUpdater }));

const tmp = mkdtempSync(path.join(tmpdir(), 'lavka-shell-'));
const { state } = fake;
let win: (typeof state.windows)[number];

beforeAll(async () => {
  // The app folder as packaged: migrations and a built renderer.
  state.appPath = path.join(tmp, 'app');
  mkdirSync(path.join(state.appPath, 'dist', 'renderer', 'assets'), { recursive: true });
  symlinkSync(path.join(ROOT, 'db'), path.join(state.appPath, 'db'));
  writeFileSync(path.join(state.appPath, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Lavka</title>');
  writeFileSync(path.join(state.appPath, 'dist', 'renderer', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(tmp, 'secret.txt'), 'root:x:0:0');
  state.userData = path.join(tmp, 'userData');
  await import('../electron/main');
  await vi.waitFor(() => expect(state.windows).toHaveLength(1));
  win = state.windows[0]!;
});

afterAll(() => {
  fake.electron.app.emit('will-quit');
  rmSync(tmp, { recursive: true, force: true });
});

describe('desktop shell start', () => {
  it('registers app:// as a privileged standard secure scheme and enables the sandbox', () => {
    expect(state.schemes).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(state.sandboxed).toBe(true);
    expect(state.errors).toEqual([]);
  });

  it('opens one locked-down window on app://lavka', () => {
    const p = win.opts.webPreferences;
    expect(p).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    for (const k of ['allowRunningInsecureContent', 'experimentalFeatures']) expect(p[k], k).not.toBe(true);
    expect(p.enableBlinkFeatures).toBeUndefined();
    expect(String(p.preload)).toMatch(/preload\.cjs$/);
    expect(win.url).toBe('app://lavka/index.html');
  });

  it('opens the shop database in userData', async () => {
    const { existsSync } = await import('node:fs');
    expect(existsSync(path.join(state.userData, 'lavka.sqlite'))).toBe(true);
  });
});

describe('app:// protocol', () => {
  const get = (url: string, method = 'GET') => state.protocolHandlers.app!(new Request(url, { method }));

  it('serves the renderer with the CSP header', async () => {
    const res = await get('app://lavka/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>Lavka</title>');
    const js = await get('app://lavka/assets/app.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  it('serves the app shell for routes, 404 for missing files, nothing outside the renderer folder', async () => {
    expect(await (await get('app://lavka/sale')).text()).toContain('<title>Lavka</title>');
    expect((await get('app://lavka/assets/missing.js')).status).toBe(404);
    for (const url of [
      'app://lavka/../../secret.txt',
      'app://lavka/%2e%2e/%2e%2e/secret.txt',
      'app://lavka/..%2f..%2f..%2fsecret.txt',
      'app://other/index.html',
    ]) {
      const res = await get(url);
      expect(await res.text(), url).not.toContain('root:');
      expect(res.headers.get('content-security-policy'), url).toBe(CSP);
    }
    expect((await get('app://lavka/index.html', 'POST')).status).toBe(405);
  });
});

describe('permissions', () => {
  it('denies everything but clipboard writes from app://lavka', () => {
    const decide = (permission: string, url: string) => {
      let granted: boolean | null = null;
      state.permissionRequest!(win.webContents, permission, (g: boolean) => (granted = g), { requestingUrl: url });
      return granted;
    };
    expect(decide('media', 'app://lavka/index.html')).toBe(false);
    expect(decide('geolocation', 'app://lavka/index.html')).toBe(false);
    expect(decide('clipboard-sanitized-write', 'app://lavka/index.html')).toBe(true);
    expect(decide('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(state.permissionCheck!(win.webContents, 'serial', 'app://lavka', {})).toBe(false);
    expect(state.devicePermission!({ deviceType: 'serial', origin: 'app://lavka' })).toBe(false);
  });
});

describe('navigation guards', () => {
  const navigate = (event: string, url: string) => {
    const preventDefault = vi.fn();
    win.webContents.emit(event, { url, preventDefault });
    return preventDefault.mock.calls.length > 0;
  };

  it('blocks navigation and redirects off app://lavka', () => {
    for (const ev of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      expect(navigate(ev, 'https://evil.example/'), ev).toBe(true);
      expect(navigate(ev, 'file:///etc/passwd'), ev).toBe(true);
      expect(navigate(ev, 'app://other/'), ev).toBe(true);
      expect(navigate(ev, 'app://lavka/sale'), ev).toBe(false);
    }
  });

  it('blocks webviews', () => {
    const preventDefault = vi.fn();
    win.webContents.emit('will-attach-webview', { preventDefault }, {}, {});
    expect(preventDefault).toHaveBeenCalled();
  });

  it('denies every new window and opens only https links in the system browser', () => {
    for (const url of ['https://example.com/help', 'http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://lavka/x']) {
      expect(win.webContents.openHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(state.opened).toEqual(['https://example.com/help']);
  });
});

describe('IPC relay', () => {
  const call = (event: Record<string, unknown>, method: string, input: unknown = {}) =>
    state.ipc['api:call']!(event, method, input) as Promise<{ ok: boolean; value?: Record<string, unknown>; error?: { code: string } }>;
  const trusted = () => ({ sender: win.webContents, senderFrame: win.webContents.mainFrame });

  it('answers the main frame of our window', async () => {
    const r = await call(trusted(), 'system.info');
    expect(r.ok).toBe(true);
    expect(r.value?.mode).toBe('desktop');
  });

  it('refuses other origins, subframes, destroyed frames and foreign webContents', async () => {
    const wc = win.webContents;
    const events = [
      { sender: wc, senderFrame: { ...wc.mainFrame, url: 'https://evil.example/' } },
      { sender: wc, senderFrame: { ...wc.mainFrame, parent: wc.mainFrame, routingId: 999 } },
      { sender: wc, senderFrame: null },
      { sender: new fake.FakeContents(), senderFrame: { url: 'app://lavka/index.html', parent: null, processId: 1, routingId: 1 } },
    ];
    for (const e of events) {
      const r = await call(e, 'system.info');
      expect(r.ok).toBe(false);
      expect(r.error?.code).toBe('forbidden');
    }
  });

  it('logs in without handing the session token to the page', async () => {
    expect((await call(trusted(), 'setup.demo')).ok).toBe(true);
    const login = await call(trusted(), 'auth.login', { userId: 1, pin: '1111' });
    expect(login.ok).toBe(true);
    expect(Object.keys(login.value ?? {})).not.toContain('token');
    expect((await call(trusted(), 'auth.me')).ok).toBe(true);
    expect((await call(trusted(), 'auth.logout')).ok).toBe(true);
    expect((await call(trusted(), 'auth.me')).error?.code).toBe('unauthenticated');
  });
});

describe('menu', () => {
  it('has developer tools only in development', async () => {
    const roles = (t: unknown): string[] => JSON.stringify(t).match(/"role":"\w+"/g) ?? [];
    expect(roles(state.menu)).toContain('"role":"toggleDevTools"');
    const { appMenuTemplate } = await import('../electron/menu');
    const packaged = roles(appMenuTemplate({ packaged: true, platform: 'linux' }));
    expect(packaged).toContain('"role":"editMenu"');
    expect(packaged).not.toContain('"role":"toggleDevTools"');
    expect(packaged).not.toContain('"role":"forceReload"');
  });
});

describe('auto-update', () => {
  it('is off when not packaged, and takes only an https feed from LAVKA_UPDATE_URL', async () => {
    expect(state.updater.checks).toBe(0);
    const { startAutoUpdate } = await import('../electron/updater');
    startAutoUpdate({ packaged: true, env: { LAVKA_UPDATE_URL: 'http://evil.example/' } })();
    expect(state.updater.feed).toBeNull();
    expect(state.updater.checks).toBe(1);
    startAutoUpdate({ packaged: true, env: { LAVKA_UPDATE_URL: 'https://updates.example.com/lavka/' } })();
    expect(state.updater.feed).toEqual({ provider: 'generic', url: 'https://updates.example.com/lavka/' });
    expect(fake.autoUpdater.allowDowngrade).toBe(false);
  });
});
