import { createHash } from 'node:crypto';
import { inOuterTransaction, type Db } from '../../db/connection';
import { nowIso } from '../../db/prepared';
import { appendAudit } from '../../db/queries/audit';
import * as docs from '../../db/queries/documents';
import { getProduct, setProductCost } from '../../db/queries/products';
import { appendMovement, getOnHand, type MovementRow } from '../../db/queries/stock';
import { queueForStore, reservedQty, STOCK_TOPIC } from '../../db/queries/store';
import { LIMITS } from '../contract/primitives';
import type { DocType, PaymentMethod, PostResult, WriteoffReason } from '../contract/types';
import { setting } from '../settings';
import { AppError, fail } from '../errors';
import { mulDivRound } from '../money';
import { outgoingCost, receivedValue } from './cost';
import { countDifference } from './count-variance';
import { assertOpenPeriod, shopToday } from './dates';

export interface Actor {
  userId: number;
}

/** How one line moves stock; costs are worked out when the line is written, against current on-hand. */
export type LineMove =
  | { kind: 'out' }
  /** unitCost: a purchase, which restarts the average when nothing is on hand (cost.ts receivedValue). */
  | { kind: 'in'; value: number; unitCost?: number }
  /** Sent by a transfer: out of the document's location into transit (`to`, the transit location). */
  | { kind: 'transfer'; to: number }
  /** Received from transit (`from`) onto the document's location: what its transfer line sent leaves transit, qty arrives. */
  | { kind: 'arrive'; from: number; sent: { qty: number; value: number } }
  /** book: the on-hand the counted figure is compared with (when the item was counted; count-variance.ts). */
  | { kind: 'count'; counted: number; book: number }
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
  /** A write-off line's reason. */
  reason?: WriteoffReason | null;
}

/** The columns a document part fills: of the header, and of each line in the document's order. */
export interface PartColumns {
  header: docs.HeaderExtras;
  lines: docs.LineExtras[];
}

/**
 * What a kind of document adds to the generic one, owned by the code that posts that kind (the counter's shift,
 * customer and discounts: posting/counter-doc.ts). The engine asks it first thing in the posting transaction, before
 * writing anything, for the columns it fills; it refuses by throwing.
 */
export interface DocPart {
  columns(db: Db, doc: { type: DocType; locationId: number }): PartColumns;
}

/** Sales and returns cross the counter: each carries the counter's part, so none is posted outside a cash shift. */
export type CounterDocType = 'sale' | 'return';
const WITH_PART: ReadonlySet<DocType> = new Set<CounterDocType>(['sale', 'return']);
/** An expense paid from a drawer carries the drawer's part (core/expenses/post.ts); one paid from the bank, none. */
export type MaybePartDocType = 'expense';
const MAY_PART: ReadonlySet<DocType> = new Set<MaybePartDocType>(['expense']);

interface DocFields {
  uuid: string;
  requestHash: string;
  locationId: number;
  toLocationId?: number | null;
  baseDocumentId?: number | null;
  reversalOf?: number | null;
  note?: string | null;
  lines: PreparedLine[];
  payments: { method: PaymentMethod | 'bank'; amount: number }[];
  change: number;
  /** A back-office document's day, already allowed (backOfficeDate); omitted: today in the shop's time zone. */
  businessDate?: string;
}

export type PreparedDoc = DocFields &
  (
    | { type: Exclude<DocType, CounterDocType | MaybePartDocType>; part?: undefined }
    | { type: CounterDocType; part: DocPart }
    | { type: MaybePartDocType; part?: DocPart }
  );

export const requestHash = (input: unknown): string => createHash('sha256').update(JSON.stringify(input)).digest('hex');

/** The same uuid again: hand back the first result, or refuse if the request differs (an idempotency key reused). */
export function replay(db: Db, uuid: string, hash: string, change: () => number): PostResult | null {
  const existing = docs.findDocumentByUuid(db, uuid);
  if (!existing) return null;
  if (existing.requestHash !== hash) fail('idempotency_conflict', `document ${uuid} was already posted with different content`);
  return { id: existing.id, number: existing.number, total: existing.total, change: change(), replayed: true };
}

