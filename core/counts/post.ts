/**
 * Posting a count and its variance. Both go by count-variance.ts: each line's difference is counted - book at the
 * moment the item was counted, so sales and returns while the shop kept trading stay as they were posted.
 */
import { inTransaction } from '../../db/connection';
import { nowIso } from '../../db/prepared';
import { appendAudit } from '../../db/queries/audit';
import * as q from '../../db/queries/counts';
import * as docs from '../../db/queries/documents';
import { actorOf, type CallContext, type Services } from '../api/handler';
import type { CountPostResult, CountVariance, CountVarianceLine } from '../contract/count-types';
import { fail } from '../errors';
import { lineAmount } from '../money';
import { countDifference } from '../posting/count-variance';
import { requestHash, writeDocument, type PreparedLine } from '../posting/engine';
import { loadProducts, pricedLine } from '../posting/prepare';
import { countSession } from './sessions';

export const accuracyBp = (matched: number, counted: number): number => (counted === 0 ? 0 : Math.round((matched * 10000) / counted));

/**
 * Posts an open count as one count document (writeDocument, the one posting path), in one transaction with the
 * count's close and its accuracy. A full count posts the items in scope it did not count as counted zero (at the book
 * of the moment of posting); a partial count leaves them alone. Posting again is refused and changes nothing.
 */
export function postCount(svc: Services, ctx: CallContext, id: number): CountPostResult {
  const { db } = svc;
  const actor = actorOf(ctx);
  const r = inTransaction(db, () => {
    const s = countSession(db, id);
    if (s.status === 'posted')
      fail(
        'invalid_state',
        `count ${id} was already posted as ${docs.findDocument(db, s.documentId!)?.number ?? `document ${s.documentId}`}`,
      );
    if (s.status === 'cancelled') fail('invalid_state', `count ${id} was cancelled`);
    const counted = q.countLinesOf(db, s.id).map((l) => ({ productId: l.productId, counted: l.countedQty, book: l.bookQty }));
    const zeros =
      s.mode === 'full' ? q.uncountedWithStock(db, s.id, s).map((z) => ({ productId: z.productId, counted: 0, book: z.qty })) : [];
    const all = [...counted, ...zeros].sort((a, b) => a.productId - b.productId);
    if (all.length === 0) fail('validation', `count ${id} has nothing counted`);
    if (docs.findDocumentByUuid(db, s.uuid)) fail('idempotency_conflict', `a document with this count's uuid (${s.uuid}) already exists`);
    const products = loadProducts(
      db,
      all.map((l) => l.productId),
    );
    const lines = all.map<PreparedLine>((l) => ({
      ...pricedLine(products.get(l.productId)!, 0, 0),
      move: { kind: 'count', counted: l.counted, book: l.book },
    }));
    const result = writeDocument(db, actor, {
      type: 'count',
      uuid: s.uuid,
      requestHash: requestHash({ count: s.id, lines: all }),
      locationId: s.locationId,
      note: s.note,
      lines,
      payments: [],
      change: 0,
    });
    const matched = all.filter((l) => l.counted === l.book).length;
    q.closeCountSession(db, s.id, {
      status: 'posted',
      closedAt: nowIso(),
      documentId: result.id,
      itemsCounted: all.length,
      itemsMatched: matched,
    });
    appendAudit(db, {
      userId: actor.userId,
      action: 'count.post',
      entity: 'count',
      entityId: s.id,
      data: { documentId: result.id, number: result.number, counted: counted.length, zeroed: zeros.length, matched },
    });
    return { ...result, itemsCounted: all.length, itemsMatched: matched, accuracyBp: accuracyBp(matched, all.length) };
  });
  svc.events.emit({ type: 'doc.posted', id: r.id, docType: 'count', number: r.number });
  svc.events.emit({ type: 'count.changed', countId: id, productId: null });
  return r;
}

/**
 * The variance per line and in total, read off the till's thread: as posted for a posted count, or as it would post
 * now for an open one (a full count's uncounted items at zero).
 */
export async function countVariance(svc: Services, id: number): Promise<CountVariance> {
  const s = countSession(svc.db, id);
  const rows = await svc.reader.run('count.varianceBasis', { sessionId: id });
  const lines = rows.map<CountVarianceLine>((r) => {
    const d =
      r.postedCost !== null
        ? { qty: r.countedQty - r.bookQty, value: r.postedCost }
        : countDifference({ qty: r.onHandQty, value: r.onHandValue }, r.countedQty, r.bookQty, r.cost);
    return {
      productId: r.productId,
      name: r.name,
      sku: r.sku,
      unit: r.unit,
      countedQty: r.countedQty,
      bookQty: r.bookQty,
      qty: d.qty,
      costValue: d.value,
      retailValue: d.qty < 0 ? -lineAmount(r.price, -d.qty) : lineAmount(r.price, d.qty),
      uncounted: r.uncounted === 1,
    };
  });
  const totals = { surplusQty: 0, shortageQty: 0, costValue: 0, retailValue: 0, lines: lines.length, matched: 0 };
  for (const l of lines) {
    if (l.qty > 0) totals.surplusQty += l.qty;
    else if (l.qty < 0) totals.shortageQty += -l.qty;
    else totals.matched += 1;
    totals.costValue += l.costValue;
    totals.retailValue += l.retailValue;
  }
  return { id, status: s.status, lines, totals };
}
