import { createHash } from 'node:crypto';
import type { Rounding } from '../contract/catalog-types';
import { LIMITS } from '../contract/primitives';
import { mulDivRound } from '../money';

/** Minor units in one unit of the shop's currency (kopecks in a rouble, cents in a dollar). */
const UNIT = 100;

/**
 * A price rounded as the shop likes them: to the nearest whole unit, or to the nearest price ending in .90 or .99
 * (half way goes up). Integers throughout; a price never rounds below the ending itself (0.30 → 0.90).
 */
export function roundPrice(minor: number, rounding: Rounding): number {
  if (rounding === 'none') return minor;
  const ending = rounding === 'whole' ? 0 : rounding === '90' ? 90 : 99;
  const rest = (((minor - ending) % UNIT) + UNIT) % UNIT;
  const down = minor - ending - rest;
  return Math.max(ending, (rest * 2 >= UNIT ? down + UNIT : down) + ending);
}

export type PriceStep = { kind: 'percent'; bp: number } | { kind: 'amount'; minor: number };

/** A price after the step, then rounded; never below zero nor above the unit price limit. */
export function changedPrice(price: number, step: PriceStep, rounding: Rounding): number {
  const raw = step.kind === 'percent' ? mulDivRound(price, 10_000 + step.bp, 10_000) : price + step.minor;
  return Math.min(LIMITS.unitPrice, roundPrice(Math.max(0, raw), rounding));
}

/** Retail from cost by a category's markup (3500 bp: cost × 1.35), rounded by its rule. */
export const markupPrice = (cost: number, markupBp: number, rounding: Rounding): number =>
  Math.min(LIMITS.unitPrice, roundPrice(mulDivRound(cost, 10_000 + markupBp, 10_000), rounding));

/** Names a list of changes: the same products going from the same prices to the same prices give the same token. */
export const changesToken = (changes: { productId: number; from: number; to: number }[]): string =>
  createHash('sha256')
    .update(JSON.stringify(changes.map((c) => [c.productId, c.from, c.to])))
    .digest('hex');
