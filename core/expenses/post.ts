/**
 * Recording an expense: an expense document through the ledger's one engine (header, one payment row, the audit,
 * the period lock), its category in expense_documents in the same transaction, as a supplier payment names its
 * supplier. It moves no stock. Paid in cash it comes out of the drawer of the location's open shift (its Z report
 * counts it as cash out); from the bank it needs none. Cancelling it (doc.cancel) posts the reversal.
 */
import { inTransaction, type Db } from '../../db/connection';
import { insertExpenseDocument } from '../../db/queries/expenses';
import type { ApiParsed } from '../contract/api';
import type { PostResult } from '../contract/types';
import { activeLocation } from '../counter/context';
import { requireOpenShift, shiftReport } from '../counter/shifts';
import { fail } from '../errors';
import { replay, requestHash, writeDocument, type Actor, type DocPart } from '../posting/engine';
import { setting } from '../settings';

/**
 * The drawer's part of a cash expense (or of its reversal, negative: the money goes back into the drawer): the shift
 * open at the location, asked first thing in the posting transaction; with none open, nothing is written.
 */
export const drawerPart = (amount: number): DocPart => ({
  columns: (db, d) => {
    const shift = requireOpenShift(db, d.locationId);
    const inDrawer = shiftReport(db, shift, 'X', null).expectedCash;
    if (amount > inDrawer) fail('invalid_state', `the drawer should hold ${inDrawer}; cannot pay ${amount} from it`);
    return { header: { shiftId: shift.id }, lines: [] };
  },
});

/** businessDate: the day allowed for it (the handler's rules); omitted, today. */
export function postExpense(db: Db, actor: Actor, input: ApiParsed<'expense.post'>, businessDate?: string): PostResult {
  const hash = requestHash(input);
  return inTransaction(db, () => {
    const again = replay(db, input.uuid, hash, () => 0);
    if (again) return again;
    const result = writeDocument(db, actor, {
      type: 'expense',
      uuid: input.uuid,
      requestHash: hash,
      locationId: activeLocation(db, input.locationId ?? setting(db, 'defaultLocationId')),
      note: input.note || null,
      lines: [],
      payments: [{ method: input.method, amount: input.amount }],
      change: 0,
      businessDate,
      part: input.method === 'cash' ? drawerPart(input.amount) : undefined,
    });
    insertExpenseDocument(db, result.id, input.category);
    return result;
  });
}
