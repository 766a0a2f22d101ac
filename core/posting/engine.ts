import { createHash } from 'node:crypto';
import { inTransaction, type Db } from '../../db/connection';
import { nowIso } from '../../db/prepared';
import { appendAudit } from '../../db/queries/audit';
import * as docs from '../../db/queries/documents';
import { setProductCost } from '../../db/queries/products';
import { appendMovement, getOnHand, movementsOfDocument, type MovementRow } from '../../db/queries/stock';
import { LIMITS } from '../contract/primitives';
import type { DocType, PostResult } from '../contract/types';
import { requireOpenShift } from '../counter/shifts';
import { AppError, fail } from '../errors';
import { mulDivRound } from '../money';
import { averageUnitCost, outgoingCost } from './cost';
import { assertOpenPeriod, shopToday } from './dates';

export interface Actor {
  userId: number;
}

/** How one line moves stock; costs are worked out when the line is written, against current on-hand. */
export type LineMove =
  | { kind: 'out' }
  | { kind: 'in'; value: number }
  | { kind: 'transfer' }
  | { kind: 'count'; counted: number }
  | { kind: 'reverse'; moves: MovementRow[] };

export interface PreparedLine {
  productId: number;
  qty: number;
  price: number;
  amount: number;
  taxRateBp: number;
  taxAmount: number;
  /** Unit cost for lines sold beyond stock, or for a count surplus with nothing to average. */
  fallbackUnitCost: number;
  move: LineMove;
  baseLineId?: number | null;
  /** Receipt: the purchase cost becomes the product's last cost. */
  newProductCost?: number;
  /** For a reversal: the cost of the line it reverses, negated. */
  fixedCost?: number;
  /** Counter sales: discount in minor units (amount = price * qty / 1000 - discount), list price, GS1 marking. */
  discount?: number;
  catalogPrice?: number | null;
  marking?: string | null;
}

export interface PreparedDoc {
  type: DocType;
  uuid: string;
  requestHash: string;
  locationId: number;
  toLocationId?: number | null;
  baseDocumentId?: number | null;
  reversalOf?: number | null;
  note?: string | null;
  lines: PreparedLine[];
  payments: { method: 'cash' | 'card'; amount: number }[];
  change: number;
  /** Counter documents: the cash shift, the customer, and the cash rounding already spread over line discounts. */
  shiftId?: number | null;
  customerId?: number | null;
  rounding?: number;
  /** A back-office document's day, already allowed (backOfficeDate); omitted: today in the shop's time zone. */
  businessDate?: string;
}

export const requestHash = (input: unknown): string => createHash('sha256').update(JSON.stringify(input)).digest('hex');

/** The same uuid again: hand back the first result, or refuse if the request differs (an idempotency key reused). */
export function replay(db: Db, uuid: string, hash: string, change: () => number): PostResult | null {
  const existing = docs.findDocumentByUuid(db, uuid);
  if (!existing) return null;
  if (existing.requestHash !== hash) fail('idempotency_conflict', `document ${uuid} was already posted with different content`);
  return { id: existing.id, number: existing.number, total: existing.total, change: change(), replayed: true };
}

/** A figure beyond its limit (primitives.ts LIMITS) is refused: stored, it could leave the safe integers. */
function within(what: string, value: number, limit: number): void {
  if (!Number.isSafeInteger(value) || Math.abs(value) > limit) fail('validation', `${what} (${value}) is beyond the limit of ${limit}`);
}

/** Every figure the document states, checked before anything is written. */
function checkFigures(p: PreparedDoc, total: number, taxTotal: number): void {
  p.lines.forEach((l, i) => {
    const line = `line ${i + 1} (product ${l.productId}):`;
    if (l.move.kind === 'count') within(`${line} the counted quantity`, l.move.counted, LIMITS.qty);
    // A count's line and a reversal's carry a difference of on-hand, which may be larger than a quantity asked for.
    within(`${line} the quantity`, l.qty, l.move.kind === 'count' || l.move.kind === 'reverse' ? LIMITS.onHandQty : LIMITS.qty);
    within(`${line} the unit price`, l.price, LIMITS.unitPrice);
    within(`${line} the amount`, l.amount, LIMITS.lineAmount);
    within(`${line} the tax`, l.taxAmount, LIMITS.lineAmount);
    within(`${line} the discount`, l.discount ?? 0, LIMITS.lineAmount);
    if (l.move.kind === 'in') within(`${line} the cost`, l.move.value, LIMITS.lineAmount);
  });
  within('the document total', total, LIMITS.docTotal);
  within('the tax total', taxTotal, LIMITS.docTotal);
  for (const pay of p.payments) within(`the ${pay.method} payment`, pay.amount, LIMITS.docTotal);
  within('the change', p.change, LIMITS.docTotal);
}

