/**
 * Expenses by business day, category and tender, for the P&L and the cash flow. Like every money report, each
 * expense dated in the period counts whatever its status; a reversal's (negative) payment counts on its own day, in
 * the category of the expense it reverses.
 */
import type { Db } from '../../connection';
import type { Period } from './shares';

export const EXPENSE_LINES = ['rent', 'wages', 'utilities', 'other'] as const;
export type ExpenseLine = (typeof EXPENSE_LINES)[number];

export interface ExpenseSum {
  day: string;
  category: ExpenseLine;
  method: 'cash' | 'bank';
  amount: number;
}

export function expenseSums(db: Db, p: Period): ExpenseSum[] {
  return db.raw
    .prepare(
      `SELECT d.business_date AS day, COALESCE(e.category, eo.category) AS category, pay.method, SUM(pay.amount) AS amount
       FROM documents d INDEXED BY documents_type_business_date_idx JOIN payments pay ON pay.document_id = d.id
       LEFT JOIN expense_documents e ON e.document_id = d.id
       LEFT JOIN expense_documents eo ON eo.document_id = d.reversal_of
       WHERE d.type = 'expense' AND d.business_date BETWEEN @from AND @to
       GROUP BY 1, 2, 3`,
    )
    .all({ from: p.from, to: p.to }) as ExpenseSum[];
}

/** The period's expenses per category, and their total. */
export function expenseTotals(db: Db, p: Period): Record<ExpenseLine | 'total', number> {
  const t = { rent: 0, wages: 0, utilities: 0, other: 0, total: 0 };
  for (const s of expenseSums(db, p)) {
    t[s.category] += s.amount;
    t.total += s.amount;
  }
  return t;
}
