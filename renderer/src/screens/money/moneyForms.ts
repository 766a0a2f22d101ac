// The Money screen's forms: the fields as typed, the contract's own rules over them (expense.post's and supplier.pay's
// field schemas, reached through the text a person types), so the screen refuses exactly what the API would.
import { z } from 'zod';
import { expenseFields, needsNote } from '../../../../core/contract/methods/expenses';
import { supplierPayInput } from '../../../../core/contract/methods/suppliers';

/** A message the form shows through errorText: a translation key, chosen at render time in the user's language. */
const msg = (key: string) => JSON.stringify({ key });

function amountText(parseMoney: (s: string) => number | null) {
  return z.string().transform((s, ctx): number => {
    const n = s.trim() ? parseMoney(s.trim()) : null;
    if (n === null) {
      ctx.addIssue({ code: 'custom', message: msg(s.trim() ? 'money.badMoney' : 'form.required') });
      return z.NEVER;
    }
    return n;
  });
}
const optionalText = z.string().transform((s) => s.trim() || undefined);

export function expenseForm(parseMoney: (s: string) => number | null) {
  const rule = expenseFields.shape;
  return z
    .object({
      category: rule.category,
      amount: amountText(parseMoney).pipe(rule.amount),
      method: rule.method,
      businessDate: optionalText.pipe(rule.businessDate),
      note: optionalText.pipe(rule.note),
    })
    .refine(needsNote, { message: msg('money.noteNeeded'), path: ['note'] });
}
export type ExpenseFormValues = z.input<ReturnType<typeof expenseForm>>;
export const emptyExpense: ExpenseFormValues = { category: 'rent', amount: '', method: 'bank', businessDate: '', note: '' };

export function payForm(parseMoney: (s: string) => number | null) {
  const rule = supplierPayInput.shape;
  return z.object({
    supplierId: z
      .string()
      .transform((s) => (s ? Number(s) : undefined))
      .pipe(rule.supplierId),
    amount: amountText(parseMoney).pipe(rule.amount),
    method: rule.method,
    businessDate: optionalText.pipe(rule.businessDate),
    note: optionalText.pipe(rule.note),
  });
}
export type PayFormValues = z.input<ReturnType<typeof payForm>>;
export const emptyPay: PayFormValues = { supplierId: '', amount: '', method: 'bank', businessDate: '', note: '' };
