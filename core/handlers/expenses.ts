import { listMoneyOut } from '../../db/queries/expenses';
import { actorOf, type DomainHandlers } from '../api/handler';
import type { expensesApi } from '../contract/methods/expenses';
import { postExpense } from '../expenses/post';
import { cancelAndAnnounce } from './documents';
import { fail } from '../errors';
import { backOfficeDate, shopToday } from '../posting/dates';

export const expenseHandlers: DomainHandlers<typeof expensesApi> = {
  'expense.post': (svc, ctx, input) => {
    const date = backOfficeDate(svc.db, ctx.session!.permissions, input.businessDate);
    // The drawer's cash leaves it now, in the shift open now: a day gone by is paid from the bank or not at all.
    if (input.method === 'cash' && date !== shopToday(svc.db))
      fail('validation', `cash from the drawer is paid today; an expense dated ${date} is paid from the bank`);
    const r = postExpense(svc.db, actorOf(ctx), input, date);
    if (!r.replayed) svc.events.emit({ type: 'doc.posted', id: r.id, docType: 'expense', number: r.number });
    return r;
  },

  'expense.cancel': (svc, ctx, input) => cancelAndAnnounce(svc, ctx, input, 'expense'),

  'expense.list': (svc, _ctx, input) => {
    const rows = listMoneyOut(svc.db, input);
    return { rows, total: rows.reduce((s, r) => s + r.amount, 0) };
  },
};
