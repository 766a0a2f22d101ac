import { inTransaction } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import * as docs from '../../db/queries/documents';
import { addDays } from '../../db/queries/reports/shares';
import { getLocation, insertLocation, listLocations, locationByName, updateLocation } from '../../db/queries/people';
import { productsHeldAt, stockByLocation, transfersInTransit } from '../../db/queries/stock-views';
import { actorOf, type DomainHandlers, type Services } from '../api/handler';
import type { stockApi } from '../contract/methods/stock';
import type { LocationAdmin, NegativeStockRow } from '../contract/stock-types';
import { fail } from '../errors';
import { backOfficeDate, shopToday } from '../posting/dates';
import { receiveTransfer } from '../posting/transfers';
import { setting } from '../settings';
import { suggestReorder } from '../stock/reorder';

function locationView(svc: Services, id: number): LocationAdmin {
  const l = getLocation(svc.db, id);
  if (!l || l.kind === 'transit') return fail('not_found', `location ${id} does not exist`);
  return { id: l.id, name: l.name, kind: l.kind, active: l.active };
}

function uniqueName(svc: Services, name: string, self?: number): void {
  const other = locationByName(svc.db, name);
  if (other && other.id !== self) fail('duplicate', `a location is already called ${name}`);
}

/** The first day of a period of `days` days ending today (today included). */
function periodStart(today: string, days: number): string {
  return addDays(today, -(days - 1));
}

export const stockHandlers: DomainHandlers<typeof stockApi> = {
  'stock.byLocation': (svc, _ctx, input) => stockByLocation(svc.db, input.productId),

  'location.all': (svc) => listLocations(svc.db, true),

  'location.create': (svc, ctx, input) =>
    inTransaction(svc.db, () => {
      uniqueName(svc, input.name);
      const id = insertLocation(svc.db, input.name, input.kind);
      appendAudit(svc.db, { userId: actorOf(ctx).userId, action: 'location.create', entity: 'location', entityId: id, data: input });
      return locationView(svc, id);
    }),

  'location.update': (svc, ctx, input) =>
    inTransaction(svc.db, () => {
      const before = locationView(svc, input.id);
      const after = { name: input.name ?? before.name, kind: input.kind ?? before.kind, active: input.active ?? before.active };
      uniqueName(svc, after.name, before.id);
      if (before.active && !after.active) {
        if (before.id === setting(svc.db, 'defaultLocationId'))
          fail('invalid_state', `${before.name} is the till's location and stays open`);
        const held = productsHeldAt(svc.db, before.id);
        if (held > 0) fail('invalid_state', `${before.name} still holds stock of ${held} products: move or write it off first`);
      }
      updateLocation(svc.db, before.id, after);
      appendAudit(svc.db, {
        userId: actorOf(ctx).userId,
        action: 'location.update',
        entity: 'location',
        entityId: before.id,
        data: { from: before, to: after },
      });
      return locationView(svc, before.id);
    }),

  'transfer.inTransit': (svc) =>
    transfersInTransit(svc.db).map((t) => ({
      ...t,
      lines: docs.linesWithNames(svc.db, t.id).map((l) => ({
        lineId: l.id,
        productId: l.productId,
        productName: l.productName,
        unit: l.unit,
        qty: l.qty,
        costAmount: l.costAmount,
      })),
    })),

  'transfer.receive': (svc, ctx, input) => {
    const businessDate = input.businessDate && backOfficeDate(svc.db, ctx.session!.permissions, input.businessDate);
    const r = receiveTransfer(svc.db, actorOf(ctx), { ...input, businessDate: businessDate || undefined });
    if (!r.replayed) svc.events.emit({ type: 'doc.posted', id: r.id, docType: 'transfer_in', number: r.number });
    return r;
  },

  'report.negativeStock': async (svc, _ctx, input) => {
    const rows = (await svc.reader.run('stock.wentNegative', {
      ...input.filters,
      beforeId: input.cursor?.id,
      limit: input.limit + 1,
    })) as NegativeStockRow[];
    const kept = rows.slice(0, input.limit);
    const last = kept[kept.length - 1];
    return { rows: kept, nextCursor: rows.length > input.limit && last ? { key: last.id, id: last.id } : null, count: null };
  },

  'reorder.suggest': async (svc, _ctx, input) => {
    const since = periodStart(shopToday(svc.db), input.days);
    const candidates = await svc.reader.run('stock.reorderCandidates', { since, locationId: input.locationId });
    return suggestReorder(candidates, input);
  },
};
