/**
 * Returns, posted one way whichever method asks (return.post at the counter, doc.post type 'return' from the back
 * office): in the open cash shift of the location the goods come back to (the Z report must see the refund), with a
 * receipt print job, in the caller's transaction.
 */
import type { Db } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import * as docs from '../../db/queries/documents';
import { enqueue } from '../../db/queries/outbox';
import type { PostResult } from '../contract/types';
import { requireOpenShift } from '../counter/shifts';
import { fail } from '../errors';
import { includedTax, lineAmount, mulDivRound } from '../money';
import { counterDoc, type CounterDoc, type CounterLine } from './counter-doc';
import { writeDocument, type Actor, type PreparedDoc } from './engine';
import { loadProducts } from './prepare';
import { auditPriceOverrides, priceOverrides, requireLineWithinLimits, requireWholeUnits } from './sale-lines';

export interface SaleReturnRequest {
  saleId: number;
  lines: { saleLineId: number; qty: number }[];
  refund: 'original' | 'cash';
}

type Base = Pick<PreparedDoc, 'uuid' | 'requestHash' | 'note'>;

/** A return against a sale, stock back at `locationId` (the counter's) or else at the sale's location. */
export function postSaleReturn(db: Db, actor: Actor, input: SaleReturnRequest, base: Base, locationId?: number): PostResult {
  // Without an open shift where the goods come back nothing else matters: refused before the lines are looked at.
  const sale = docs.findDocument(db, input.saleId);
  if (sale) requireOpenShift(db, locationId ?? sale.locationId);
  const result = writeDocument(db, actor, prepareSaleReturn(db, input, base, locationId));
  enqueue(db, 'receipt.print', { docId: result.id });
  return result;
}

export interface NoReceiptReturn {
  uuid: string;
  lines: { productId: number; qty: number; price: number }[];
  reason: string;
}

/** The lines of a return without a receipt: at the price given, against the list price (a refund above it is a loss). */
export function noReceiptLines(db: Db, lines: NoReceiptReturn['lines']): CounterLine[] {
  const products = loadProducts(
    db,
    lines.map((l) => l.productId),
  );
  return lines.map<CounterLine>((l) => {
    const p = products.get(l.productId)!;
    requireWholeUnits(p, l.qty);
    requireLineWithinLimits(p, l.price, l.qty);
    const amount = lineAmount(l.price, l.qty);
    // Nothing to take the cost from: the goods come back at the product's last purchase cost.
    return {
      productId: p.id,
      qty: l.qty,
      price: l.price,
      amount,
      taxRateBp: p.taxRateBp,
      taxAmount: includedTax(amount, p.taxRateBp),
      fallbackUnitCost: p.cost,
      move: { kind: 'in', value: lineAmount(p.cost, l.qty) },
      discount: 0,
      catalogPrice: p.price,
      marking: null,
    };
  });
}

/**
 * A return without a receipt, refunded in cash at `locationId`. Approvals were asked before the transaction: who
 * allowed the return, and who allowed prices off the list (null: the caller's own permission). Both are audited.
 */
export function postNoReceiptReturn(
  db: Db,
  actor: Actor,
  input: NoReceiptReturn,
  hash: string,
  locationId: number,
  approvedBy: { return: number | null; price: number | null },
): PostResult {
  // Without an open shift nothing else matters: refused before the lines are looked at.
  requireOpenShift(db, locationId);
  const lines = noReceiptLines(db, input.lines);
  const total = lines.reduce((s, l) => s + l.amount, 0);
  const result = writeDocument(
    db,
    actor,
    counterDoc({
      type: 'return',
      uuid: input.uuid,
      requestHash: hash,
      locationId,
      note: input.reason,
      lines,
      payments: total > 0 ? [{ method: 'cash', amount: total }] : [],
      change: 0,
    }),
  );
  appendAudit(db, {
    userId: actor.userId,
    action: 'return.no_receipt',
    entity: 'document',
    entityId: result.id,
    data: { number: result.number, amount: total, reason: input.reason, approvedBy: approvedBy.return },
  });
  auditPriceOverrides(db, actor.userId, 'return', result.id, priceOverrides(lines), approvedBy.price);
  enqueue(db, 'receipt.print', { docId: result.id });
  return result;
}

