/** Expenses and the money the back office paid out: an expense's category, the list of expenses or supplier payments. */
import type { Db } from '../connection';
import { expenseDocuments } from '../schema';

export type ExpenseCategoryValue = (typeof expenseDocuments.$inferInsert)['category'];

export function insertExpenseDocument(db: Db, documentId: number, category: ExpenseCategoryValue): void {
  db.orm.insert(expenseDocuments).values({ documentId, category }).run();
}

/** Cash paid out of a shift's drawer for expenses, net of reversals counted in that shift. */
export function shiftExpenseCash(db: Db, shiftId: number): number {
  return (
    db.raw
      .prepare(
        `SELECT COALESCE(SUM(p.amount), 0) AS n FROM documents d INDEXED BY documents_shift_idx JOIN payments p ON p.document_id = d.id
         WHERE d.shift_id = ? AND d.type = 'expense' AND p.method = 'cash'`,
      )
      .get(shiftId) as { n: number }
  ).n;
}

export interface MoneyOutDbRow {
  id: number;
  number: string;
  type: 'expense' | 'supplier_payment';
  businessDate: string;
  category: ExpenseCategoryValue | null;
  supplierId: number | null;
  supplierName: string | null;
  method: 'cash' | 'bank';
  amount: number;
  note: string | null;
  status: 'posted' | 'cancelled';
  reversalOf: number | null;
  authorName: string;
  postedAt: string;
}

/**
 * Expenses or supplier payments dated in a period, newest first, each with its one payment; a reversal is listed
 * on its own day with its original's category or supplier.
 */
export function listMoneyOut(db: Db, q: { from: string; to: string; type: 'expense' | 'supplier_payment' }): MoneyOutDbRow[] {
  return db.raw
    .prepare(
      `SELECT d.id, d.number, d.type, d.business_date AS businessDate, COALESCE(e.category, eo.category) AS category,
              COALESCE(sd.supplier_id, so.supplier_id) AS supplierId, s.name AS supplierName,
              pay.method, pay.amount, d.note, d.status, d.reversal_of AS reversalOf, u.name AS authorName, d.posted_at AS postedAt
       FROM documents d INDEXED BY documents_type_business_date_idx
       JOIN payments pay ON pay.document_id = d.id
       JOIN users u ON u.id = d.author_id
       LEFT JOIN expense_documents e ON e.document_id = d.id
       LEFT JOIN expense_documents eo ON eo.document_id = d.reversal_of
       LEFT JOIN supplier_documents sd ON sd.document_id = d.id
       LEFT JOIN supplier_documents so ON so.document_id = d.reversal_of
       LEFT JOIN suppliers s ON s.id = COALESCE(sd.supplier_id, so.supplier_id)
       WHERE d.type = @type AND d.business_date BETWEEN @from AND @to
       ORDER BY d.business_date DESC, d.id DESC`,
    )
    .all(q) as MoneyOutDbRow[];
}
