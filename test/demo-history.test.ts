/**
 * The welcome screen's demo shop comes with a past: three months of trading through the app's own paths, the
 * same every time, with a clean ledger, so the reports and the dashboard show something real at first sight.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerViolations } from '../db/queries/stock';
import { DEMO_HISTORY_DAYS } from '../core/demo/history';
import { as, testCore, unwrap } from './helpers';

let core: ReturnType<typeof testCore>;
beforeAll(async () => {
  core = testCore({ demo: false });
  unwrap(await core.call({ session: null }, 'setup.demo', {}));
});
afterAll(() => core?.cleanup());

const count = (sql: string) => (core.db.raw.prepare(sql).get() as { n: number }).n;

describe('the demo shop’s history', () => {
  it('trades every day of the last three months, in closed shifts, and the ledger balances', () => {
    const days = count(`SELECT COUNT(DISTINCT business_date) AS n FROM documents WHERE type = 'sale'`);
    expect(days).toBe(DEMO_HISTORY_DAYS - 1);
    expect(count(`SELECT COUNT(*) AS n FROM shifts WHERE closed_at IS NULL`)).toBe(0);
    expect(count(`SELECT COUNT(*) AS n FROM outbox`)).toBe(0);
    expect(count(`SELECT COUNT(*) AS n FROM documents WHERE type = 'supplier_payment'`)).toBeGreaterThan(0);
    expect(count(`SELECT COUNT(*) AS n FROM on_hand WHERE qty < 0`)).toBe(0);
    expect(ledgerViolations(core.db)).toEqual([]);
  });

  it('pays rent, wages and utilities every month, and still makes a profit over the three months', async () => {
    const months = count(`SELECT COUNT(DISTINCT substr(business_date, 1, 7)) AS n FROM documents WHERE type = 'sale'`);
    const byCategory = (c: string) =>
      count(`SELECT COUNT(*) AS n FROM documents d JOIN expense_documents e ON e.document_id = d.id WHERE e.category = '${c}'`);
    // 90 days hold the 1st (rent), the 5th (wages) and the 10th (utilities) of at least two months.
    expect(byCategory('rent')).toBeGreaterThanOrEqual(months - 1);
    expect(byCategory('wages')).toBeGreaterThanOrEqual(months - 1);
    expect(byCategory('utilities')).toBeGreaterThanOrEqual(months - 1);
    // The wage advance on the 20th comes out of the drawer, in its closed shift.
    expect(count(`SELECT COUNT(*) AS n FROM documents WHERE type = 'expense' AND shift_id IS NOT NULL`)).toBeGreaterThan(0);
    const first = (core.db.raw.prepare(`SELECT MIN(business_date) AS d FROM documents`).get() as { d: string }).d;
    const last = (core.db.raw.prepare(`SELECT MAX(business_date) AS d FROM documents WHERE type = 'sale'`).get() as { d: string }).d;
    const pnl = unwrap(await (await as(core, 'bookkeeper'))('report.pnl', { from: first, to: last })).rows;
    const line = (l: string) => pnl.find((r) => r.line === l)!.amount as number;
    expect(line('expenses')).toBeLessThan(0);
    expect(line('net')).toBeGreaterThan(0);
  });

  it('sells more at the weekend than on a Monday', () => {
    const byWeekday = core.db.raw
      .prepare(`SELECT strftime('%w', business_date) AS wd, COUNT(*) AS n FROM documents WHERE type = 'sale' GROUP BY wd`)
      .all() as { wd: string; n: number }[];
    const n = (wd: string) => byWeekday.find((r) => r.wd === wd)!.n;
    expect(n('6')).toBeGreaterThan(n('1'));
  });

  it('shows on the owner’s dashboard', async () => {
    const owner = await as(core, 'owner');
    const d = unwrap(await owner('report.dashboard', { days: 30 }));
    expect(d.days).toHaveLength(30);
    expect(d.days.filter((x) => x.netRevenue > 0).length).toBeGreaterThanOrEqual(29);
    expect(d.topProducts.length).toBe(10);
    expect(d.stockValue).toBeGreaterThan(0);
    expect(d.margin).toBeGreaterThan(0);
  });
});
