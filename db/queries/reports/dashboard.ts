/**
 * The owner's dashboard, one read in the reader worker: the same sums the reports give (sales by day, profit by
 * product, valuation, turnover's dead stock) over the last days up to today, so its figures are the reports'.
 */
import type { Db } from '../../connection';
import { reorderCandidates } from '../stock-views';
import { salesByDay, topProducts } from './sales';
import { addDays, ratioBp } from './shares';
import { turnover, valuationAsOf } from './stock';

export function dashboard(db: Db, q: { today: string; days: number; top: number }) {
  const from = addDays(q.today, -(q.days - 1));
  const period = { from, to: q.today };
  // From at least a week back: today is compared with the same weekday last week.
  const since = addDays(q.today, -Math.max(q.days - 1, 7));
  const byDay = new Map(salesByDay(db, { from: since, to: q.today }).map((d) => [d.day, d]));
  const days = [];
  for (let i = 0; i < q.days; i += 1) {
    const day = addDays(from, i);
    const d = byDay.get(day);
    days.push({
      day,
      netRevenue: (d?.netRevenue ?? 0) as number,
      margin: (d?.margin ?? 0) as number,
      receipts: (d?.receipts ?? 0) as number,
    });
  }
  const netRevenue = days.reduce((s, d) => s + d.netRevenue, 0);
  const margin = days.reduce((s, d) => s + d.margin, 0);
  const receipts = days.reduce((s, d) => s + d.receipts, 0);
  const best = topProducts(db, period, q.top).map((r) => ({
    productId: r.id as number,
    name: r.name as string,
    netRevenue: r.netRevenue as number,
    margin: r.margin as number,
  }));
  const stock = valuationAsOf(db, { date: q.today });
  const dead = turnover(db, { ...period, deadDays: 30 });
  return {
    today: q.today,
    days,
    todayRevenue: byDay.get(q.today)?.netRevenue ?? 0,
    lastWeekRevenue: byDay.get(addDays(q.today, -7))?.netRevenue ?? 0,
    netRevenue,
    margin,
    marginPct: ratioBp(margin, netRevenue),
    receipts,
    averageReceipt: receipts > 0 ? Math.round(netRevenue / receipts) : null,
    topProducts: best,
    stockValue: stock.reduce((s, r) => s + (r.value as number), 0),
    stockRetail: stock.reduce((s, r) => s + (r.retail as number), 0),
    deadValue: dead.reduce((s, r) => s + (r.deadValue as number), 0),
    lowStock: reorderCandidates(db, { since: from }).length,
  };
}