/** Costs (worked out against on-hand) and the on-hand each movement leaves, before the line is written. */
function checkPlan(db: Db, lineNo: number, l: PreparedLine, plan: { costAmount: number; moves: Move[] }): void {
  const line = `line ${lineNo} (product ${l.productId}):`;
  within(`${line} the cost`, plan.costAmount, LIMITS.lineAmount);
  for (const m of plan.moves) {
    const s = getOnHand(db, m.productId, m.locationId);
    within(`${line} on hand at location ${m.locationId} afterwards`, s.qty + m.qtyDelta, LIMITS.onHandQty);
    within(`${line} the stock value at location ${m.locationId} afterwards`, s.value + m.valueDelta, LIMITS.onHandValue);
  }
}

/** Writes a prepared document: header, lines with cost, movements, on-hand, payments, audit. One transaction. */
export function writeDocument(db: Db, actor: Actor, p: PreparedDoc): PostResult {
  return inTransaction(db, () => {
    const at = nowIso();
    const businessDate = p.businessDate ?? shopToday(db, new Date(at));
    assertOpenPeriod(db, businessDate);
    const total = p.lines.reduce((s, l) => s + l.amount, 0);
    const taxTotal = p.lines.reduce((s, l) => s + l.taxAmount, 0);
    checkFigures(p, total, taxTotal);
    const number = docs.nextNumber(db, p.type);
    const documentId = docs.insertDocument(db, {
      uuid: p.uuid,
      requestHash: p.requestHash,
      type: p.type,
      number,
      status: 'posted',
      locationId: p.locationId,
      toLocationId: p.toLocationId ?? null,
      baseDocumentId: p.baseDocumentId ?? null,
      reversalOf: p.reversalOf ?? null,
      authorId: actor.userId,
      total,
      taxTotal,
      note: p.note ?? null,
      createdAt: at,
      businessDate,
      postedAt: at,
      shiftId: p.shiftId ?? null,
      customerId: p.customerId ?? null,
      rounding: p.rounding ?? 0,
    });
    p.lines.forEach((l, i) => {
      const { costAmount, moves, qty, countedQty } = linePlan(db, p, l);
      checkPlan(db, i + 1, l, { costAmount, moves });
      const lineId = docs.insertLine(db, {
        documentId,
        lineNo: i + 1,
        productId: l.productId,
        qty,
        price: l.price,
        amount: l.amount,
        taxRateBp: l.taxRateBp,
        taxAmount: l.taxAmount,
        costAmount,
        baseLineId: l.baseLineId ?? null,
        countedQty,
        catalogPrice: l.catalogPrice ?? null,
        discount: l.discount ?? 0,
        marking: l.marking ?? null,
      });
      for (const m of moves) appendMovement(db, { ...m, documentId, lineId, at, businessDate });
      if (l.newProductCost !== undefined) setProductCost(db, l.productId, l.newProductCost);
    });
    for (const pay of p.payments) docs.insertPayment(db, documentId, pay.method, pay.amount);
    appendAudit(db, {
      userId: actor.userId,
      action: p.reversalOf ? 'doc.reverse' : 'doc.post',
      entity: 'document',
      entityId: documentId,
      data: {
        type: p.type,
        number,
        total,
        lines: p.lines.length,
        businessDate,
        reversalOf: p.reversalOf ?? undefined,
        note: p.note ?? undefined,
      },
    });
    return { id: documentId, number, total, change: p.change, replayed: false };
  });
}

type Move = Pick<MovementRow, 'productId' | 'locationId' | 'qtyDelta' | 'valueDelta'>;

