import * as docs from '../../db/queries/documents';
import { listSales, listStock } from '../../db/queries/lists';
import { listMovements } from '../../db/queries/stock';
import { actorOf, type HandlerMap, type Services } from '../api/handler';
import type { DocType, PostResult } from '../contract/types';
import { fail } from '../errors';
import { cancelDocument, replay, requestHash, writeDocument } from '../posting/engine';
import { prepareSale, prepareStockDoc, settle } from '../posting/prepare';
import { inTransaction } from '../../db/connection';
import { loadSettings } from '../settings';

function announce(svc: Services, r: PostResult, docType: DocType): PostResult {
  if (!r.replayed) svc.events.emit({ type: 'doc.posted', id: r.id, docType, number: r.number });
  return r;
}

export const documentHandlers: HandlerMap<'sale.post' | 'sale.list' | 'doc.get' | 'doc.post' | 'doc.cancel' | 'stock.onHand' | 'stock.movements'> = {
  'sale.post': (svc, ctx, input) => {
    const hash = requestHash(input);
    const r = inTransaction(svc.db, () => {
      const again = replay(svc.db, input.uuid, hash, () => settle(docs.findDocumentByUuid(svc.db, input.uuid)!.total, input.payments).change);
      if (again) return again;
      const locationId = input.locationId ?? loadSettings(svc.db).defaultLocationId;
      return writeDocument(svc.db, actorOf(ctx), prepareSale(svc.db, input, locationId, hash));
    });
    return announce(svc, r, 'sale');
  },
  'sale.list': (svc, _ctx, input) => listSales(svc.db, { types: ['sale', 'return'], ...input }),
  'doc.get': (svc, _ctx, input) => {
    const d = docs.documentSummary(svc.db, input.id) ?? fail('not_found', `document ${input.id} does not exist`);
    const row = docs.findDocument(svc.db, input.id)!;
    return { ...d!, toLocationId: row.toLocationId, note: row.note, lines: docs.linesWithNames(svc.db, input.id), payments: docs.paymentsOf(svc.db, input.id) };
  },
  'doc.post': (svc, ctx, input) => {
    const hash = requestHash(input);
    const r = inTransaction(svc.db, () => replay(svc.db, input.uuid, hash, () => 0) ?? writeDocument(svc.db, actorOf(ctx), prepareStockDoc(svc.db, input, hash)));
    return announce(svc, r, input.type);
  },
  'doc.cancel': (svc, ctx, input) => {
    const r = cancelDocument(svc.db, actorOf(ctx), input);
    if (!r.replayed) svc.events.emit({ type: 'doc.cancelled', id: input.id });
    return r;
  },
  'stock.onHand': (svc, _ctx, input) => {
    const page = listStock(svc.db, input);
    return { ...page, rows: page.rows.map(({ id, ...r }) => ({ productId: id, ...r })) };
  },
  'stock.movements': (svc, _ctx, input) => listMovements(svc.db, input.productId, input.limit),
};
