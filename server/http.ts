import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { SIGN_IN_METHODS, takeSessionToken } from '../core/api/session-token';
import type { AppHost } from '../core/host';
import type { Session } from '../core/auth/sessions';
import { failure, type ErrorCode, type Failure } from '../core/contract/errors';
import { lanHostNames } from '../core/settings';
import { declaredTooLarge, readBody, refuseTooLarge } from './body';
import { DOWNLOAD_PREFIX, serveDownload } from './download';
import { serveEvents } from './event-stream';
import { HostCheck } from './hosts';
import { ProblemLog } from './problems';
import { isLoopback, parseCookies, RateLimiter, securityHeaders } from './security';
import { attachSocketApi } from './socket-api';
import { receiveStoreHook, STORE_HOOK_PATH } from './store-hook';
import { receiveUpload, UPLOAD_PATH, uploadTooLarge } from './upload';
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
/** Read-only methods that a freshly reloaded page calls before it knows its csrf value. */
const CSRF_VALUE_EXEMPT = new Set(['auth.me', 'system.info', 'auth.users']);

const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  too_large: 413,
  unknown_method: 404,
  unauthenticated: 401,
  forbidden: 403,
  csrf: 403,
  rate_limited: 429,
  bad_credentials: 401,
  not_found: 404,
  unknown_product: 422,
  product_inactive: 422,
  unknown_location: 422,
  unknown_barcode: 404,
  invalid_barcode: 422,
  payment_mismatch: 422,
  return_exceeds_sold: 422,
  over_receipt: 422,
  idempotency_conflict: 409,
  invalid_state: 409,
  has_dependents: 409,
  period_locked: 409,
  insufficient_stock: 409,
  reserved_stock: 409,
  already_fulfilled: 409,
  not_in_order: 422,
  over_pick: 422,
  same_location: 422,
  duplicate: 409,
  file_not_spreadsheet: 422,
  file_empty: 422,
  file_encrypted: 422,
  file_old_excel: 422,
  file_no_header: 422,
  file_no_key_column: 422,
  db_damaged: 503,
  cancelled: 409,
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

/** A request the server cannot make sense of (its path, its request line): answered 400 and logged in one line. */
class BadRequest extends Error {}

/** The path of a request target, still percent-encoded; `//[` and other targets that are no URL are a BadRequest. */
function pathnameOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://lavka.invalid').pathname;
  } catch {
    throw new BadRequest('the request target is not a URL');
  }
}

function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    throw new BadRequest('bad percent-encoding in the path');
  }
}

/**
 * Answers a connection's parse error (a malformed request line or header, headers too large, a timeout) the way
 * Node would without a 'clientError' listener, but logged, and never throwing on a socket already gone.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
  const status =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? '431 Request Header Fields Too Large'
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? '408 Request Timeout'
        : '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroySoon();
}

/**
 * Browser mode's HTTP server over an AppHost. Nothing a client sends ends the process: every request, upgrade and
 * stream is guarded here, a malformed one gets a 400 (or its socket closed) and one line in the log (ProblemLog
 * bounds the lines under a flood), and the server goes on serving.
 */
