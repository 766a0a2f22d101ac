import { inTransaction } from '../../db/connection';
import * as docs from '../../db/queries/documents';
import { listSales, listStock } from '../../db/queries/lists';
import { actorOf, type CallContext, type DomainHandlers, type Services } from '../api/handler';
import { requirePermission } from '../auth/approval';
import type { DocType, PostResult } from '../contract/types';
import { docOf } from '../counter/receipts';
import { cancelDocument } from '../posting/cancel';
import { replay, requestHash, writeDocument } from '../posting/engine';
import { postStockDoc, prepareSale, saleItems, settle } from '../posting/prepare';
import { postSaleReturn } from '../posting/returns';
import { auditPriceOverrides, priceOverrides, priceSale } from '../posting/sale-lines';
import { backOfficeDate } from '../posting/dates';
import { setting } from '../settings';
import { movementHistory } from '../stock/history';
import type { documentsApi } from '../contract/methods/documents';

/**
 * Every cancel method's one body: the reversal through the one cancel path (only of `onlyKind` when the method's right
 * is narrower than doc.cancel), then the event, once, not on a replay.
 */
export function cancelAndAnnounce(
  svc: Services,
  ctx: CallContext,
  input: { id: number; uuid: string; reason: string },
  onlyKind?: DocType,
): PostResult {
  const r = cancelDocument(svc.db, actorOf(ctx), input, onlyKind);
  if (!r.replayed) svc.events.emit({ type: 'doc.cancelled', id: input.id });
  return r;
}

function announce(svc: Services, r: PostResult, docType: DocType): PostResult {
  if (!r.replayed) svc.events.emit({ type: 'doc.posted', id: r.id, docType, number: r.number });
  return r;
}

export const documentHandlers: DomainHandlers<typeof documentsApi> = {
  /**
   * A sale in one call, priced as the counter prices a cart. A line priced off the list needs price.override, the
   * caller's own or a manager's approval, asked before the transaction as cart.setPrice does (a replay asks none).
   */
  'sale.post': (svc, ctx, input) => {
    const userId = actorOf(ctx).userId;
    const hash = requestHash({ ...input, approval: undefined });
    // Only a line that names its price can be off the list; a replay is answered from the first post.
    const named = input.lines.some((l) => l.price !== undefined) && !docs.findDocumentByUuid(svc.db, input.uuid);
    const offList = named ? priceOverrides(priceSale(saleItems(svc.db, input.lines)).lines) : [];
    const approvedBy = offList.length
      ? requirePermission(svc, ctx, 'price.override', 'sale.post', input.approval, { lines: offList })
      : null;
    const r = inTransaction(svc.db, () => {
      const again = replay(
        svc.db,
        input.uuid,
        hash,
        () => settle(docs.findDocumentByUuid(svc.db, input.uuid)!.total, input.payments).change,
      );
      if (again) return again;
      const locationId = input.locationId ?? setting(svc.db, 'defaultLocationId');
      const prepared = prepareSale(svc.db, input, locationId, hash);
      const result = writeDocument(svc.db, { userId }, prepared);
      auditPriceOverrides(svc.db, userId, 'sale', result.id, priceOverrides(prepared.lines), approvedBy);
      return result;
    });
    return announce(svc, r, 'sale');
  },
  'sale.list': (svc, _ctx, input) => listSales(svc.db, { types: ['sale', 'return'], ...input }),
  'doc.get': (svc, _ctx, input) => docOf(svc.db, input.id),
  /** Stock documents; a return is posted as return.post posts one (in the open shift of the sale's location). */
  'doc.post': (svc, ctx, input) => {
    const hash = requestHash(input);
    const actor = actorOf(ctx);
    const r = inTransaction(svc.db, () => {
      const again = replay(svc.db, input.uuid, hash, () => 0);
      if (again) return again;
      // A return is a counter document, posted as return.post posts one: always today. The others may be dated
      // (back-dating needs doc.backdate).
      if (input.type === 'return')
        return postSaleReturn(svc.db, actor, input, { uuid: input.uuid, requestHash: hash, note: input.note ?? null });
      const businessDate = backOfficeDate(svc.db, ctx.session!.permissions, input.businessDate);
      return postStockDoc(svc.db, actor, input, hash, businessDate);
    });
    if (input.type === 'return' && !r.replayed) svc.devices?.outboxChanged();
    return announce(svc, r, input.type);
  },
  'doc.cancel': (svc, ctx, input) => cancelAndAnnounce(svc, ctx, input),
  'stock.onHand': (svc, _ctx, input) => {
    const page = listStock(svc.db, input);
    return { ...page, rows: page.rows.map(({ id, ...r }) => ({ productId: id, ...r })) };
  },
  'stock.movements': (svc, _ctx, input) => movementHistory(svc.db, input),
};