/**
 * A return against a sale: never more than sold minus earlier (still posted) returns; each line gives back its
 * share of what the sale line charged and cost. Goods sold by the piece come back in whole pieces, or all that is
 * left of the line. Stock comes back to `locationId` (the sale's location unless the counter takes it back elsewhere).
 */
export function prepareSaleReturn(db: Db, input: SaleReturnRequest, base: Base, locationId?: number): CounterDoc {
  const sale = docs.findDocument(db, input.saleId);
  if (!sale || sale.type !== 'sale' || sale.reversalOf != null) fail('not_found', `sale ${input.saleId} does not exist`);
  if (sale!.status !== 'posted') fail('invalid_state', `sale ${sale!.number} is ${sale!.status}`);
  const saleLines = new Map(docs.linesOf(db, sale!.id).map((l) => [l.id, l]));
  const products = loadProducts(db, [...new Set([...saleLines.values()].map((l) => l.productId))]);
  const returned = docs.returnedBySaleLine(db, sale!.id);
  const asked = new Map<number, number>();
  const lines = input.lines.map<CounterLine>((r) => {
    const sl = saleLines.get(r.saleLineId) ?? fail('not_found', `line ${r.saleLineId} is not on sale ${sale!.number}`);
    const already = (returned.get(sl.id) ?? 0) + (asked.get(sl.id) ?? 0);
    if (already + r.qty > sl.qty)
      fail('return_exceeds_sold', `line ${sl.lineNo} of ${sale!.number}: sold ${sl.qty}, already returned ${already}, asked ${r.qty}`);
    if (already + r.qty < sl.qty) requireWholeUnits(products.get(sl.productId)!, r.qty);
    asked.set(sl.id, (asked.get(sl.id) ?? 0) + r.qty);
    // The whole line returned gives back exactly what it cost and charged; a part, its share.
    const amount = mulDivRound(sl.amount, r.qty, sl.qty);
    return {
      productId: sl.productId,
      qty: r.qty,
      price: sl.price,
      amount,
      taxRateBp: sl.taxRateBp,
      taxAmount: includedTax(amount, sl.taxRateBp),
      fallbackUnitCost: 0,
      baseLineId: sl.id,
      move: { kind: 'in', value: mulDivRound(sl.costAmount, r.qty, sl.qty) },
      discount: mulDivRound(sl.discount, r.qty, sl.qty),
      catalogPrice: sl.catalogPrice,
      marking: sl.marking,
    };
  });
  const refund = lines.reduce((s, l) => s + l.amount, 0);
  return counterDoc({
    ...base,
    type: 'return',
    locationId: locationId ?? sale!.locationId,
    baseDocumentId: sale!.id,
    customerId: sale!.customerId,
    lines,
    payments: refundPayments(db, sale!.id, refund, input.refund),
    change: 0,
  });
}

const cardPaid = (db: Db, documentId: number): number =>
  docs
    .paymentsOf(db, documentId)
    .filter((p) => p.method === 'card')
    .reduce((s, p) => s + p.amount, 0);

/** Refund to the card first up to what the card paid (less earlier returns' card refunds), the rest in cash, unless cash was asked for. */
export function refundPayments(db: Db, saleId: number, refund: number, how: 'original' | 'cash') {
  if (how === 'cash') return [{ method: 'cash' as const, amount: refund }];
  const refunded = docs
    .postedDependents(db, saleId)
    .filter((d) => d.type === 'return')
    .reduce((s, d) => s + cardPaid(db, d.id), 0);
  const toCard = Math.max(0, Math.min(cardPaid(db, saleId) - refunded, refund));
  const out: { method: 'cash' | 'card'; amount: number }[] = [];
  if (toCard > 0) out.push({ method: 'card', amount: toCard });
  if (refund - toCard > 0) out.push({ method: 'cash', amount: refund - toCard });
  return out;
}
