import { inTransaction, type Db } from '../../db/connection';
import { nowIso } from '../../db/prepared';
import * as docs from '../../db/queries/documents';
import { movementsOfDocument } from '../../db/queries/stock';
import type { DocType, PostResult } from '../contract/types';
import { fail } from '../errors';
import { drawerPart } from '../expenses/post';
import { counterDoc, isCounterDocType, reversedCounterLine } from './counter-doc';
import { replay, requestHash, writeDocument, type Actor, type PreparedLine } from './engine';

/**
 * Cancelling posts a reversal document that negates every line, movement and payment of the original, dated today
 * (not the original's day). A sale's or return's reversal is a counter document too: its money goes back over the
 * counter in the shift open now (the original's may be closed), and with no shift open it waits for one; so does
 * the money of an expense paid from a drawer, which goes back into the drawer open now.
 */
export function cancelDocument(
  db: Db,
  actor: Actor,
  input: { id: number; uuid: string; reason: string },
  /** A narrower right cancels only its own kind (expense.cancel, supplier.cancelPayment): checked in the transaction. */
  onlyKind?: DocType,
): PostResult {
  const hash = requestHash({ cancel: input.id, reason: input.reason });
  return inTransaction(db, () => {
    const again = replay(db, input.uuid, hash, () => 0);
    if (again) return again;
    const orig = docs.findDocument(db, input.id) ?? fail('not_found', `document ${input.id} does not exist`);
    if (onlyKind && orig.type !== onlyKind)
      fail('validation', `${orig.number} is of kind ${orig.type}, not ${onlyKind}: it is not cancelled here`);
    if (orig.reversalOf != null) fail('invalid_state', `${orig.number} is itself a reversal and cannot be cancelled`);
    if (orig.status !== 'posted') fail('invalid_state', `${orig.number} is ${orig.status}, only a posted document can be cancelled`);
    const dependents = docs.postedDependents(db, orig.id);
    if (dependents.length)
      fail(
        'has_dependents',
        `${orig.number} has posted documents based on it (${dependents.map((d) => d.number).join(', ')}); cancel those first`,
      );
    const moves = movementsOfDocument(db, orig.id);
    const stored = docs.linesOf(db, orig.id);
    const lines = stored.map<PreparedLine>((l) => ({
      productId: l.productId,
      qty: -l.qty,
      price: l.price,
      amount: -l.amount,
      taxRateBp: l.taxRateBp,
      taxAmount: -l.taxAmount,
      fallbackUnitCost: 0,
      fixedCost: -l.costAmount,
      baseLineId: l.id,
      move: { kind: 'reverse', moves: moves.filter((m) => m.lineId === l.id) },
    }));
    const common = {
      uuid: input.uuid,
      requestHash: hash,
      locationId: orig.locationId,
      toLocationId: orig.toLocationId,
      baseDocumentId: orig.baseDocumentId,
      reversalOf: orig.id,
      note: input.reason,
      payments: docs.paymentsOf(db, orig.id).map((p) => ({ method: p.method, amount: -p.amount })),
      change: 0,
    };
    const type = orig.type;
    const result = writeDocument(
      db,
      actor,
      isCounterDocType(type)
        ? counterDoc({
            ...common,
            type,
            lines: lines.map((l, i) => reversedCounterLine(stored[i]!, l)),
            customerId: orig.customerId,
            rounding: -orig.rounding,
          })
        : type === 'expense'
          ? { ...common, type, lines, part: orig.shiftId != null ? drawerPart(-orig.total) : undefined }
          : { ...common, type, lines },
    );
    docs.markCancelled(db, orig.id, nowIso());
    return result;
  });
}
