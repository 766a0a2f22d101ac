import { actorOf, type DomainHandlers } from '../api/handler';
import type { reportsApi } from '../contract/methods/reports';
import { lossReport } from '../counter/loss';
import { dashboardOf, exportReport, runReport } from '../reports/run';

export const reportHandlers: DomainHandlers<typeof reportsApi> = {
  'report.loss': (svc, _ctx, input) => lossReport(svc.reader, input),
  'report.sales': (svc, _ctx, input) => runReport(svc, 'report.sales', input),
  'report.profit': (svc, _ctx, input) => runReport(svc, 'report.profit', input),
  'report.pnl': (svc, _ctx, input) => runReport(svc, 'report.pnl', input),
  'report.valuation': (svc, _ctx, input) => runReport(svc, 'report.valuation', input),
  'report.abcxyz': (svc, _ctx, input) => runReport(svc, 'report.abcxyz', input),
  'report.turnover': (svc, _ctx, input) => runReport(svc, 'report.turnover', input),
  'report.rfm': (svc, _ctx, input) => runReport(svc, 'report.rfm', input),
  'report.cashflow': (svc, _ctx, input) => runReport(svc, 'report.cashflow', input),
  'report.settlements': (svc, _ctx, input) => runReport(svc, 'report.settlements', input),
  'report.movements': (svc, _ctx, input) => runReport(svc, 'report.movements', input),
  'report.dashboard': (svc, _ctx, input) => dashboardOf(svc, input),
  // The file is its session's to fetch (a call without one, in process, gets an id nobody can fetch).
  'report.export': (svc, ctx, input) =>
    exportReport(svc, { user: ctx.session?.userName ?? String(actorOf(ctx).userId), session: ctx.session?.token ?? '' }, input),
};
