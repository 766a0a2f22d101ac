import { inTransaction } from '../../../db/connection';
import { nowIso } from '../../../db/prepared';
import { appendAudit } from '../../../db/queries/audit';
import { customerByPhone, getCustomer, insertCustomer, renameCustomer } from '../../../db/queries/counter/customers';
import { actorOf, type DomainHandlers } from '../../api/handler';
import { customerOut } from '../../counter/carts';
import type { customersApi } from '../../contract/methods/customers';

export const customerHandlers: DomainHandlers<typeof customersApi> = {
  'customer.find': (svc, _ctx, input) => {
    const c = customerByPhone(svc.db, input.phone);
    return c ? customerOut(svc.db, c) : null;
  },
  'customer.upsert': (svc, ctx, input) =>
    inTransaction(svc.db, () => {
      const userId = actorOf(ctx).userId;
      const at = nowIso();
      const before = customerByPhone(svc.db, input.phone);
      let id: number;
      if (before) {
        id = before.id;
        if (before.name !== input.name) renameCustomer(svc.db, id, input.name, at);
        appendAudit(svc.db, {
          userId,
          action: 'customer.update',
          entity: 'customer',
          entityId: id,
          data: { phone: input.phone, name: { from: before.name, to: input.name } },
        });
      } else {
        id = insertCustomer(svc.db, { phone: input.phone, name: input.name, at });
        appendAudit(svc.db, {
          userId,
          action: 'customer.create',
          entity: 'customer',
          entityId: id,
          data: { phone: input.phone, name: input.name },
        });
      }
      return customerOut(svc.db, getCustomer(svc.db, id)!);
    }),
};
