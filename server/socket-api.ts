import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Session } from '../core/auth/sessions';
import { failure, type Failure, type Result } from '../core/contract/errors';
import type { AppHost } from '../core/host';
import { hostAllowed, isLoopback } from './security';
import type { CallSource } from '../core/api/handler';

export const SOCKET_PATH = '/api/socket';
const MAX_MESSAGE = 1024 * 1024;

export interface SocketApiOptions {
  lan: boolean;
  /** The session cookie's token in the upgrade request. */
  tokenOf(req: IncomingMessage): string | undefined;
  /** The HTTP transport's own per-call checks (csrf value, LAN restrictions), shared so the two cannot drift. */
  admit(method: string, session: Session | null, csrf: string): Failure | null;
}

/** A call as the browser sends it; the csrf value travels in each call as it does in the POST header. */
interface Call {
  id: number;
  method: string;
  input: unknown;
  csrf: string;
}


/**
 * Methods that start, end or replace a session, or set the shop up: they go over POST, which can set and clear the
 * HttpOnly cookie. The socket belongs to the session it was opened with.
 */
export const socketRefuses = (method: string): boolean => method.startsWith('auth.') || method.startsWith('setup.') || method.startsWith('recovery.');

function parseCall(data: RawData): Call | null {
  let v: unknown;
  try {
    v = JSON.parse(data.toString());
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const c = v as Partial<Call>;
  return typeof c.id === 'number' && typeof c.method === 'string' && typeof c.csrf === 'string' ? { id: c.id, method: c.method, input: c.input, csrf: c.csrf } : null;
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * API calls over one WebSocket per page, beside POST /api/<method>: the same calls, checks and results, without a
 * request's per-call cost in the browser's network stack (on the till PC about 4 ms of a scan's ~6 ms round trip).
 * Only a page of this server may open it: same Host rules as HTTP, the Origin must be this server (browsers send
 * it on every WebSocket handshake, and a socket is not covered by CORS), and the session cookie must be live.
 * Each call is then checked again: the csrf value, the session still alive (logout, idle lock, lockout end it).
 */
export function attachSocketApi(server: Server, core: AppHost, opts: SocketApiOptions): void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const { pathname } = new URL(req.url ?? '/', 'http://lavka.invalid');
    if (pathname !== SOCKET_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    const host = req.headers.host;
    if (!hostAllowed(host, opts.lan)) return refuseUpgrade(socket, 421, 'Misdirected Request');
    if (req.headers.origin !== `http://${host}`) return refuseUpgrade(socket, 403, 'Forbidden');
    const token = opts.tokenOf(req);
    if (!core.sessions.get(token)) return refuseUpgrade(socket, 401, 'Unauthorized');
    const source = { address: req.socket.remoteAddress ?? '?', counter: isLoopback(req.socket.remoteAddress) };
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, token!, source));
  });

  function serve(ws: WebSocket, token: string, source: CallSource): void {
    ws.on('message', (data) => {
      const call = parseCall(data);
      if (!call) {
        // Our own page sends these: a frame that does not parse is a bug; the page cannot match it to a call.
        ws.close(1003, 'unreadable call');
        return;
      }
      const t0 = performance.now();
      void answer(call).then((result) => {
        // ms: the server's share of the call (like Server-Timing on POST), for the bench and anyone diagnosing.
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: call.id, result, ms: Math.round((performance.now() - t0) * 100) / 100 }));
      });
    });
    ws.on('error', (err) => console.error('[lavka] api socket:', err));

    async function answer(call: Call): Promise<Result<unknown>> {
      if (socketRefuses(call.method)) return failure('validation', `${call.method} is called over POST /api/${call.method}, not the socket`);
      // As over POST, a call without a live session still reaches the core: public methods (system.info) answer,
      // the rest say unauthenticated. The socket itself ends with its session, once the page has this answer.
      const session = core.sessions.get(token);
      if (!session) setTimeout(() => ws.close(4401, 'session ended'), 0);
      const refused = opts.admit(call.method, session, call.csrf);
      if (refused) return refused;
      try {
        return await core.call({ session, source }, call.method, call.input);
      } catch (err) {
        console.error(`[lavka] ${call.method} over the socket failed:`, err);
        return failure('internal', `${call.method} failed`);
      }
    }
  }
}
