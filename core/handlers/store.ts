import { inTransaction } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import { enqueue } from '../../db/queries/outbox';
import { listStoreOrders, recentStoreLog } from '../../db/queries/store';
import { actorOf, type DomainHandlers, type Services } from '../api/handler';
import type { storeApi } from '../contract/methods/store';
import type { StoreSettingsView, SyncStatus } from '../contract/store-types';
import { AppError } from '../errors';
import { saveStoreApiKey, saveStoreConfig, saveStoreHookSecret, storeApiKey, storeConfig, storeHookSecret } from '../sync/config';
import { storeOrderHandlers } from './store-orders';
import { storeDeadLetters, storeQueueDepth } from '../sync/queues';

function settingsView(svc: Services): StoreSettingsView | null {
  const config = storeConfig(svc.db);
  return config && { ...config, hasApiKey: storeApiKey(svc.db) !== null, hasHookSecret: storeHookSecret(svc.db) !== null };
}

/** The sync's status; without a running sync (tests, tools) what the database alone tells. */
function status(svc: Services): SyncStatus {
  if (svc.sync) return svc.sync.status();
  return {
    state: storeConfig(svc.db)?.enabled ? 'idle' : 'off',
    lastSuccessAt: null,
    lastError: null,
    queueDepth: storeQueueDepth(svc.db),
    deadLetters: storeDeadLetters(svc.db).length,
    linked: 0,
    problems: [],
    failures: 0,
  };
}

export const storeHandlers: DomainHandlers<typeof storeApi> = {
  ...storeOrderHandlers,
  'store.status': (svc) => {
    const { state, queueDepth, lastSuccessAt } = status(svc);
    return { state, queueDepth, lastSuccessAt };
  },
  'store.panel': (svc) => ({
    status: status(svc),
    log: recentStoreLog(svc.db, 200),
    deadLetters: storeDeadLetters(svc.db).map((d) => ({ id: d.id, topic: d.topic ?? '', reason: d.reason ?? '' })),
  }),
  'store.settings': (svc) => settingsView(svc),
  'store.configure': (svc, ctx, input) => {
    const { apiKey, hookSecret, ...config } = input;
    inTransaction(svc.db, () => {
      saveStoreConfig(svc.db, config);
      if (apiKey) saveStoreApiKey(svc.db, apiKey);
      if (hookSecret) saveStoreHookSecret(svc.db, hookSecret);
      // The key and the secret are secrets: the audit says they changed, never what they are.
      appendAudit(svc.db, {
        userId: actorOf(ctx).userId,
        action: 'store.configure',
        entity: 'settings',
        entityId: 'store',
        data: { ...config, apiKeyChanged: !!apiKey, hookSecretChanged: !!hookSecret },
      });
    });
    svc.sync?.rematch();
    return settingsView(svc)!;
  },
  'store.syncNow': async (svc) => {
    const sync = svc.sync;
    if (!sync) throw new AppError('invalid_state', 'the web-store sync does not run in this process');
    // A failed cycle is a status to show (lastError), not an error of this call: offline is normal.
    await sync.runNow().catch(() => undefined);
    return sync.status();
  },
  'store.retryDeadLetter': (svc, ctx, input) => {
    const dead = storeDeadLetters(svc.db).find((d) => d.id === input.id);
    const topic = dead?.topic;
    const payload = dead?.payload;
    if (!topic || !payload) throw new AppError('not_found', `no dead letter ${input.id} of the web store`);
    inTransaction(svc.db, () => {
      // Sent again as a new change: the dead letter stays as the record of what failed and why.
      enqueue(svc.db, topic, JSON.parse(payload) as unknown);
      appendAudit(svc.db, {
        userId: actorOf(ctx).userId,
        action: 'store.retry',
        entity: 'outbox',
        entityId: String(input.id),
        data: { topic },
      });
    });
    return null;
  },
  'store.orders': (svc, _ctx, input) => listStoreOrders(svc.db, input),
};