export function createHttpServer(core: AppHost, opts: HttpOptions): Server {
  const problems = new ProblemLog();
  const hosts = new HostCheck({
    lan: opts.lan,
    extraNames: () => {
      const db = core.core?.db;
      try {
        return db ? lanHostNames(db) : [];
      } catch (err) {
        problems.report('cannot read lanHostNames from the settings', err);
        return [];
      }
    },
  });
  /** The Host checks of every request, stream and socket upgrade: a page of another site gets 421 (DNS rebinding). */
  const hostAllowed = (req: IncomingMessage): boolean => hosts.allows(req.headers.host, req.socket.localAddress, bound);
  /** The address the server listens on (`--host`), once it does. */
  let bound: string | undefined;
  const tokenOf = (req: IncomingMessage): string | undefined => parseCookies(req.headers.cookie)[COOKIE];
  const who = (req: IncomingMessage) => req.socket.remoteAddress ?? '?';

  /** The checks every call passes whichever way it came (POST or the WebSocket): csrf value, LAN restrictions. */
  const admit = (method: string, session: Session | null, csrf: string): Failure | null => {
    if (session && csrf !== session.csrf && !CSRF_VALUE_EXEMPT.has(method))
      return failure('csrf', `${CSRF_HEADER} does not match this session`);
    if (opts.lan && (method.startsWith('setup.') || method === 'recovery.restore'))
      return failure('forbidden', 'set the shop up on the counter PC, not over the network');
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
    const token = tokenOf(req);
    const session: Session | null = core.sessions.get(token);
    const refused = admit(method, session, csrf);
    if (refused) return sendJson(res, STATUS[refused.error.code], refused);
    if (SIGN_IN_METHODS.has(method) && !loginLimiter.allow(who(req))) {
      return sendJson(res, 429, failure('rate_limited', 'too many login attempts from this address; wait a minute'));
    }
    const body = await readBody(req);
    if (!body.ok) {
      if (body.status === 413) return refuseTooLarge(req, res, body.failure);
      return sendJson(res, body.status, body.failure);
    }
    const called = performance.now();
    const result = await core.call({ session, source: sourceOfRequest(req) }, method, body.value);
    const done = performance.now();
    const headers: Record<string, string> = {};
    // The server's share of a signed-in request's time, readable in the browser's resource timing (same origin only).
    // Never before sign-in: how long a login took must not tell one user (or PIN check) from another.
    if (session && !SIGN_IN_METHODS.has(method))
      headers['Server-Timing'] = `body;dur=${(called - arrived).toFixed(2)}, core;dur=${(done - called).toFixed(2)}`;
    if (!result.ok) return sendJson(res, STATUS[result.error.code], result, headers);
    const newToken = takeSessionToken(result.value);
    if (newToken) {
      headers['Set-Cookie'] = sessionCookie(newToken); // the session token lives only in the HttpOnly cookie
    } else if (method === 'auth.logout') {
      headers['Set-Cookie'] = sessionCookie('', 0);
    }
    sendJson(res, 200, result, headers);
  }

  /** A file for import: the same Host, csrf and session checks as a call, then streamed to the core's upload store. */
  async function handleUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, failure('validation', 'uploads are POST'), { Allow: 'POST' });
    const csrf = req.headers[CSRF_HEADER];
    if (typeof csrf !== 'string' || !csrf) return sendJson(res, 403, failure('csrf', `missing ${CSRF_HEADER} header`));
    const session = core.sessions.get(tokenOf(req));
    const refused = admit('upload', session, csrf);
    if (refused) return sendJson(res, STATUS[refused.error.code], refused);
    await receiveUpload(core, req, res, session, (status, body) => sendJson(res, status, body));
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    const token = tokenOf(req);
    if (!token || !core.sessions.get(token)) return sendJson(res, 401, failure('unauthenticated', 'log in first'));
    serveEvents(core, req, res, token);
  }

  /** An exported file: the session that exported it, with its csrf value (server/download.ts). */
  function handleDownload(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    serveDownload(req, res, pathname, {
      session: core.sessions.get(tokenOf(req)),
      find: (id, session) => core.core?.svc.downloads.get(id, session.token) ?? null,
      send: (status, body) => sendJson(res, status, body),
      onError: (err) => problems.report('cannot read a download', err),
    });
  }

  function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, failure('validation', 'method not allowed'));
    const rel = path.normalize(decodePath(pathname)).replace(/^([/\\])+/, '');
    let file = path.join(opts.rendererDir, rel);
    // Anything outside the renderer folder, or unknown, is the app shell (client-side routes).
    if (rel.includes('\0') || !file.startsWith(opts.rendererDir + path.sep) || !existsSync(file) || statSync(file).isDirectory())
      file = path.join(opts.rendererDir, 'index.html');
    if (!existsSync(file)) return sendJson(res, 500, failure('internal', `renderer not built: run npm run build (${opts.rendererDir})`));
    const ext = path.extname(file);
    res.writeHead(200, {
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
      'Cache-Control': ext === '.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file)
      .on('error', (err) => {
        problems.report(`cannot read ${file}`, err);
        res.destroy();
      })
      .pipe(res);
  }

  function route(req: IncomingMessage, res: ServerResponse): Promise<void> | void {
    securityHeaders(res);
    if (!hostAllowed(req)) {
      problems.report(`refused a request for Host ${JSON.stringify(req.headers.host ?? '').slice(0, 80)} from ${who(req)} (421)`);
      return sendJson(res, 421, failure('forbidden', 'unexpected Host header'));
    }
    const pathname = pathnameOf(req.url);
    if (pathname === '/api/events') return handleEvents(req, res);
    if (pathname === UPLOAD_PATH) return handleUpload(req, res);
    // The store's server calls this, not a browser: no session or csrf, its own shared secret instead.
    if (pathname === STORE_HOOK_PATH) return receiveStoreHook(core, req, res, (status, body) => sendJson(res, status, body));
    if (pathname.startsWith('/api/')) return handleApi(req, res, pathname.slice(5));
    if (pathname.startsWith(DOWNLOAD_PREFIX)) return handleDownload(req, res, pathname);
    handleStatic(req, res, pathname);
  }

  /** The last line of defence: whatever a request made go wrong is answered (or its socket closed) and logged. */
  function failed(req: IncomingMessage, res: ServerResponse, err: unknown): void {
    const bad = err instanceof BadRequest;
    problems.report(
      `${bad ? 'refused a malformed' : 'failed a'} request from ${who(req)} (${req.method ?? '?'} ${String(req.url).slice(0, 80)})`,
      bad ? err.message : err,
    );
    if (res.headersSent || res.destroyed) return void res.destroy();
    try {
      sendJson(res, bad ? 400 : 500, bad ? failure('validation', err.message) : failure('internal', 'request failed'), {
        Connection: 'close',
      });
    } catch {
      res.destroy();
    }
  }

  const server = createServer((req, res) => {
    // A stream written after its end or to a reset socket reports it here rather than ending the process.
    res.on('error', (err) => problems.report(`response to ${who(req)} failed`, err));
    req.on('error', () => {});
    try {
      const pending = route(req, res);
      if (pending) pending.catch((err: unknown) => failed(req, res, err));
    } catch (err) {
      failed(req, res, err);
    }
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    // A client that hangs up mid-request is ordinary; anything else is worth a line.
    if (err.code !== 'ECONNRESET' && err.code !== 'HPE_INVALID_EOF_STATE')
      problems.report(`refused a malformed request from ${socket.remoteAddress ?? '?'}`, err.code ?? err.message);
    try {
      answerClientError(err, socket);
    } catch {
      socket.destroy();
    }
  });
  // A body declared too large is refused before the client sends it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const limitExceeded = req.url?.split('?')[0] === UPLOAD_PATH ? uploadTooLarge(req) : declaredTooLarge(req);
    if (limitExceeded) return sendJson(res, 413, failure('too_large', 'the request body is over 1 MB'), { Connection: 'close' });
    res.writeContinue();
    server.emit('request', req, res);
  });
  server.once('listening', () => {
    bound = (server.address() as AddressInfo | null)?.address;
    // From now on an accept failure (out of file handles) is logged; before, the caller's own listener reports it.
    server.on('error', (err) => problems.report('the server failed', err));
  });
  attachSocketApi(server, core, { hostAllowed, tokenOf, admit, problems });
  return server;
}
