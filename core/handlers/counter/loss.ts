import type { HandlerMap } from '../../api/handler';
import { lossReport } from '../../counter/loss';

export const lossHandlers: HandlerMap<'report.loss'> = {
  'report.loss': (svc, _ctx, input) => lossReport(svc.reader, input),
};
