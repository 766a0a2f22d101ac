import { inTransaction } from '../../../db/connection';
import { appendAudit } from '../../../db/queries/audit';
import { saleByNumber, searchSaleIds } from '../../../db/queries/counter/reports';
import * as docs from '../../../db/queries/documents';
import { enqueue } from '../../../db/queries/outbox';
import { getProducts } from '../../../db/queries/products';
import { actorOf, type HandlerMap } from '../../api/handler';
import { requirePermission } from '../../auth/approval';
import type { PostResult } from '../../contract/types';
import { counterLocation } from '../../counter/context';
import { normalizeReceiptCode, receiptForReturn, receiptSearchTerm } from '../../counter/receipts';
import { requireOpenShift } from '../../counter/shifts';
import { fail } from '../../errors';
import { includedTax, lineAmount } from '../../money';
import { replay, requestHash, writeDocument, type PreparedLine } from '../../posting/engine';
import { prepareSaleReturn } from '../../posting/prepare';

export const returnHandlers: HandlerMap<'receipt.find' | 'receipt.search' | 'return.post'> = {
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
    const approvedBy =
      input.kind === 'no_receipt' && !earlier
        ? requirePermission(svc, ctx, 'return.no_receipt', 'return.post', input.approval, { lines: input.lines, reason: input.reason })
        : null;
    const r: PostResult = inTransaction(svc.db, () => {
      const again = replay(svc.db, input.uuid, hash, () => 0);
      if (again) return again;
      const shift = requireOpenShift(svc.db, locationId);
      let result: PostResult;
      if (input.kind === 'receipt') {
        const prepared = prepareSaleReturn(svc.db, input, { uuid: input.uuid, requestHash: hash, note: null }, locationId);
        result = writeDocument(svc.db, { userId }, { ...prepared, shiftId: shift.id });
      } else {
        const products = getProducts(svc.db, input.lines.map((l) => l.productId));
        const lines = input.lines.map<PreparedLine>((l) => {
          const p = products.get(l.productId) ?? fail('unknown_product', `product ${l.productId} does not exist`);
          const amount = lineAmount(l.price, l.qty);
          // Nothing to take the cost from: the goods come back at the product's last purchase cost.
          return { productId: p!.id, qty: l.qty, price: l.price, amount, taxRateBp: p!.taxRateBp, taxAmount: includedTax(amount, p!.taxRateBp), fallbackUnitCost: p!.cost, move: { kind: 'in', value: lineAmount(p!.cost, l.qty) }, catalogPrice: p!.price };
        });
        const total = lines.reduce((s, l) => s + l.amount, 0);
        result = writeDocument(svc.db, { userId }, { type: 'return', uuid: input.uuid, requestHash: hash, locationId, note: input.reason, lines, payments: total > 0 ? [{ method: 'cash', amount: total }] : [], change: 0, shiftId: shift.id });
        appendAudit(svc.db, { userId, action: 'return.no_receipt', entity: 'document', entityId: result.id, data: { number: result.number, amount: total, reason: input.reason, approvedBy } });
      }
      enqueue(svc.db, 'receipt.print', { docId: result.id });
      return result;
    });
    if (!r.replayed) {
      svc.devices?.outboxChanged();
      svc.events.emit({ type: 'doc.posted', id: r.id, docType: 'return', number: r.number });
    }
    return r;
  },
};
