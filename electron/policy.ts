// Security decisions of the desktop shell as pure functions: no electron import, so they are unit-tested in
// plain Node (test/electron-policy.test.ts). main.ts and ipc.ts only wire them to Electron events.
import path from 'node:path';

/** The renderer is served from this privileged standard scheme, never from file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'lavka';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

function parse(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length > 8192) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** A URL on our own origin: scheme app:, host lavka, no port or credentials. Parsed, never prefix-matched. */
export function isAppUrl(url: unknown): boolean {
  const u = parse(url);
  return !!u && u.protocol === `${APP_SCHEME}:` && u.hostname === APP_HOST && u.port === '' && u.username === '' && u.password === '';
}

/** will-navigate / will-redirect: only within app://lavka. */
export function isAllowedNavigation(url: unknown): boolean {
  return isAppUrl(url);
}

/** The URL to hand to shell.openExternal, or null: https only, no credentials. */
export function externalUrl(url: unknown): string | null {
  const u = parse(url);
  if (!u || u.protocol !== 'https:' || u.username !== '' || u.password !== '' || !u.hostname) return null;
  return u.href;
}

export interface WindowOpenDecision {
  action: 'deny';
  /** A validated https URL the shell may open in the system browser; null: do nothing. */
  openExternally: string | null;
}

/** setWindowOpenHandler: the app never opens windows; an https link goes to the system browser. */
export function windowOpenDecision(url: unknown): WindowOpenDecision {
  return { action: 'deny', openExternally: externalUrl(url) };
}

export interface SenderInfo {
  /** event.senderFrame?.url; null when the frame is gone (navigated away or destroyed). */
  frameUrl: string | null | undefined;
  /** senderFrame is the top frame of its page (senderFrame === sender.mainFrame, no parent). */
  isMainFrame: boolean;
  /** sender is the webContents of a window the shell created. */
  isOurWindow: boolean;
}

/** IPC from the main frame of our own window showing app://lavka, nothing else. */
export function isTrustedSender(s: SenderInfo): boolean {
  return s.isOurWindow && s.isMainFrame && isAppUrl(s.frameUrl);
}

/** Permissions the renderer may use: writing to the clipboard (copying a receipt number), from our origin only. */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

export function isAllowedPermission(permission: string, requestingUrl: string | null | undefined): boolean {
  if (!ALLOWED_PERMISSIONS.has(permission)) return false;
  // Origins arrive as "app://lavka" (no path) from checks and as full URLs from requests.
  return isAppUrl(requestingUrl) || isAppUrl(`${requestingUrl ?? ''}/`);
}

/**
 * The file under rendererDir for an app://lavka request, or null (other host, traversal, encoded separators,
 * NUL). Routes without an extension fall back to index.html (client-side routing) — the caller decides that
 * after checking existence, see `spaFallback`.
 */
export function resolveAppFile(rendererDir: string, requestUrl: string): string | null {
  const u = parse(requestUrl);
  if (!u || !isAppUrl(u.href)) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\')) return null;
  const segments = rel.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  if (segments.length === 0) segments.push('index.html');
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, ...segments);
  if (!file.startsWith(root + path.sep)) return null;
  return file;
}

/** A missing path without an extension is a client-side route: serve the app shell. */
export function spaFallback(file: string): boolean {
  return path.extname(file) === '';
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Method names the relay forwards; the core rejects unknown ones, this only bounds what crosses IPC. */
export function isPlausibleMethod(method: unknown): method is string {
  return typeof method === 'string' && method.length <= 100 && /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/.test(method);
}

/** Update feed from LAVKA_UPDATE_URL: https only (http allowed for loopback test servers). Null: use app-update.yml. */
export function updateFeedUrl(value: string | undefined): string | null {
  if (!value) return null;
  const u = parse(value.trim());
  if (!u || u.username || u.password) return null;
  if (u.protocol === 'https:') return u.href;
  if (u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]')) return u.href;
  return null;
}

/**
 * better-sqlite3 built for Electron's ABI, when one was built outside node_modules (`build/native/electron`
 * in development, `<resources>/native` when packaged). Undefined: the default binding in node_modules,
 * which electron-builder's npmRebuild compiles for Electron when packaging.
 */
export function nativeBindingCandidates(appRoot: string, resourcesPath: string | undefined, packaged: boolean): string[] {
  const name = 'better_sqlite3.node';
  const dev = path.join(appRoot, 'build', 'native', 'electron', name);
  if (!packaged) return [dev];
  return resourcesPath ? [path.join(resourcesPath, 'native', name), dev] : [dev];
}

export interface SecretProtection {
  /** safeStorage can encrypt at all. */
  available: boolean;
  /** Linux backend name ('basic_text', 'gnome_libsecret', 'kwallet5', …); the OS keystore name elsewhere. */
  backend: string;
  /** True when "encrypted" secrets are only obfuscated: Linux without a keyring falls back to basic_text. */
  weak: boolean;
  /** One line for the log and the settings screen, null when protection is real. */
  warning: string | null;
}

/** How well safeStorage protects secrets on this machine (see the security reference: basic_text). */
export function assessSecretProtection(platform: NodeJS.Platform, available: boolean, linuxBackend: string | null): SecretProtection {
  const backend = platform === 'darwin' ? 'keychain' : platform === 'win32' ? 'dpapi' : (linuxBackend ?? 'unknown');
  if (!available) {
    return {
      available,
      backend,
      weak: true,
      warning: 'OS secret storage is not available: Lavka will not store secrets (API keys) on this computer',
    };
  }
  if (platform === 'linux' && (backend === 'basic_text' || backend === 'unknown')) {
    return {
      available,
      backend,
      weak: true,
      warning: `no keyring (GNOME Keyring/KWallet) found: secrets are stored with safeStorage's ${backend} backend, which does not protect them; install and unlock a keyring`,
    };
  }
  return { available, backend, weak: false, warning: null };
}

/** `--data-dir DIR` / `--data-dir=DIR` on the command line (as in browser mode), else null: userData. */
export function dataDirFromArgv(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--data-dir') return argv[i + 1] && !argv[i + 1]!.startsWith('--') ? path.resolve(argv[i + 1]!) : null;
    if (a.startsWith('--data-dir=')) return a.length > '--data-dir='.length ? path.resolve(a.slice('--data-dir='.length)) : null;
  }
  return null;
}
