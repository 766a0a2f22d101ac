import { createOwner, userCount } from '../bootstrap';
import type { DomainHandlers, Services } from '../api/handler';
import { seedDemo } from '../demo/seed';
import { fail } from '../errors';
import { systemInfo } from './system';
import type { setupApi } from '../contract/methods/setup';

/** Open to anyone, but only while the shop has no users: the first-run choice. */
function firstRunOnly(svc: Services): void {
  if (userCount(svc.db) > 0) fail('invalid_state', 'this shop is already set up');
}

export const setupHandlers: DomainHandlers<typeof setupApi> = {
  'setup.demo': (svc) => {
    firstRunOnly(svc);
    // The welcome screen's demo comes with a past, so the reports and the dashboard show something real.
    seedDemo(svc.db, { history: true });
    return systemInfo(svc);
  },
  'setup.shop': (svc, _ctx, input) => {
    firstRunOnly(svc);
    createOwner(svc.db, input);
    return systemInfo(svc);
  },
};
