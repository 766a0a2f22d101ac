/**
 * A period's per-product sales sums (db/schema/derived.ts): its whole calendar months from sales_product_months,
 * the days before the first and after the last of them from sales_product_days. Both tables lead with their date, so
 * each span is one range read in place; 90 days are then ~40% fewer rows to group than day by day.
 */
import { monthEnd } from '../month-balances';
import { addDays, type Period } from './shares';

export interface SalesSpans {
  /** Day ranges (YYYY-MM-DD, inclusive), at most two: before the whole months and after them. */
  days: Period[];
  /** Whole months (YYYY-MM, inclusive), or none. */
  months: Period | null;
}

export function salesSpans(p: Period): SalesSpans {
  const firstWhole = p.from.endsWith('-01') ? p.from : addDays(monthEnd(p.from.slice(0, 7)), 1);
  const lastWhole = p.to === monthEnd(p.to.slice(0, 7)) ? p.to : addDays(`${p.to.slice(0, 7)}-01`, -1);
  if (firstWhole > lastWhole) return { days: [p], months: null };
  const days: Period[] = [];
  if (p.from < firstWhole) days.push({ from: p.from, to: addDays(firstWhole, -1) });
  if (lastWhole < p.to) days.push({ from: addDays(lastWhole, 1), to: p.to });
  return { days, months: { from: firstWhole.slice(0, 7), to: lastWhole.slice(0, 7) } };
}

/** The columns both tables share. */
type SumsColumn = 'product_id' | 'qty' | 'net_revenue' | 'discount' | 'cost';

/**
 * The period's rows of the sums as one compound SELECT of `cols` (UNION ALL, one range per span) with its
 * parameters; `and` narrows every range (a condition on the shared columns, its parameters the caller's).
 */
export function salesRows(p: Period, cols: readonly SumsColumn[], and = ''): { sql: string; params: Record<string, string> } {
  const s = salesSpans(p);
  const params: Record<string, string> = {};
  const list = cols.join(', ');
  const parts = s.days.map((d, i) => {
    params[`day${i}From`] = d.from;
    params[`day${i}To`] = d.to;
    return `SELECT ${list} FROM sales_product_days WHERE business_date BETWEEN @day${i}From AND @day${i}To${and}`;
  });
  if (s.months) {
    params.monthFrom = s.months.from;
    params.monthTo = s.months.to;
    parts.push(`SELECT ${list} FROM sales_product_months WHERE month BETWEEN @monthFrom AND @monthTo${and}`);
  }
  return { sql: parts.join(' UNION ALL '), params };
}
