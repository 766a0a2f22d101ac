import { z } from 'zod';
import { returns, type DomainSpec } from '../method';
import { businessDate, id, money, uuid } from '../primitives';
import { docCancelInput } from '../schemas';
import type { PostResult } from '../types';

/** What the shop spends money on besides goods; 'other' needs a note saying what. */
export const EXPENSE_CATEGORIES = ['rent', 'wages', 'utilities', 'other'] as const;
export type ExpenseCategory = (typeof EXPENSE_CATEGORIES)[number];

/** The fields of an expense, shared by the API and the renderer's form (one set of rules). */
export const expenseFields = z.object({
  category: z.enum(EXPENSE_CATEGORIES),
  amount: money.refine((n) => n > 0, 'an expense is more than zero'),
  /** cash: taken from the drawer of the location's open shift (a cash out in its Z report); bank: from the account. */
  method: z.enum(['cash', 'bank']),
  /** The day it belongs to; before today needs doc.backdate. */
  businessDate: businessDate.optional(),
  note: z.string().trim().max(500).optional(),
});

/** 'other' says what it was. */
export const needsNote = (v: { category: ExpenseCategory; note?: string }): boolean => v.category !== 'other' || !!v.note?.trim();
export const NOTE_ISSUE = { message: "an 'other' expense needs a note saying what it was", path: ['note'] };

/**
 * An expense: a document of its own kind (expense), posted through the ledger's engine with one payment row and no
 * stock lines, audited, corrected by doc.cancel (the reversal, dated the day it is cancelled).
 */
export const expensePostInput = expenseFields.extend({ uuid, locationId: id.optional() }).strict().refine(needsNote, NOTE_ISSUE);

/** The back office's money out in a period: expenses, or payments to suppliers; reversals included, negative. */
export const expenseListInput = z
  .object({
    from: businessDate,
    to: businessDate,
    type: z.enum(['expense', 'supplier_payment']).default('expense'),
  })
  .strict()
  .refine((p) => p.from <= p.to, { message: 'the period ends before it starts', path: ['to'] });

export interface MoneyOutRow {
  id: number;
  number: string;
  type: 'expense' | 'supplier_payment';
  businessDate: string;
  /** An expense's category (a reversal's: its original's); null for a supplier payment. */
  category: ExpenseCategory | null;
  supplierId: number | null;
  supplierName: string | null;
  method: 'cash' | 'bank';
  /** Negative on a reversal. */
  amount: number;
  note: string | null;
  status: 'posted' | 'cancelled';
  reversalOf: number | null;
  authorName: string;
  postedAt: string;
}

export interface MoneyOutList {
  rows: MoneyOutRow[];
  total: number;
}

/** Expenses (rent, wages, utilities, other) and the list of money paid out. */
export const expensesApi = {
  'expense.post': { input: expensePostInput, output: returns<PostResult>(), access: 'expense.post' },
  'expense.list': { input: expenseListInput, output: returns<MoneyOutList>(), access: 'report.view' },
  /** Whoever enters expenses corrects them: the reversal of an expense (and its drawer cash) is posted today. */
  'expense.cancel': { input: docCancelInput, output: returns<PostResult>(), access: 'expense.post' },
} as const satisfies DomainSpec;
