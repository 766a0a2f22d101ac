import { mulDivRound } from '../money';

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
