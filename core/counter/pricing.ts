/**
 * Cart pricing, pure: line discounts, the receipt and loyalty discounts spread over the lines, cash rounding,
 * taxes per rate. Integer minor units throughout; every spread is exact (largest remainder), so the lines always
 * add up to the total that is charged.
 */
import type { TaxLine } from '../contract/counter-types';
import { includedTax, lineAmount, percentOf, spreadProportional } from '../money';

export interface PricingLine {
  qty: number;
  price: number;
  taxRateBp: number;
  discountBp: number | null;
  discountAmount: number | null;
}

export interface PricingInput {
  lines: PricingLine[];
  receipt: { discountBp: number | null; discountAmount: number | null };
  loyaltyBp: number;
  /** Round the total down to this step (cash paid in full); 1 or undefined: no rounding. */
  roundingStep?: number;
}

export interface PricedLine {
  gross: number;
  /** The line's own discount (percent or amount). */
  lineDiscount: number;
  /** Everything off the line: own discount + its share of receipt/loyalty discounts + its share of rounding. */
  discount: number;
  amount: number;
  taxAmount: number;
}

export interface Priced {
  lines: PricedLine[];
  /** Sum of lines after their own discounts, before receipt discounts. */
  subtotal: number;
  receiptDiscount: number;
  loyaltyDiscount: number;
  rounding: number;
  total: number;
  taxes: TaxLine[];
}

/** The discount a percent or an amount makes on a base, never more than the base. */
export const discountOn = (base: number, bp: number | null, amount: number | null): number =>
  Math.min(base, bp != null ? percentOf(base, bp) : (amount ?? 0));

/** Largest multiple of step not above total (rounding in the customer's favour). */
export const roundDownTo = (total: number, step: number): number => (step > 1 && total > 0 ? total - (total % step) : total);

export function priceCart(input: PricingInput): Priced {
  const first = input.lines.map((l) => {
    const gross = lineAmount(l.price, l.qty);
    const lineDiscount = discountOn(gross, l.discountBp, l.discountAmount);
    return { gross, lineDiscount, net: gross - lineDiscount };
  });
  const subtotal = first.reduce((s, l) => s + l.net, 0);
  const receiptDiscount = discountOn(subtotal, input.receipt.discountBp, input.receipt.discountAmount);
  const loyaltyDiscount = percentOf(subtotal - receiptDiscount, input.loyaltyBp);
  const shares = spreadProportional(
    receiptDiscount + loyaltyDiscount,
    first.map((l) => l.net),
  );
  const afterReceipt = first.map((l, i) => l.net - shares[i]!);
  const beforeRounding = afterReceipt.reduce((s, a) => s + a, 0);
  const total = roundDownTo(beforeRounding, input.roundingStep ?? 1);
  const rounding = beforeRounding - total;
  const roundShares = spreadProportional(rounding, afterReceipt);
  const lines = input.lines.map<PricedLine>((l, i) => {
    const f = first[i]!;
    const amount = afterReceipt[i]! - roundShares[i]!;
    return {
      gross: f.gross,
      lineDiscount: f.lineDiscount,
      discount: f.gross - amount,
      amount,
      taxAmount: includedTax(amount, l.taxRateBp),
    };
  });
  return {
    lines,
    subtotal,
    receiptDiscount,
    loyaltyDiscount,
    rounding,
    total,
    taxes: taxBreakdown(input.lines.map((l, i) => ({ rateBp: l.taxRateBp, amount: lines[i]!.amount, tax: lines[i]!.taxAmount }))),
  };
}

/** Gross and tax per rate, highest rate first; the tax is the sum of the lines' taxes (as on the receipt). */
export function taxBreakdown(lines: { rateBp: number; amount: number; tax: number }[]): TaxLine[] {
  const by = new Map<number, TaxLine>();
  for (const l of lines) {
    const t = by.get(l.rateBp) ?? { rateBp: l.rateBp, amount: 0, tax: 0 };
    t.amount += l.amount;
    t.tax += l.tax;
    by.set(l.rateBp, t);
  }
  return [...by.values()].sort((a, b) => b.rateBp - a.rateBp);
}

/** The loyalty percent for purchases so far: the best tier reached. */
export function loyaltyBpFor(totalPurchases: number, tiers: readonly { minTotal: number; percentBp: number }[]): number {
  return tiers.filter((t) => totalPurchases >= t.minTotal).reduce((best, t) => Math.max(best, t.percentBp), 0);
}
