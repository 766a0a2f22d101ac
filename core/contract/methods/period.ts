import { z } from 'zod';
import { returns, type DomainSpec } from '../method';
import { businessDate } from '../primitives';
import type * as R from '../report-types';

/** The period lock: the books closed through a day, so a closed month's figures never change afterwards. */
export const periodApi = {
  'period.get': { input: z.object({}).strict(), output: returns<R.PeriodLock>(), access: 'report.view' },
  /** Moves the lock forward to `through` (a day before today); open drafts dated up to it refuse the lock. */
  'period.lock': {
    input: z.object({ through: businessDate }).strict(),
    output: returns<R.PeriodLock>(),
    access: 'period.lock',
  },
  /** Moves the lock back to `through`, or lifts it (null): days after it are open again. */
  'period.unlock': {
    input: z.object({ through: businessDate.nullable(), reason: z.string().trim().min(1).max(500) }).strict(),
    output: returns<R.PeriodLock>(),
    access: 'period.lock',
  },
} as const satisfies DomainSpec;
