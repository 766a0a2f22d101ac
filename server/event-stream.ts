import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiEvent } from '../core/contract/types';
import { eventVisibleTo } from '../core/events';
import type { AppHost } from '../core/host';
import { isLoopback } from './security';

const PING_MS = 25_000;
/** How long after an event it is written (see flush): past the answer's frame on a slow till PC. */
const EVENT_DELAY_MS = 30;

/**
 * GET /api/events for a live session: a server-sent event stream of what this session may see (core/events.ts
 * eventVisibleTo). It ends the moment its session does (logout, idle limit, lockout, restore): the page learns why
 * from its next call, as before, so a call that ended its own session (a restore) still shows its own answer first.
 * The host's own `session.ended` (the database went to recovery) is passed on and ends it too; a session no longer in
 * the host's store is noticed at the next event or ping. Only peeks at the session: pushing events is not the user
 * being active, and must not defer the idle logout.
 */
export function serveEvents(core: AppHost, req: IncomingMessage, res: ServerResponse, token: string): void {
  const store = core.sessions;
  const atCounter = isLoopback(req.socket.remoteAddress);
  let open = true;
  // Events are written a moment after the call that emitted them has been answered: a scan's cart.changed reaching
  // the page that scanned while it renders and paints the scan's answer takes its main thread (traced: the event
  // arrived through the network stack ahead of the socket's answer). Other screens see it EVENT_DELAY_MS later, which
  // nobody can tell; events in that window go out together. Order is kept: one queue, flushed whole.
  let queued = '';
  let flushSoon: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (flushSoon) clearTimeout(flushSoon);
    flushSoon = null;
    if (queued && !res.destroyed) res.write(queued);
    queued = '';
  };
  const send = (e: ApiEvent) => {
    queued += `data: ${JSON.stringify(e)}\n\n`;
    flushSoon ??= setTimeout(flush, EVENT_DELAY_MS);
  };

  const close = (last?: ApiEvent) => {
    if (!open) return;
    open = false;
    offEvents();
    offEnd();
    clearInterval(ping);
    if (last) queued += `data: ${JSON.stringify(last)}\n\n`;
    flush();
    res.end();
  };

  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
  res.write(': connected\n\n');
  const offEnd = store.onEnd(token, () => close());
  const offEvents = core.events.on((e) => {
    const session = core.sessions.peek(token);
    if (!session) return close();
    if (e.type === 'session.ended') return close(e);
    if (eventVisibleTo(e, { session, counter: atCounter })) send(e);
  });
  const ping = setInterval(() => (core.sessions.peek(token) ? res.write(': ping\n\n') : close()), PING_MS);
  req.on('close', () => close());
  res.on('close', () => close());
}
