import { inTransaction } from '../../db/connection';
import { nowIso } from '../../db/prepared';
import { appendAudit } from '../../db/queries/audit';
import * as q from '../../db/queries/purchasing';
import { actorOf, keep, type CallContext, type DomainHandlers, type Services } from '../api/handler';
import type { purchasingApi } from '../contract/methods/purchasing';
import type { PurchaseOrder } from '../contract/purchasing-types';
import { activeLocation } from '../counter/context';
import { createDraft } from '../drafts/drafts';
import { fail } from '../errors';
import { activeSupplier, editableOrder, orderLinesOf, orderRow, orderView } from '../purchasing/orders';
import { loadSettings } from '../settings';

/** A change to an order, audited: an order commits the shop's money with a supplier. */
function change(
  svc: Services,
  ctx: CallContext,
  id: number,
  action: string,
  fn: (o: q.OrderRow, at: string) => Record<string, unknown>,
): PurchaseOrder {
  return inTransaction(svc.db, () => {
    const o = orderRow(svc.db, id);
    const at = nowIso();
    const data = fn(o, at);
    appendAudit(svc.db, {
      userId: actorOf(ctx).userId,
      action,
      entity: 'purchase_order',
      entityId: o.id,
      data: { number: o.number, ...data },
    });
    return orderView(svc.db, o.id);
  });
}

export const purchasingHandlers: DomainHandlers<typeof purchasingApi> = {
  'purchase.create': (svc, ctx, input) =>
    inTransaction(svc.db, () => {
      // The same uuid again (a double click, a retried request) is the order already made.
      const same = q.orderByUuid(svc.db, input.uuid);
      if (same) return orderView(svc.db, same.id);
      activeSupplier(svc.db, input.supplierId);
      const locationId = activeLocation(svc.db, input.locationId ?? loadSettings(svc.db).defaultLocationId);
      const lines = orderLinesOf(svc.db, input.lines);
      const at = nowIso();
      const userId = actorOf(ctx).userId;
      const number = q.nextOrderNumber(svc.db);
      const id = q.insertOrder(svc.db, {
        uuid: input.uuid,
        number,
        supplierId: input.supplierId,
        locationId,
        expectedDate: input.expectedDate,
        note: input.note,
        state: 'draft',
        authorId: userId,
        createdAt: at,
        updatedAt: at,
      });
      q.replaceOrderLines(svc.db, id, lines);
      appendAudit(svc.db, {
        userId,
        action: 'purchase.create',
        entity: 'purchase_order',
        entityId: id,
        data: { number, supplierId: input.supplierId, locationId, lines },
      });
      return orderView(svc.db, id);
    }),

  'purchase.update': (svc, ctx, input) =>
    change(svc, ctx, input.id, 'purchase.update', (o, at) => {
      if (o.state === 'closed' || o.state === 'cancelled') fail('invalid_state', `${o.number} is ${o.state} and can no longer change`);
      const moves =
        (input.supplierId !== undefined && input.supplierId !== o.supplierId) ||
        (input.locationId !== undefined && input.locationId !== o.locationId);
      if (moves) editableOrder(svc.db, o.id);
      if (input.supplierId !== undefined) activeSupplier(svc.db, input.supplierId);
      const header: q.OrderHeader = {
        supplierId: input.supplierId ?? o.supplierId,
        locationId: input.locationId === undefined ? o.locationId : activeLocation(svc.db, input.locationId),
        expectedDate: keep(input.expectedDate, o.expectedDate),
        note: keep(input.note, o.note),
      };
      q.updateOrder(svc.db, o.id, { ...header, updatedAt: at });
      return header;
    }),

  'purchase.setLines': (svc, ctx, input) =>
    change(svc, ctx, input.id, 'purchase.setLines', (o, at) => {
      editableOrder(svc.db, o.id);
      const lines = orderLinesOf(svc.db, input.lines);
      q.replaceOrderLines(svc.db, o.id, lines);
      q.updateOrder(svc.db, o.id, { updatedAt: at });
      return { lines };
    }),

  'purchase.get': (svc, _ctx, input) => orderView(svc.db, input.id),

  'purchase.list': (svc, _ctx, input) => {
    const rows = q.listOrders(svc.db, { ...input.filters, cursor: input.cursor, limit: input.limit + 1 });
    const kept = rows.slice(0, input.limit);
    return { rows: kept, nextCursor: rows.length > input.limit ? kept[kept.length - 1]!.id : null };
  },

  'purchase.send': (svc, ctx, input) =>
    change(svc, ctx, input.id, 'purchase.send', (o, at) => {
      if (o.state !== 'draft') fail('invalid_state', `${o.number} is ${o.state}, only a draft order is sent`);
      if (q.orderLines(svc.db, o.id).length === 0) fail('validation', `${o.number} has no lines`);
      activeSupplier(svc.db, o.supplierId);
      q.updateOrder(svc.db, o.id, { state: 'sent', sentAt: at, updatedAt: at });
      return {};
    }),

  /** Stops waiting for what is still due; what came stays received. */
  'purchase.close': (svc, ctx, input) =>
    change(svc, ctx, input.id, 'purchase.close', (o, at) => {
      if (o.state !== 'sent') fail('invalid_state', `${o.number} is ${o.state}, only a sent order is closed`);
      const due = q.orderLines(svc.db, o.id).map((l) => ({ productId: l.productId, due: Math.max(0, l.qty - l.received) }));
      q.updateOrder(svc.db, o.id, { state: 'closed', closedAt: at, updatedAt: at });
      return { due: due.filter((d) => d.due > 0) };
    }),

  /** An order nothing was received against; once goods came, it is closed instead. */
  'purchase.cancel': (svc, ctx, input) =>
    change(svc, ctx, input.id, 'purchase.cancel', (o, at) => {
      editableOrder(svc.db, o.id);
      q.updateOrder(svc.db, o.id, { state: 'cancelled', closedAt: at, updatedAt: at });
      return { from: o.state };
    }),

  'purchase.receiveDraft': (svc, ctx, input) =>
    inTransaction(svc.db, () => {
      const o = orderRow(svc.db, input.id);
      if (o.state !== 'sent') fail('invalid_state', `${o.number} is ${o.state === 'draft' ? 'not sent yet' : o.state}: nothing is due`);
      const lines = q
        .orderLines(svc.db, o.id)
        .filter((l) => l.qty > l.received)
        .map((l) => ({ productId: l.productId, qty: l.qty - l.received, unitCost: l.unitCost }));
      if (lines.length === 0) fail('invalid_state', `nothing is still due on ${o.number}`);
      return createDraft(svc.db, ctx, {
        uuid: input.uuid,
        type: 'receipt',
        locationId: o.locationId,
        toLocationId: null,
        businessDate: null,
        note: o.number,
        extra: { supplierId: o.supplierId, orderId: o.id },
        lines,
      });
    }),
};
