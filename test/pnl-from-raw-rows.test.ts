/**
 * The P&L of a generated month (the demo's three months of trading, rent, wages and utilities) equals revenue −
 * discounts − returns − cost of goods − write-offs − count losses − expenses, worked out here from the raw rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, testCore, unwrap } from './helpers';

let core: ReturnType<typeof testCore>;
beforeAll(async () => {
  core = testCore({ demo: false });
  unwrap(await core.call({ session: null }, 'setup.demo', {}));
});
afterAll(() => core?.cleanup());

interface Raw {
  type: string;
  amount: number;
  discount: number;
  cost: number;
  reversal: number;
}

describe('the P&L of a generated month', () => {
  it('equals the figures worked out from the raw rows, expenses included', async () => {
    // The second month of the history is whole.
    const months = (
      core.db.raw.prepare(`SELECT DISTINCT substr(business_date, 1, 7) AS m FROM documents WHERE type = 'sale' ORDER BY m`).all() as {
        m: string;
      }[]
    ).map((r) => r.m);
    const month = months[1]!;
    const from = `${month}-01`;
    const to = `${month}-${new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate()}`;
    const lines = core.db.raw
      .prepare(
        `SELECT d.type, l.amount, l.discount, l.cost_amount AS cost, d.reversal_of IS NOT NULL AS reversal
         FROM document_lines l JOIN documents d ON d.id = l.document_id WHERE d.business_date BETWEEN ? AND ?`,
      )
      .all(from, to) as Raw[];
    const sum = (type: string, f: (r: Raw) => number) => lines.filter((r) => r.type === type).reduce((s, r) => s + f(r), 0);
    const revenue = sum('sale', (r) => r.amount + r.discount);
    const discounts = sum('sale', (r) => r.discount);
    const returns = sum('return', (r) => r.amount);
    const cost = sum('sale', (r) => r.cost) - sum('return', (r) => r.cost);
    const writeoffs = sum('writeoff', (r) => r.cost);
    // A count's line cost is signed: a shortage takes value off, a surplus adds it.
    const countLoss = -sum('count', (r) => r.cost);
    const byCategory = Object.fromEntries(
      (
        core.db.raw
          .prepare(
            `SELECT COALESCE(e.category, eo.category) AS category, SUM(p.amount) AS amount
             FROM payments p JOIN documents d ON d.id = p.document_id
             LEFT JOIN expense_documents e ON e.document_id = d.id LEFT JOIN expense_documents eo ON eo.document_id = d.reversal_of
             WHERE d.type = 'expense' AND d.business_date BETWEEN ? AND ? GROUP BY 1`,
          )
          .all(from, to) as { category: string; amount: number }[]
      ).map((r) => [r.category, r.amount]),
    ) as Record<string, number>;
    const expenses = Object.values(byCategory).reduce((s, n) => s + n, 0);
    // The month has its rent, wages and utilities: the check is not over an empty set.
    expect(byCategory.rent).toBeGreaterThan(0);
    expect(byCategory.wages).toBeGreaterThan(0);
    expect(byCategory.utilities).toBeGreaterThan(0);
    expect(revenue).toBeGreaterThan(0);
    expect(writeoffs).toBeGreaterThan(0);

    const pnl = Object.fromEntries(
      unwrap(await (await as(core, 'bookkeeper'))('report.pnl', { from, to })).rows.map((r) => [r.line, r.amount as number]),
    );
    expect(pnl.grossSales).toBe(revenue);
    expect(pnl.discounts).toBe(-discounts);
    expect(pnl.returns).toBe(-returns);
    expect(pnl.cost).toBe(-cost);
    expect(pnl.writeoffs).toBe(-writeoffs);
    expect(pnl.shortages! + pnl.surpluses!).toBe(-countLoss);
    expect(pnl.expenseRent).toBe(-byCategory.rent!);
    expect(pnl.expenseWages).toBe(-byCategory.wages!);
    expect(pnl.expenseUtilities).toBe(-byCategory.utilities!);
    expect(pnl.expenses).toBe(-expenses);
    expect(pnl.net).toBe(revenue - discounts - returns - cost - writeoffs - countLoss - expenses);
  });
});