/**
 * A figure beyond its limit (primitives.ts LIMITS) is refused: stored, it could leave the safe integers. What the
 * figure is gets worded only then (every figure of every posting is checked).
 */
export function within(value: number, limit: number, what: () => string): void {
  if (!Number.isSafeInteger(value) || Math.abs(value) > limit) fail('validation', `${what()} (${value}) is beyond the limit of ${limit}`);
}

/** Every figure the document states, checked before anything is written. */
function checkFigures(p: PreparedDoc, total: number, taxTotal: number): void {
  p.lines.forEach((l, i) => {
    const line = () => `line ${i + 1} (product ${l.productId}):`;
    if (l.move.kind === 'count') within(l.move.counted, LIMITS.qty, () => `${line()} the counted quantity`);
    // A count's line and a reversal's carry a difference of on-hand, which may be larger than a quantity asked for.
    within(l.qty, l.move.kind === 'count' || l.move.kind === 'reverse' ? LIMITS.onHandQty : LIMITS.qty, () => `${line()} the quantity`);
    within(l.price, LIMITS.unitPrice, () => `${line()} the unit price`);
    within(l.amount, LIMITS.lineAmount, () => `${line()} the amount`);
    within(l.taxAmount, LIMITS.lineAmount, () => `${line()} the tax`);
    if (l.move.kind === 'in') within(l.move.value, LIMITS.lineAmount, () => `${line()} the cost`);
  });
  within(total, LIMITS.docTotal, () => 'the document total');
  within(taxTotal, LIMITS.docTotal, () => 'the tax total');
  for (const pay of p.payments) within(pay.amount, LIMITS.docTotal, () => `the ${pay.method} payment`);
  within(p.change, LIMITS.docTotal, () => 'the change');
}

/** The part's columns; a sale or return without one is a programming error, never a document outside a shift. */
function partColumns(db: Db, p: PreparedDoc): PartColumns {
  if (!MAY_PART.has(p.type) && WITH_PART.has(p.type) !== (p.part !== undefined))
    throw new Error(`a ${p.type} document ${p.part ? 'takes no' : 'needs its'} part`);
  if (!p.part) return { header: {}, lines: [] };
  const cols = p.part.columns(db, { type: p.type, locationId: p.locationId });
  if (cols.lines.length !== p.lines.length) throw new Error(`the ${p.type} part has ${cols.lines.length} lines for ${p.lines.length}`);
  return cols;
}

/** Costs (worked out against on-hand) and the on-hand each movement leaves, before the line is written. */
function checkPlan(lineNo: number, l: PreparedLine, plan: LinePlan): void {
  const line = () => `line ${lineNo} (product ${l.productId}):`;
  within(plan.costAmount, LIMITS.lineAmount, () => `${line()} the cost`);
  for (const m of plan.moves) {
    within(m.before.qty + m.qtyDelta, LIMITS.onHandQty, () => `${line()} on hand at location ${m.locationId} afterwards`);
    within(m.before.value + m.valueDelta, LIMITS.onHandValue, () => `${line()} the stock value at location ${m.locationId} afterwards`);
  }
}

/**
 * Writes a prepared document: header, lines with cost, movements, on-hand, payments, audit. One transaction: the
 * caller's if it has one (the handler's, which also checked the uuid), without a savepoint, since nothing catches a
 * posting's failure and carries on.
 */
