/**
 * The one place a count's difference is worked out, for posting (engine.ts) and for the variance report alike.
 *
 * The book is the on-hand when the item was counted. Whatever moved after that moment (sales, returns, receipts
 * while the shop kept trading) is on the shelf and on the books alike, so the shelf now is counted + moved since and
 * the books now are book + moved since: the difference to post is counted - book, and on-hand after posting is the
 * counted figure plus what moved since it was counted. A count taken at the moment of posting (doc.post, a draft)
 * has the on-hand then as its book, which is the same rule with nothing moved since.
 */
import { mulDivRound } from '../money';
import { averageUnitCost, outgoingCost, type Stock } from './cost';

export interface CountFigures {
  /** Thousandths; + surplus, - shortage. */
  qty: number;
  /** Its cost value (minor units): a shortage leaves at the average cost, a surplus comes in at the average. */
  value: number;
}

/** `stock`: on-hand now (the cost averages over it); `fallbackUnitCost`: the product's cost when nothing is on hand. */
export function countDifference(stock: Stock, counted: number, book: number, fallbackUnitCost: number): CountFigures {
  const qty = counted - book;
  if (qty === 0) return { qty: 0, value: 0 };
  const value = qty < 0 ? -outgoingCost(stock, -qty, fallbackUnitCost) : mulDivRound(averageUnitCost(stock, fallbackUnitCost), qty, 1000);
  return { qty, value };
}
