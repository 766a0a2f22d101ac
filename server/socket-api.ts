import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Session } from '../core/auth/sessions';
import { failure, type Failure, type Result } from '../core/contract/errors';
import type { AppHost } from '../core/host';
import { jsonDepth, MAX_BODY, MAX_DEPTH } from './body';
import type { ProblemLog } from './problems';
import { isLoopback } from './security';
import type { CallSource } from '../core/api/handler';

export const SOCKET_PATH = '/api/socket';

export interface SocketApiOptions {
  /** The HTTP transport's Host check (loopback names, or the LAN's allowed names): the same 421 for an upgrade. */
  hostAllowed(req: IncomingMessage): boolean;
  /** Where refused upgrades and failed sockets are logged, one line each. */
  problems: ProblemLog;
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
export const socketRefuses = (method: string): boolean =>
  method.startsWith('auth.') || method.startsWith('setup.') || method.startsWith('recovery.');

/** A call refused before it is read further; it still has its id, so the page gets the answer. */
interface Refused {
  id: number;
  refused: Failure;
}

/** A frame as a call, or null when it is none. Input nested deeper than a POST body may be is refused as a POST's is. */
function parseCall(data: RawData): Call | Refused | null {
  let v: unknown;
  try {
    v = JSON.parse(
      Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8'),
    );
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const c = v as Partial<Call>;
  if (typeof c.id !== 'number' || typeof c.method !== 'string' || typeof c.csrf !== 'string') return null;
  if (jsonDepth(c.input) > MAX_DEPTH)
    return { id: c.id, refused: failure('validation', `the input nests deeper than ${MAX_DEPTH} levels`) };
  return { id: c.id, method: c.method, input: c.input, csrf: c.csrf };
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  if (!socket.writable) return void socket.destroy();
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
  const { problems } = opts;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY });
  wss.on('error', (err) => problems.report('the api socket server failed', err));

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node leaves an upgraded socket without an error listener: a client's reset must not end the process.
    socket.on('error', () => socket.destroy());
    try {
      upgrade(req, socket, head);
    } catch (err) {
      problems.report(`refused a socket upgrade from ${req.socket.remoteAddress ?? '?'}`, err);
      refuseUpgrade(socket, 400, 'Bad Request');
    }
  });

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://lavka.invalid').pathname;
    } catch {
      problems.report(`refused a socket upgrade from ${req.socket.remoteAddress ?? '?'}: the request target is not a URL`);
      return refuseUpgrade(socket, 400, 'Bad Request');
    }
    if (pathname !== SOCKET_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    const host = req.headers.host;
    if (!opts.hostAllowed(req)) {
      problems.report(
        `refused a socket upgrade for Host ${JSON.stringify(host ?? '').slice(0, 80)} from ${req.socket.remoteAddress ?? '?'} (421)`,
      );
      return refuseUpgrade(socket, 421, 'Misdirected Request');
    }
    if (req.headers.origin !== `http://${host}`) return refuseUpgrade(socket, 403, 'Forbidden');
    const token = opts.tokenOf(req);
    if (!token || !core.sessions.get(token)) return refuseUpgrade(socket, 401, 'Unauthorized');
    const source = { address: req.socket.remoteAddress ?? '?', counter: isLoopback(req.socket.remoteAddress) };
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, token, source));
  }

  function serve(ws: WebSocket, token: string, source: CallSource): void {
    let inFlight = 0;
    let sessionEnded = false;
    const closeIfEnded = () => {
      if (sessionEnded && inFlight === 0) ws.close(4401, 'session ended');
    };
    // The socket is its session's: it closes the moment the session ends (logout, idle limit, lockout, restore),
    // once the calls in flight have their answers (the restore that ended it, say).
    const offEnd = core.sessions.onEnd(token, () => {
      sessionEnded = true;
      closeIfEnded();
    });
    ws.on('close', offEnd);
    ws.on('error', (err) => problems.report(`api socket from ${source.address}`, err));
    ws.on('message', (data) => {
      // Closing (its session ended): a call that arrives now is not run; the page sends it again over POST.
      if (ws.readyState !== ws.OPEN) return;
      const call = parseCall(data);
      if (!call) {
        // Our own page sends these: a frame that does not parse is a bug; the page cannot match it to a call.
        ws.close(1003, 'unreadable call');
        return;
      }
      if ('refused' in call) return void ws.send(JSON.stringify({ id: call.id, result: call.refused, ms: 0 }));
      const t0 = performance.now();
      inFlight++;
      void answer(call)
        .then((result) => {
          // ms: the server's share of the call (like Server-Timing on POST), for the bench and anyone diagnosing.
          if (ws.readyState === ws.OPEN)
            ws.send(JSON.stringify({ id: call.id, result, ms: Math.round((performance.now() - t0) * 100) / 100 }));
        })
        .catch((err: unknown) => problems.report(`answering ${call.method} over the socket failed`, err))
        .finally(() => {
          inFlight--;
          closeIfEnded();
        });
    });

    async function answer(call: Call): Promise<Result<unknown>> {
      if (socketRefuses(call.method))
        return failure('validation', `${call.method} is called over POST /api/${call.method}, not the socket`);
      // As over POST, a call without a live session still reaches the core: public methods (system.info) answer,
      // the rest say unauthenticated. The socket itself ends with its session, once the page has this answer.
      const session = core.sessions.get(token);
      if (!session) sessionEnded = true;
      const refused = opts.admit(call.method, session, call.csrf);
      if (refused) return refused;
      try {
        return await core.call({ session, source }, call.method, call.input);
      } catch (err) {
        problems.report(`${call.method} over the socket failed`, err);
        return failure('internal', `${call.method} failed`);
      }
    }
  }
}