export function writeDocument(db: Db, actor: Actor, p: PreparedDoc): PostResult {
  return inOuterTransaction(db, () => {
    const part = partColumns(db, p);
    const at = nowIso();
    const businessDate = p.businessDate ?? shopToday(db, new Date(at));
    assertOpenPeriod(db, businessDate);
    let total = 0;
    let taxTotal = 0;
    for (const l of p.lines) {
      total += l.amount;
      taxTotal += l.taxAmount;
    }
    // A document of money alone (a supplier payment, an expense) totals what it paid.
    if (!p.lines.length) for (const pay of p.payments) total += pay.amount;
    checkFigures(p, total, taxTotal);
    const block = BLOCKABLE.has(p.type) && setting(db, 'negativeStock') === 'block';
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
      ...part.header,
    });
    p.lines.forEach((l, i) => {
      const plan = linePlan(db, p, l);
      checkPlan(i + 1, l, plan);
      if (block) refuseBelowZero(db, l, plan);
      if (p.type === 'sale') refuseReserved(db, p.locationId, l, plan);
      const lineId = docs.insertLine(db, {
        documentId,
        lineNo: i + 1,
        productId: l.productId,
        qty: plan.qty,
        price: l.price,
        amount: l.amount,
        taxRateBp: l.taxRateBp,
        taxAmount: l.taxAmount,
        costAmount: plan.costAmount,
        baseLineId: l.baseLineId ?? null,
        countedQty: plan.countedQty,
        reason: l.reason ?? null,
        ...part.lines[i],
      });
      for (const m of plan.moves)
        appendMovement(db, {
          documentId,
          lineId,
          productId: m.productId,
          locationId: m.locationId,
          qtyDelta: m.qtyDelta,
          valueDelta: m.valueDelta,
          at,
          businessDate,
          qtyAfter: m.before.qty + m.qtyDelta,
        });
      if (l.newProductCost !== undefined) newCost(db, actor, l.productId, l.newProductCost, documentId);
    });
    for (const pay of p.payments) docs.insertPayment(db, documentId, pay.method, pay.amount);
    // The web store learns every stock change from here (core/sync/push.ts), coalesced per product when delivered.
    queueForStore(db, STOCK_TOPIC, [...new Set(p.lines.map((l) => l.productId))]);
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

/** A receipt's purchase cost becomes the product's last cost; a change is audited on its own, with the document. */
function newCost(db: Db, actor: Actor, productId: number, cost: number, documentId: number): void {
  const from = getProduct(db, productId)?.cost;
  if (from === cost) return;
  setProductCost(db, productId, cost);
  appendAudit(db, {
    userId: actor.userId,
    action: 'product.cost',
    entity: 'product',
    entityId: productId,
    data: { from, to: cost, documentId },
  });
}

/** The kinds the negative stock policy governs: what the shop takes off a shelf by choice (not reversals, counts). */
const BLOCKABLE: ReadonlySet<DocType> = new Set<DocType>(['sale', 'writeoff', 'transfer']);

/**
 * Under the 'block' policy: a line taking its shelf below zero is refused, and with it the whole document (the
 * posting transaction rolls back). A line of a product already below zero is refused too: it would go further.
 */
function refuseBelowZero(db: Db, l: PreparedLine, plan: LinePlan): void {
  if (l.move.kind !== 'out' && l.move.kind !== 'transfer') return;
  const shelf = plan.moves[0]!;
  if (shelf.before.qty + shelf.qtyDelta >= 0) return;
  fail(
    'insufficient_stock',
    `${getProduct(db, l.productId)?.name ?? `product ${l.productId}`}: ${shelf.before.qty / 1000} on hand, ${l.qty / 1000} asked for; stock may not go below zero`,
  );
}

/**
 * Stock reserved for the web store's orders is promised: a sale may take the shelf down to what is reserved, not
 * below it, whatever the negative stock policy (the order handed over releases its reservation before its own sale).
 * This is what makes the last unit go to exactly one buyer when the counter and the storefront race for it.
 */
function refuseReserved(db: Db, locationId: number, l: PreparedLine, plan: LinePlan): void {
  if (l.move.kind !== 'out') return;
  const reserved = reservedQty(db, l.productId, locationId);
  if (!reserved) return;
  const shelf = plan.moves[0]!;
  if (shelf.before.qty + shelf.qtyDelta >= reserved) return;
  fail(
    'reserved_stock',
    `${getProduct(db, l.productId)?.name ?? `product ${l.productId}`}: ${shelf.before.qty / 1000} on hand, ${reserved / 1000} reserved for web-store orders, ${l.qty / 1000} asked for`,
  );
}

type OnHand = { qty: number; value: number };
/** A movement to write, with the on-hand it starts from (read once: for the cost and for the limits). */
type Move = Pick<MovementRow, 'productId' | 'locationId' | 'qtyDelta' | 'valueDelta'> & { before: OnHand };
interface LinePlan {
  costAmount: number;
  moves: Move[];
  qty: number;
  countedQty: number | null;
}

function linePlan(db: Db, p: PreparedDoc, l: PreparedLine): LinePlan {
  const here = { productId: l.productId, locationId: p.locationId };
  switch (l.move.kind) {
    case 'out': {
      const before = getOnHand(db, l.productId, p.locationId);
      const cost = outgoingCost(before, l.qty, l.fallbackUnitCost);
      return { costAmount: cost, moves: [{ ...here, qtyDelta: -l.qty, valueDelta: -cost, before }], qty: l.qty, countedQty: null };
    }
    case 'in': {
      const before = getOnHand(db, l.productId, p.locationId);
      const value = l.move.unitCost === undefined ? l.move.value : receivedValue(before, l.qty, l.move.unitCost);
      return {
        costAmount: value,
        moves: [{ ...here, qtyDelta: l.qty, valueDelta: value, before }],
        qty: l.qty,
        countedQty: null,
      };
    }
    case 'transfer': {
      if (p.toLocationId == null) throw new AppError('validation', 'a transfer needs a destination');
      const before = getOnHand(db, l.productId, p.locationId);
      const cost = outgoingCost(before, l.qty, l.fallbackUnitCost);
      const to = l.move.to;
      return {
        costAmount: cost,
        moves: [
          { ...here, qtyDelta: -l.qty, valueDelta: -cost, before },
          { productId: l.productId, locationId: to, qtyDelta: l.qty, valueDelta: cost, before: getOnHand(db, l.productId, to) },
        ],
        qty: l.qty,
        countedQty: null,
      };
    }
    case 'arrive': {
      // What the transfer line sent leaves transit whole; the received part arrives at its share of the cost, and
      // the rest (a shortage) is the loss on the transfer.
      const { from, sent } = l.move;
      const value = mulDivRound(sent.value, l.qty, sent.qty);
      const moves: Move[] = [
        {
          productId: l.productId,
          locationId: from,
          qtyDelta: -sent.qty,
          valueDelta: -sent.value,
          before: getOnHand(db, l.productId, from),
        },
      ];
      if (l.qty > 0) moves.push({ ...here, qtyDelta: l.qty, valueDelta: value, before: getOnHand(db, l.productId, p.locationId) });
      return { costAmount: value, moves, qty: l.qty, countedQty: null };
    }
    case 'count': {
      const before = getOnHand(db, l.productId, p.locationId);
      const d = countDifference(before, l.move.counted, l.move.book, l.fallbackUnitCost);
      if (d.qty === 0) return { costAmount: 0, moves: [], qty: 0, countedQty: l.move.counted };
      return {
        costAmount: d.value,
        moves: [{ ...here, qtyDelta: d.qty, valueDelta: d.value, before }],
        qty: d.qty,
        countedQty: l.move.counted,
      };
    }
    case 'reverse':
      return {
        costAmount: l.fixedCost ?? 0,
        moves: l.move.moves.map((m) => ({
          productId: m.productId,
          locationId: m.locationId,
          qtyDelta: -m.qtyDelta,
          valueDelta: -m.valueDelta,
          before: getOnHand(db, m.productId, m.locationId),
        })),
        qty: l.qty,
        countedQty: null,
      };
  }
}
