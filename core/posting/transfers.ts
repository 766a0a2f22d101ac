/** Receiving a transfer: its goods leave transit and arrive on the destination's shelf, short or whole. */
import { inTransaction, type Db } from '../../db/connection';
import * as docs from '../../db/queries/documents';
import { findTransitLocation } from '../../db/queries/people';
import { movementsOfDocument } from '../../db/queries/stock';
import type { PostResult } from '../contract/types';
import { activeLocation } from '../counter/context';
import { fail } from '../errors';
import { replay, requestHash, writeDocument, type Actor, type PreparedLine } from './engine';

export interface ReceiveInput {
  transferId: number;
  uuid: string;
  /** Received quantity per line of the transfer; omitted: everything arrived as sent. */
  lines?: { lineId: number; qty: number }[];
  note?: string;
  /** Already allowed (backOfficeDate); omitted: today. */
  businessDate?: string;
}

/** The transfer's own receipt (not a reversal of one), if it was received and that receipt still stands. */
export function receiptOf(db: Db, transferId: number): docs.DocumentRow | undefined {
  return docs.postedDependents(db, transferId).find((d) => d.type === 'transfer_in');
}

/**
 * Posts the transfer_in of a transfer still in transit, through the one posting path. Each transfer line's sent
 * quantity leaves transit whole; what arrived goes onto the destination at its share of the cost, and a shortage
 * (less received than sent) is the loss on the transfer, recorded by the receipt's line against the transfer's line
 * (baseLineId). Receiving more than was sent is refused: a surplus is a count's business.
 */
export function receiveTransfer(db: Db, actor: Actor, input: ReceiveInput): PostResult {
  const hash = requestHash({
    receive: input.transferId,
    lines: input.lines ?? null,
    note: input.note ?? null,
    on: input.businessDate ?? null,
  });
  return inTransaction(db, () => {
    const again = replay(db, input.uuid, hash, () => 0);
    if (again) return again;
    const t = docs.findDocument(db, input.transferId);
    if (!t || t.type !== 'transfer' || t.reversalOf != null) return fail('not_found', `transfer ${input.transferId} does not exist`);
    if (t.status !== 'posted') fail('invalid_state', `${t.number} was cancelled; there is nothing to receive`);
    const done = receiptOf(db, t.id);
    if (done) fail('invalid_state', `${t.number} was already received (${done.number})`);
    if (input.businessDate !== undefined && input.businessDate < t.businessDate)
      fail('validation', `${t.number} was sent on ${t.businessDate}; it cannot arrive on ${input.businessDate}, before it left`);
    const transit = findTransitLocation(db);
    const moves = movementsOfDocument(db, t.id).filter((m) => m.locationId === transit && m.qtyDelta > 0);
    // A transfer posted before transit existed went straight onto the destination's shelf.
    if (moves.length === 0) fail('invalid_state', `${t.number} was not sent through transit: its goods are already at the destination`);
    const stored = docs.linesOf(db, t.id);
    const received = receivedQuantities(stored, input.lines);
    const lines = stored.map<PreparedLine>((l) => {
      const sent = moves.find((m) => m.lineId === l.id)!;
      return {
        productId: l.productId,
        qty: received.get(l.id)!,
        price: 0,
        amount: 0,
        taxRateBp: l.taxRateBp,
        taxAmount: 0,
        fallbackUnitCost: 0,
        baseLineId: l.id,
        move: { kind: 'arrive', from: sent.locationId, sent: { qty: sent.qtyDelta, value: sent.valueDelta } },
      };
    });
    return writeDocument(db, actor, {
      type: 'transfer_in',
      uuid: input.uuid,
      requestHash: hash,
      locationId: activeLocation(db, t.toLocationId!),
      baseDocumentId: t.id,
      note: input.note ?? null,
      lines,
      payments: [],
      change: 0,
      businessDate: input.businessDate,
    });
  });
}

/** Each transfer line's received quantity: as sent unless listed; a listed line must be the transfer's, once. */
function receivedQuantities(stored: docs.LineRow[], given: ReceiveInput['lines']): Map<number, number> {
  const out = new Map(stored.map((l) => [l.id, l.qty]));
  const seen = new Set<number>();
  for (const g of given ?? []) {
    const line = stored.find((l) => l.id === g.lineId);
    if (!line) fail('validation', `line ${g.lineId} is not on this transfer`);
    if (seen.has(g.lineId)) fail('validation', `line ${line!.lineNo} is listed twice`);
    if (g.qty > line!.qty)
      fail('validation', `line ${line!.lineNo}: ${g.qty / 1000} received of ${line!.qty / 1000} sent; a surplus is counted, not received`);
    seen.add(g.lineId);
    out.set(g.lineId, g.qty);
  }
  return out;
}
