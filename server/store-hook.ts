// POST /api/store/hook: the web store's subscriber saying an order was placed (store/medusa/src/subscribers). It only
// wakes the sync, whose pull then reads the orders from the store's API: the body is never trusted for data (it is
// not even read), so a forged or replayed call can at most make the shop ask the store one more time. The caller
// proves itself with the shared secret from the store settings (`store.configure` hookSecret) in X-Lavka-Store-Secret.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { failure } from '../core/contract/errors';
import type { AppHost } from '../core/host';
import { storeHookAllowed } from '../core/sync/config';

export const STORE_HOOK_PATH = '/api/store/hook';
const SECRET_HEADER = 'x-lavka-store-secret';
/** The store sends a few ids; anything much bigger is not our subscriber. */
const MAX_HOOK_BODY = 64 * 1024;

export function receiveStoreHook(
  host: AppHost,
  req: IncomingMessage,
  res: ServerResponse,
  send: (status: number, body: unknown) => void,
): void {
  if (req.method !== 'POST') return send(405, failure('validation', 'the store hook is POST'));
  if (Number(req.headers['content-length'] ?? 0) > MAX_HOOK_BODY) {
    send(413, failure('too_large', 'the store hook carries no data'));
    return void req.destroy();
  }
  req.resume(); // drained unread
  const svc = host.core?.svc;
  if (!svc) return send(503, failure('db_damaged', 'the shop database is not open'));
  if (!storeHookAllowed(svc.db, req.headers[SECRET_HEADER]))
    return send(401, failure('unauthenticated', 'wrong or missing store hook secret'));
  svc.sync?.wake();
  send(202, { ok: true, value: null });
}
