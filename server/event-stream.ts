import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiEvent } from '../core/contract/types';
import { eventVisibleTo } from '../core/events';
import type { AppHost } from '../core/host';
import { isLoopback } from './security';

const PING_MS = 25_000;

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
  // Events are written once the call that emitted them has been answered (setImmediate runs after the call's own
  // reply, which its microtasks send): a scan's cart.changed must not reach the page, and take its main thread,
  // ahead of the scan's answer. Order is kept: one queue, flushed whole.
  let queued = '';
  let flushSoon: ReturnType<typeof setImmediate> | null = null;
  const flush = () => {
    if (flushSoon) clearImmediate(flushSoon);
    flushSoon = null;
    if (queued && !res.destroyed) res.write(queued);
    queued = '';
  };
  const send = (e: ApiEvent) => {
    queued += `data: ${JSON.stringify(e)}\n\n`;
    flushSoon ??= setImmediate(flush);
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
