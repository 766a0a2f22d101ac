import { inTransaction } from '../../../db/connection';
import { saleByNumber, searchSaleIds } from '../../../db/queries/counter/reports';
import * as docs from '../../../db/queries/documents';
import { actorOf, type DomainHandlers } from '../../api/handler';
import { requirePermission } from '../../auth/approval';
import type { PostResult } from '../../contract/types';
import { counterLocation } from '../../counter/context';
import { normalizeReceiptCode, receiptForReturn, receiptSearchTerm } from '../../counter/receipts';
import { fail } from '../../errors';
import { replay, requestHash } from '../../posting/engine';
import { noReceiptLines, postNoReceiptReturn, postSaleReturn } from '../../posting/returns';
import { priceOverrides } from '../../posting/sale-lines';
import type { returnsApi } from '../../contract/methods/returns';

export const returnHandlers: DomainHandlers<typeof returnsApi> = {
  'receipt.find': (svc, _ctx, input) => {
    const number = normalizeReceiptCode(input.code);
    const sale = saleByNumber(svc.db, number) ?? fail('not_found', `no sale ${number}`);
    return receiptForReturn(svc.db, sale!.id);
  },

  'receipt.search': (svc, _ctx, input) => {
    const q = receiptSearchTerm(input.q);
    return searchSaleIds(svc.db, q === '' ? 'S-' : q, input.limit).map((id) => docs.documentSummary(svc.db, id)!);
  },

  'return.post': (svc, ctx, input) => {
    const userId = actorOf(ctx).userId;
    const hash = requestHash(input.kind === 'no_receipt' ? { ...input, approval: undefined } : input);
    const locationId = counterLocation(svc.db);
    // A replay needs no second approval: answer it before asking for one.
    const earlier = docs.findDocumentByUuid(svc.db, input.uuid);
    const approvedBy = { return: null as number | null, price: null as number | null };
    if (input.kind === 'no_receipt' && !earlier) {
      // Lines a manager could not approve anyway (an unknown product, a fraction of a piece) are refused first.
      const lines = noReceiptLines(svc.db, input.lines);
      approvedBy.return = requirePermission(svc, ctx, 'return.no_receipt', 'return.post', input.approval, {
        lines: input.lines,
        reason: input.reason,
      });
      // Refunding more than the list price is a loss like selling below it: it needs price.override as well.
      const above = priceOverrides(lines).filter((o) => o.price > o.catalogPrice);
      if (above.length)
        approvedBy.price = requirePermission(svc, ctx, 'price.override', 'return.post', input.approval, {
          lines: above,
          reason: input.reason,
        });
    }
    const r: PostResult = inTransaction(svc.db, () => {
      const again = replay(svc.db, input.uuid, hash, () => 0);
      if (again) return again;
      if (input.kind === 'receipt')
        return postSaleReturn(svc.db, { userId }, input, { uuid: input.uuid, requestHash: hash, note: null }, locationId);
      return postNoReceiptReturn(svc.db, { userId }, input, hash, locationId, approvedBy);
    });
    if (!r.replayed) {
      svc.devices?.outboxChanged();
      svc.events.emit({ type: 'doc.posted', id: r.id, docType: 'return', number: r.number });
    }
    return r;
  },
};
