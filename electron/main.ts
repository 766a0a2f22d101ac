// Lavka desktop shell: one window on app://lavka/, the core in this (main) process, IPC relay in between.
// Security decisions live in ./policy.ts (unit-tested); this file wires them to Electron.
import { app, BrowserWindow, dialog, protocol, session, shell, type Session, type WebContents } from 'electron';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppHost } from '../core/host';
import { DbOpenError } from '../db/connection';
import { CSP } from '../server/security';
import { registerIpc } from './ipc';
import { installAppMenu } from './menu';
import {
  APP_SCHEME,
  APP_START_URL,
  contentTypeFor,
  dataDirFromArgv,
  isAllowedNavigation,
  isAllowedPermission,
  nativeBindingCandidates,
  resolveAppFile,
  spaFallback,
  windowOpenDecision,
} from './policy';
import { startAutoUpdate } from './updater';

const APP_ID = 'app.lavka.pos';

// Must run before 'ready': a standard, secure scheme gets a real origin (app://lavka) for CSP 'self'.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);
app.enableSandbox();
// `npm start -- --data-dir DIR` works in both modes; the Chromium profile moves with the shop's data.
const dataDirArg = dataDirFromArgv(process.argv);
if (dataDirArg) app.setPath('userData', dataDirArg);

const RESPONSE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
  'Cache-Control': 'no-cache',
};

/** Serves dist/renderer on app://lavka/; anything outside it is refused. */
function serveRenderer(rendererDir: string): void {
  const index = path.join(rendererDir, 'index.html');
  const reply = (status: number, body: string) =>
    new Response(body, { status, headers: { ...RESPONSE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return reply(405, 'method not allowed');
    let file = resolveAppFile(rendererDir, request.url);
    if (!file) return reply(404, 'not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      if (!spaFallback(file)) return reply(404, 'not found');
      file = index;
      try {
        body = await readFile(file);
      } catch {
        return reply(500, `the user interface is missing (${index}); run npm run build`);
      }
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...RESPONSE_HEADERS, 'Content-Type': contentTypeFor(file) },
    });
  });
}

/** Electron grants every permission by default: deny all but clipboard writes from our own origin. */
function lockDownSession(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => callback(isAllowedPermission(permission, details.requestingUrl)));
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) => isAllowedPermission(permission, requestingOrigin));
  ses.setDevicePermissionHandler(() => false);
}

/** Navigation, redirects, new windows and webviews for every webContents, including ones we did not expect. */
function guardContents(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    // Only a URL that parsed as https reaches the system browser.
    if (decision.openExternally) {
      // Reviewed for Electronegativity: windowOpenDecision passes only a URL that parsed as https.
      void shell.openExternal(decision.openExternally); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
    }
    return { action: 'deny' };
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Lavka',
    // The renderer build carries the icon from resources/web (Linux shows it in the task bar; Windows and macOS take
    // the packaged executable's icon).
    icon: path.join(__dirname, '..', 'renderer', 'icons', 'lavka.png'),
    backgroundColor: '#ffffff',
    webPreferences: {
      // Reviewed: the preload exposes only window.api.call/on over contextBridge, never ipcRenderer.
      preload: path.join(__dirname, 'preload.cjs') /* eng-disable PRELOAD_JS_CHECK */,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Middle-click would open links in new windows; the window-open handler denies them anyway.
      disableBlinkFeatures: 'Auxclick',
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_START_URL);
  return win;
}

/** The shop database behind an AppHost: a damaged file opens in recovery (restore a backup), never as a new shop. */
function openHost(): AppHost {
  const root = app.getAppPath();
  const nativeBinding = nativeBindingCandidates(root, process.resourcesPath, app.isPackaged).find((f) => existsSync(f));
  return new AppHost({
    dataDir: app.getPath('userData'),
    migrationsDir: path.join(root, 'db', 'migrations'),
    version: app.getVersion(),
    mode: 'desktop',
    nativeBinding,
  });
}

function start(): void {
  let mainWindow: BrowserWindow | null = null;
  const windows = new Set<number>();

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => guardContents(contents));

  void app.whenReady().then(() => {
    if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
    let host: AppHost;
    try {
      host = openHost();
    } catch (err) {
      const message = err instanceof DbOpenError ? err.message : String((err as Error)?.stack ?? err);
      dialog.showErrorBox('Lavka cannot start', message);
      app.exit(1);
      return;
    }
    lockDownSession(session.defaultSession);
    serveRenderer(path.join(app.getAppPath(), 'dist', 'renderer'));
    installAppMenu({ packaged: app.isPackaged, platform: process.platform });
    host.startBackupSchedule();
    const stopIpc = registerIpc(host, (wc) => windows.has(wc.id));
    const stopUpdates = startAutoUpdate({ packaged: app.isPackaged });

    const open = () => {
      const win = createWindow();
      const id = win.webContents.id;
      windows.add(id);
      mainWindow = win;
      win.on('closed', () => {
        windows.delete(id);
        if (mainWindow === win) mainWindow = null;
      });
    };
    open();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open();
    });
    app.on('window-all-closed', () => app.quit());
    app.once('will-quit', () => {
      stopUpdates();
      stopIpc();
      host.close();
    });
  });
}

// One running copy per user: a second launch focuses the first window instead of opening the database twice.
if (app.requestSingleInstanceLock()) start();
else app.quit();
