/**
 * The demo shop's running costs, through the one path an expense takes (postExpense): rent on the 1st and
 * utilities on the 10th from the bank, wages on the 5th from the bank and an advance on the 20th in cash from the
 * drawer (when the day's takings cover it). Amounts vary a little month to month, as real bills do.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connection';
import type { ExpenseCategory } from '../contract/methods/expenses';
import { postExpense } from '../expenses/post';
import type { Actor } from '../posting/engine';

const RENT = 4_500_000;
const WAGES = 6_000_000;
const ADVANCE = 500_000;
const UTILITIES = 650_000;

/** Posts the day's expenses, if any; returns the cash taken out of the drawer. */
export function payExpenses(db: Db, actor: Actor, locationId: number, day: string, drawer: number, rand: () => number): number {
  const date = Number(day.slice(8, 10));
  const pay = (category: ExpenseCategory, amount: number, method: 'cash' | 'bank', note: string) =>
    postExpense(db, actor, { uuid: randomUUID(), locationId, category, amount, method, note }, day);
  if (date === 1) pay('rent', RENT, 'bank', 'Rent for the month');
  if (date === 5) pay('wages', WAGES, 'bank', 'Wages');
  if (date === 10) pay('utilities', UTILITIES + Math.round(rand() * 200) * 1000, 'bank', 'Electricity and water');
  if (date === 20 && drawer >= ADVANCE) {
    pay('wages', ADVANCE, 'cash', 'Wage advance');
    return ADVANCE;
  }
  return 0;
}
