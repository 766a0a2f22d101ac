import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { SIGN_IN_METHODS, takeSessionToken } from '../core/api/session-token';
import type { AppHost } from '../core/host';
import type { Session } from '../core/auth/sessions';
import { failure, type ErrorCode, type Failure } from '../core/contract/errors';
import { hostAllowed, isLoopback, parseCookies, RateLimiter, securityHeaders } from './security';
import { attachSocketApi } from './socket-api';
import type { CallSource } from '../core/api/handler';

/** The peer as the core sees it: loopback is the counter PC itself. */
export const sourceOfRequest = (req: IncomingMessage): CallSource => {
  const address = req.socket.remoteAddress ?? '?';
  return { address, counter: isLoopback(address) };
};

export interface HttpOptions {
  rendererDir: string;
  /** Bound beyond loopback: every call but login needs a session, setup is refused. */
  lan: boolean;
}

const COOKIE = 'lavka_session';
const CSRF_HEADER = 'x-lavka-csrf';
const MAX_BODY = 1024 * 1024;
/** Read-only methods that a freshly reloaded page calls before it knows its csrf value. */
const CSRF_VALUE_EXEMPT = new Set(['auth.me', 'system.info', 'auth.users']);

const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unknown_method: 404,
  unauthenticated: 401,
  forbidden: 403,
  csrf: 403,
  rate_limited: 429,
  bad_credentials: 401,
  user_locked: 423,
  not_found: 404,
  unknown_product: 422,
  product_inactive: 422,
  unknown_location: 422,
  unknown_barcode: 404,
  invalid_barcode: 422,
  payment_mismatch: 422,
  return_exceeds_sold: 422,
  idempotency_conflict: 409,
  invalid_state: 409,
  has_dependents: 409,
  duplicate: 409,
  db_damaged: 503,
  internal: 500,
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  res.end(JSON.stringify(body));
}


function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text) return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new Error('body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

export function createHttpServer(core: AppHost, opts: HttpOptions): Server {
  /** The checks every call passes whichever way it came (POST or the WebSocket): csrf value, LAN restrictions. */
  const admit = (method: string, session: Session | null, csrf: string): Failure | null => {
    if (session && csrf !== session.csrf && !CSRF_VALUE_EXEMPT.has(method)) return failure('csrf', `${CSRF_HEADER} does not match this session`);
    if (opts.lan && (method.startsWith('setup.') || method === 'recovery.restore')) return failure('forbidden', 'set the shop up on the counter PC, not over the network');
    return null;
  };
  const loginLimiter = new RateLimiter(20, 60_000);
  const sessionCookie = (token: string, maxAge?: number) =>
    `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/${maxAge === 0 ? '; Max-Age=0' : ''}`;

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    const arrived = performance.now();
    if (req.method !== 'POST') return sendJson(res, 405, failure('validation', 'API calls are POST'), { Allow: 'POST' });
    const csrf = req.headers[CSRF_HEADER];
    // A custom header cannot be sent cross-site without a CORS preflight, which is never granted.
    if (typeof csrf !== 'string' || !csrf) return sendJson(res, 403, failure('csrf', `missing ${CSRF_HEADER} header`));
    const token = parseCookies(req.headers.cookie)[COOKIE];
    const session: Session | null = core.sessions.get(token);
    const refused = admit(method, session, csrf);
    if (refused) return sendJson(res, STATUS[refused.error.code], refused);
    if (SIGN_IN_METHODS.has(method) && !loginLimiter.allow(req.socket.remoteAddress ?? '?')) {
      return sendJson(res, 429, failure('rate_limited', 'too many login attempts from this address; wait a minute'));
    }
    let input: unknown;
    try {
      input = await readBody(req);
    } catch (err) {
      return sendJson(res, 400, failure('validation', (err as Error).message));
    }
    const called = performance.now();
    const result = await core.call({ session, source: sourceOfRequest(req) }, method, input);
    // The server's share of a request's time, readable in the browser's resource timing (same origin only).
    const done = performance.now();
    const headers: Record<string, string> = { 'Server-Timing': `body;dur=${(called - arrived).toFixed(2)}, core;dur=${(done - called).toFixed(2)}` };
    if (!result.ok) return sendJson(res, STATUS[result.error.code], result, headers);
    const newToken = takeSessionToken(result.value);
    if (newToken) {
      headers['Set-Cookie'] = sessionCookie(newToken); // the session token lives only in the HttpOnly cookie
    } else if (method === 'auth.logout') {
      headers['Set-Cookie'] = sessionCookie('', 0);
    }
    sendJson(res, 200, result, headers);
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    const token = parseCookies(req.headers.cookie)[COOKIE];
    if (!core.sessions.get(token)) return sendJson(res, 401, failure('unauthenticated', 'log in first'));
    // From here on only peek: pushing events is not the user being active, and must not defer the idle logout.
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    // The serial scanner is wired to the counter PC: its scans go to screens on that PC, not to every browser on the LAN.
    const atCounter = isLoopback(req.socket.remoteAddress);
    const off = core.events.on((e) => {
      if (!core.sessions.peek(token)) {
        res.end();
        return;
      }
      if (e.type === 'scanner.scan' && !atCounter) return;
      res.write(`data: ${JSON.stringify(e)}\n\n`);
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    req.on('close', () => {
      off();
      clearInterval(ping);
    });
  }

  function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, failure('validation', 'method not allowed'));
    const rel = path.normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    let file = path.join(opts.rendererDir, rel);
    // Anything outside the renderer folder, or unknown, is the app shell (client-side routes).
    if (!file.startsWith(opts.rendererDir + path.sep) || !existsSync(file) || statSync(file).isDirectory()) file = path.join(opts.rendererDir, 'index.html');
    if (!existsSync(file)) return sendJson(res, 500, failure('internal', `renderer not built: run npm run build (${opts.rendererDir})`));
    const ext = path.extname(file);
    res.writeHead(200, {
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
      'Cache-Control': ext === '.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  const server = createServer((req, res) => {
    securityHeaders(res);
    if (!hostAllowed(req.headers.host, opts.lan)) return sendJson(res, 421, failure('forbidden', 'unexpected Host header'));
    const { pathname } = new URL(req.url ?? '/', 'http://lavka.invalid');
    const done = (err: unknown) => {
      console.error('[lavka] request failed:', err);
      if (!res.headersSent) sendJson(res, 500, failure('internal', 'request failed'));
      else res.end();
    };
    if (pathname === '/api/events') return handleEvents(req, res);
    if (pathname.startsWith('/api/')) return void handleApi(req, res, pathname.slice(5)).catch(done);
    handleStatic(req, res, pathname);
  });
  attachSocketApi(server, core, { lan: opts.lan, tokenOf: (req) => parseCookies(req.headers.cookie)[COOKIE], admit });
  return server;
}