function linePlan(db: Db, p: PreparedDoc, l: PreparedLine): { costAmount: number; moves: Move[]; qty: number; countedQty: number | null } {
  const here = { productId: l.productId, locationId: p.locationId };
  switch (l.move.kind) {
    case 'out': {
      const cost = outgoingCost(getOnHand(db, l.productId, p.locationId), l.qty, l.fallbackUnitCost);
      return { costAmount: cost, moves: [{ ...here, qtyDelta: -l.qty, valueDelta: -cost }], qty: l.qty, countedQty: null };
    }
    case 'in':
      return { costAmount: l.move.value, moves: [{ ...here, qtyDelta: l.qty, valueDelta: l.move.value }], qty: l.qty, countedQty: null };
    case 'transfer': {
      if (p.toLocationId == null) throw new AppError('validation', 'a transfer needs a destination');
      const cost = outgoingCost(getOnHand(db, l.productId, p.locationId), l.qty, l.fallbackUnitCost);
      return {
        costAmount: cost,
        moves: [
          { ...here, qtyDelta: -l.qty, valueDelta: -cost },
          { productId: l.productId, locationId: p.toLocationId, qtyDelta: l.qty, valueDelta: cost },
        ],
        qty: l.qty,
        countedQty: null,
      };
    }
    case 'count': {
      const stock = getOnHand(db, l.productId, p.locationId);
      const delta = l.move.counted - stock.qty;
      if (delta === 0) return { costAmount: 0, moves: [], qty: 0, countedQty: l.move.counted };
      // A shortage leaves at average cost; a surplus comes in at the average (or last known) unit cost.
      const value =
        delta < 0 ? -outgoingCost(stock, -delta, l.fallbackUnitCost) : mulDivRound(averageUnitCost(stock, l.fallbackUnitCost), delta, 1000);
      return { costAmount: value, moves: [{ ...here, qtyDelta: delta, valueDelta: value }], qty: delta, countedQty: l.move.counted };
    }
    case 'reverse':
      return {
        costAmount: l.fixedCost ?? 0,
        moves: l.move.moves.map((m) => ({
          productId: m.productId,
          locationId: m.locationId,
          qtyDelta: -m.qtyDelta,
          valueDelta: -m.valueDelta,
        })),
        qty: l.qty,
        countedQty: null,
      };
  }
}

/** Cancelling posts a reversal document that negates every line, movement and payment of the original, dated today (not the original's day). */
export function cancelDocument(db: Db, actor: Actor, input: { id: number; uuid: string; reason: string }): PostResult {
  const hash = requestHash({ cancel: input.id, reason: input.reason });
  return inTransaction(db, () => {
    const again = replay(db, input.uuid, hash, () => 0);
    if (again) return again;
    const orig = docs.findDocument(db, input.id) ?? fail('not_found', `document ${input.id} does not exist`);
    if (orig.reversalOf != null) fail('invalid_state', `${orig.number} is itself a reversal and cannot be cancelled`);
    if (orig.status !== 'posted') fail('invalid_state', `${orig.number} is ${orig.status}, only a posted document can be cancelled`);
    const dependents = docs.postedDependents(db, orig.id);
    if (dependents.length)
      fail(
        'has_dependents',
        `${orig.number} has posted documents based on it (${dependents.map((d) => d.number).join(', ')}); cancel those first`,
      );
    const moves = movementsOfDocument(db, orig.id);
    const lines = docs.linesOf(db, orig.id).map<PreparedLine>((l) => ({
      productId: l.productId,
      qty: -l.qty,
      price: l.price,
      amount: -l.amount,
      taxRateBp: l.taxRateBp,
      taxAmount: -l.taxAmount,
      fallbackUnitCost: 0,
      fixedCost: -l.costAmount,
      baseLineId: l.id,
      discount: -l.discount,
      catalogPrice: l.catalogPrice,
      marking: l.marking,
      move: { kind: 'reverse', moves: moves.filter((m) => m.lineId === l.id) },
    }));
    const result = writeDocument(db, actor, {
      type: orig.type,
      uuid: input.uuid,
      requestHash: hash,
      locationId: orig.locationId,
      toLocationId: orig.toLocationId,
      baseDocumentId: orig.baseDocumentId,
      reversalOf: orig.id,
      note: input.reason,
      lines,
      payments: docs.paymentsOf(db, orig.id).map((p) => ({ method: p.method, amount: -p.amount })),
      change: 0,
      // Money going back over the counter belongs to the shift open now (the original's may be closed); with no shift
      // open, no Z report would ever count it, so it waits for one, as a sale or a return does.
      shiftId: orig.type === 'sale' || orig.type === 'return' ? requireOpenShift(db, orig.locationId).id : null,
      customerId: orig.customerId,
      rounding: -orig.rounding,
    });
    docs.markCancelled(db, orig.id, nowIso());
    return result;
  });
}
