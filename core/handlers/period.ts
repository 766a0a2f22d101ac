import { actorOf, type DomainHandlers } from '../api/handler';
import type { periodApi } from '../contract/methods/period';
import { lockPeriod, periodLock, unlockPeriod } from '../period/lock';

export const periodHandlers: DomainHandlers<typeof periodApi> = {
  'period.get': (svc) => periodLock(svc.db),
  'period.lock': (svc, ctx, input) => lockPeriod(svc.db, actorOf(ctx).userId, input.through),
  'period.unlock': (svc, ctx, input) => unlockPeriod(svc.db, actorOf(ctx).userId, input.through, input.reason),
};
