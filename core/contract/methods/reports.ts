import { returns, type DomainSpec } from '../method';
import * as c from '../counter-schemas';
import type * as C from '../counter-types';

/** Reports (run off the till's thread where long). */
export const reportsApi = {
  'report.loss': { input: c.lossReportInput, output: returns<C.LossReport>(), access: 'report.view' },
} as const satisfies DomainSpec;
