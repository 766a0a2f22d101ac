/**
 * The counter's part of a document. Sales and returns (cart.pay, sale.post, return.post, doc.post type 'return' and
 * their cancellations) belong to the cash shift open where the money crosses the counter, may name the customer,
 * carry the cash rounding (already spread over line discounts) and keep each line's discount, list price and
 * marking. The engine asks this part for its columns first thing in the posting transaction: with no shift open
 * there, nothing is written, whichever path posts.
 */
import type { LineRow } from '../../db/queries/documents';
import { LIMITS } from '../contract/primitives';
import type { DocType } from '../contract/types';
import { requireOpenShift } from '../counter/shifts';
import { within, type CounterDocType, type PreparedDoc, type PreparedLine } from './engine';

export interface CounterLine extends PreparedLine {
  /** In minor units: amount = price * qty / 1000 - discount (receipt and loyalty discounts and rounding included). */
  discount: number;
  /** The list price when the line was made (null: not known); a different price is an override. */
  catalogPrice: number | null;
  /** The item's GS1 marking code, if it carries one. */
  marking: string | null;
}

type CounterFields = Omit<Extract<PreparedDoc, { type: CounterDocType }>, 'part' | 'lines'>;

export interface CounterDocInput extends CounterFields {
  lines: CounterLine[];
  customerId?: number | null;
  /** The cash rounding, already part of the lines' discounts. */
  rounding?: number;
}

/** A counter document as the engine takes it, its lines still readable as counter lines (override approvals read them). */
export type CounterDoc = Extract<PreparedDoc, { type: CounterDocType }> & { lines: CounterLine[] };

export const isCounterDocType = (type: DocType): type is CounterDocType => type === 'sale' || type === 'return';

/** The one way a sale or return is prepared for the engine: its lines and the counter's part made of them. */
export function counterDoc({ customerId = null, rounding = 0, ...doc }: CounterDocInput): CounterDoc {
  const { lines } = doc;
  return {
    ...doc,
    part: {
      columns: (db, d) => {
        // The Z report counts the money of its shift's documents: none crosses the counter outside an open shift.
        const shift = requireOpenShift(db, d.locationId);
        lines.forEach((l, i) => within(l.discount, LIMITS.lineAmount, () => `line ${i + 1} (product ${l.productId}): the discount`));
        return {
          header: { shiftId: shift.id, customerId, rounding },
          lines: lines.map((l) => ({ discount: l.discount, catalogPrice: l.catalogPrice, marking: l.marking })),
        };
      },
    },
  };
}

/** A posted counter line's own fields, negated where they are money: the line of its reversal. */
export const reversedCounterLine = (stored: LineRow, line: PreparedLine): CounterLine => ({
  ...line,
  discount: -stored.discount,
  catalogPrice: stored.catalogPrice,
  marking: stored.marking,
});
