import type { DomainHandlers } from '../../api/handler';
import { lossReport } from '../../counter/loss';
import type { reportsApi } from '../../contract/methods/reports';

export const lossHandlers: DomainHandlers<typeof reportsApi> = {
  'report.loss': (svc, _ctx, input) => lossReport(svc.reader, input),
};
