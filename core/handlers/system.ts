import { inTransaction } from '../../db/connection';
import { appendAudit, verifyAudit } from '../../db/queries/audit';
import { listLocations, readSettings } from '../../db/queries/people';
import { userCount } from '../bootstrap';
import type { SystemInfo } from '../contract/types';
import { actorOf, type DomainHandlers, type Services } from '../api/handler';
import { checkPrinterDevice } from '../devices/device-path';
import { loadSettings, mergeSettings, saveSettings } from '../settings';
import type { systemApi } from '../contract/methods/system';

export function systemInfo(svc: Services): SystemInfo {
  const s = loadSettings(svc.db);
  const demo = readSettings(svc.db)['demo'] === 'true';
  return {
    version: svc.version,
    shopName: s.shopName,
    locale: s.locale,
    currency: s.currency,
    mode: svc.mode,
    demo,
    needsSetup: userCount(svc.db) === 0,
    recovery: null,
  };
}

export const systemHandlers: DomainHandlers<typeof systemApi> = {
  'system.info': (svc) => systemInfo(svc),
  'settings.get': (svc) => loadSettings(svc.db),
  'settings.set': (svc, ctx, input) => {
    const after = inTransaction(svc.db, () => {
      const before = loadSettings(svc.db);
      const patch = mergeSettings(before, input);
      if (input.counter?.printer) checkPrinterDevice(patch.counter!.printer);
      saveSettings(svc.db, patch);
      const changed = Object.fromEntries(
        Object.entries(input)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, { from: before[k as keyof typeof before], to: v }]),
      );
      appendAudit(svc.db, { userId: actorOf(ctx).userId, action: 'settings.set', entity: 'settings', data: changed });
      return loadSettings(svc.db);
    });
    // After the commit: the printer and scanner pick up the new settings without a restart.
    svc.devices?.settingsChanged();
    return after;
  },
  'locations.list': (svc) => listLocations(svc.db),
  'audit.verify': (svc) => {
    const r = verifyAudit(svc.db);
    return { ok: r.firstBad === null, checked: r.checked, firstBad: r.firstBad };
  },
};
