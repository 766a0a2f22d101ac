import { mulDivRound } from '../money';

/*
 * Moving-average cost, per product and location. The average itself is never stored rounded: on_hand keeps the
 * quantity and the total value (minor units, exact sums of the movements), and the average is value / qty.
 *  - A receipt adds qty x unit cost to the value, so the new average is
 *    (old qty x old average + received qty x unit cost) / new qty, with no rounding but that of the line's value.
 *  - Anything going out takes round(value x qty out / qty on hand), halves away from zero (money.ts mulDivRound);
 *    taking all that is on hand takes exactly the value, so rounding never piles up in the stock.
 *  - With nothing (or less than nothing) on hand before a receipt, the average restarts at the receipt's unit cost:
 *    the stock after is valued at new qty x unit cost (receivedValue), so goods sold short at the fallback cost
 *    leave no stale value behind.
 *  - A reversal (cancel.ts) negates its document's movements exactly, quantity and value: when nothing has moved
 *    since, quantity and average are exactly what they were before the receipt; goods sold in between keep the
 *    cost of goods they were booked at (sales are never re-costed).
 */

export interface Stock {
  qty: number;
  value: number;
}

/**
 * Cost of taking qty out at moving-average cost. Whatever is on hand goes at its average; any part
 * beyond it (selling goods not yet received, which must never stop a sale) goes at the fallback unit cost.
 */
export function outgoingCost(stock: Stock, qty: number, fallbackUnitCost: number): number {
  if (stock.qty <= 0) return mulDivRound(fallbackUnitCost, qty, 1000);
  if (qty <= stock.qty) return mulDivRound(stock.value, qty, stock.qty);
  return stock.value + mulDivRound(fallbackUnitCost, qty - stock.qty, 1000);
}

/** Average cost per whole unit, or the fallback when nothing is on hand to average. */
export function averageUnitCost(stock: Stock, fallbackUnitCost: number): number {
  return stock.qty > 0 ? mulDivRound(stock.value, 1000, stock.qty) : fallbackUnitCost;
}

/**
 * The value a purchase of qty at unitCost adds to the stock: qty x unitCost, unless nothing is on hand, when the
 * stock after is revalued at the receipt's cost (the average restarts there).
 */
export function receivedValue(stock: Stock, qty: number, unitCost: number): number {
  if (stock.qty > 0) return mulDivRound(unitCost, qty, 1000);
  return mulDivRound(unitCost, stock.qty + qty, 1000) - stock.value;
}
