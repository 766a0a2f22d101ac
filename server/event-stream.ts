import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionEndReason } from '../core/auth/sessions';
import type { ApiEvent } from '../core/contract/types';
import { eventVisibleTo } from '../core/events';
import type { AppHost } from '../core/host';
import { isLoopback } from './security';

const PING_MS = 25_000;

/**
 * GET /api/events for a live session: a server-sent event stream of what this session may see (core/events.ts
 * eventVisibleTo). It ends the moment its session does, logout, idle limit, lockout or restore, with a last
 * `session.ended` event so the page shows the login screen at once; so does the host's own `session.ended` (the
 * database went to recovery), and a session no longer in the host's store is noticed at the next event or ping. Only peeks at the session: pushing events is not the
 * user being active, and must not defer the idle logout.
 */
export function serveEvents(core: AppHost, req: IncomingMessage, res: ServerResponse, token: string): void {
  const store = core.sessions;
  const atCounter = isLoopback(req.socket.remoteAddress);
  let open = true;
  const send = (e: ApiEvent) => res.write(`data: ${JSON.stringify(e)}\n\n`);

  const close = (reason?: SessionEndReason) => {
    if (!open) return;
    open = false;
    offEvents();
    offEnd();
    clearInterval(ping);
    if (reason && !res.destroyed) send({ type: 'session.ended', reason });
    res.end();
  };

  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
  res.write(': connected\n\n');
  const offEnd = store.onEnd(token, close);
  const offEvents = core.events.on((e) => {
    const session = core.sessions.peek(token);
    if (!session) return close('expired');
    // The host ends every session this way when the database goes to recovery: the stream is the session's.
    if (e.type === 'session.ended') return close(e.reason);
    if (eventVisibleTo(e, { session, counter: atCounter })) send(e);
  });
  const ping = setInterval(() => (core.sessions.peek(token) ? res.write(': ping\n\n') : close('expired')), PING_MS);
  req.on('close', () => close());
  res.on('close', () => close());
}
