import { inTransaction, type Db } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import * as q from '../../db/queries/suppliers';
import { actorOf, keep, type DomainHandlers } from '../api/handler';
import type { Supplier } from '../contract/catalog-types';
import type { suppliersApi } from '../contract/methods/suppliers';
import { fail } from '../errors';
import { backOfficeDate } from '../posting/dates';
import { paySupplier } from '../purchasing/payments';
import { cancelAndAnnounce } from './documents';

const out = (r: q.SupplierListRow): Supplier => ({
  id: r.id,
  name: r.name,
  taxId: r.taxId,
  phone: r.phone,
  email: r.email,
  contact: r.contact,
  address: r.address,
  paymentTermsDays: r.paymentTermsDays,
  leadTimeDays: r.leadTimeDays,
  note: r.note,
  archived: r.archived,
  products: r.products,
});

const supplierOut = (db: Db, id: number): Supplier => {
  const row = q.getSupplier(db, id) ?? fail('not_found', `supplier ${id} does not exist`);
  return out({ ...row!, products: q.supplierProductCount(db, id) });
};

export const supplierHandlers: DomainHandlers<typeof suppliersApi> = {
  'supplier.list': (svc, _ctx, input) => {
    const p = q.listSuppliers(svc.db, input);
    return { ...p, rows: p.rows.map(out) };
  },

  'supplier.get': (svc, _ctx, input) => supplierOut(svc.db, input.id),

  'supplier.pay': (svc, ctx, input) => {
    const date = backOfficeDate(svc.db, ctx.session!.permissions, input.businessDate);
    const r = paySupplier(svc.db, actorOf(ctx), input, date);
    if (!r.replayed) svc.events.emit({ type: 'doc.posted', id: r.id, docType: 'supplier_payment', number: r.number });
    return r;
  },

  'supplier.cancelPayment': (svc, ctx, input) => cancelAndAnnounce(svc, ctx, input, 'supplier_payment'),

  'supplier.upsert': (svc, ctx, input) => {
    const r = inTransaction(svc.db, () => {
      const before =
        input.id !== undefined ? (q.getSupplier(svc.db, input.id) ?? fail('not_found', `supplier ${input.id} does not exist`)) : undefined;
      const values: q.SupplierValues = {
        name: input.name,
        taxId: keep(input.taxId, before?.taxId ?? null),
        phone: keep(input.phone, before?.phone ?? null),
        email: keep(input.email, before?.email ?? null),
        contact: keep(input.contact, before?.contact ?? null),
        address: keep(input.address, before?.address ?? null),
        paymentTermsDays: input.paymentTermsDays ?? before?.paymentTermsDays ?? 0,
        leadTimeDays: keep(input.leadTimeDays, before?.leadTimeDays ?? null),
        note: keep(input.note, before?.note ?? null),
        archived: input.archived ?? before?.archived ?? false,
      };
      const named = q.supplierByName(svc.db, values.name);
      if (named && named.id !== before?.id) fail('duplicate', `a supplier named ${values.name} already exists`);
      const id = before ? before.id : q.insertSupplier(svc.db, values);
      if (before) q.updateSupplier(svc.db, id, values);
      appendAudit(svc.db, {
        userId: actorOf(ctx).userId,
        action: before ? 'supplier.update' : 'supplier.create',
        entity: 'supplier',
        entityId: id,
        data: values,
      });
      return supplierOut(svc.db, id);
    });
    svc.events.emit({ type: 'catalog.changed', productId: null });
    return r;
  },
};
