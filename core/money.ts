/**
 * Integer arithmetic for money (minor units) and quantities (thousandths). Products of two
 * such numbers can pass 2^53, so the multiply-divide goes through BigInt unless the figures are small enough for
 * doubles to stay exact (every line of every sale: BigInt was a good part of a sale's own work).
 */

/** Below 2^52 the product, the remainder and twice the remainder are all exact in a double. */
const EXACT = 2 ** 52;

/** round(a * b / c), halves away from zero. */
export function mulDivRound(a: number, b: number, c: number): number {
  if (c === 0) throw new RangeError('mulDivRound: division by zero');
  const p = a * b;
  if (Number.isInteger(a) && Number.isInteger(b) && Number.isInteger(c) && Math.abs(p) < EXACT && Math.abs(c) < EXACT) {
    const an = Math.abs(p);
    const ad = Math.abs(c);
    // The float quotient may be off by one either way; the remainder says so, and is exact.
    let q = Math.floor(an / ad);
    let r = an - q * ad;
    if (r < 0) {
      q -= 1;
      r += ad;
    } else if (r >= ad) {
      q += 1;
      r -= ad;
    }
    if (2 * r >= ad) q += 1;
    // Never -0: the BigInt path gives 0, and stored or compared figures must not tell them apart.
    return q !== 0 && p < 0 !== c < 0 ? -q : q;
  }
  return mulDivRoundBig(a, b, c);
}

function mulDivRoundBig(a: number, b: number, c: number): number {
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (2n * ad);
  return Number(neg ? -q : q);
}

/** Line amount: price per whole unit times quantity in thousandths. */
export const lineAmount = (price: number, qty: number): number => mulDivRound(price, qty, 1000);

/** Tax contained in a tax-inclusive amount at a rate in basis points. */
export const includedTax = (amount: number, rateBp: number): number => (rateBp === 0 ? 0 : mulDivRound(amount, rateBp, 10000 + rateBp));

/**
 * Splits `total` over `weights` in proportion, exactly: each share is floored, then the units left over go to
 * the largest remainders (ties to the earlier weight). The shares always sum to `total`. Weights must be >= 0;
 * with all weights zero the whole total goes to nobody and every share is 0 unless total is 0.
 */
export function spreadProportional(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + BigInt(w), 0n);
  if (sum === 0n || total === 0) return weights.map(() => 0);
  const t = BigInt(total);
  const sign = t < 0n ? -1n : 1n;
  const at = t * sign;
  const raw = weights.map((w) => {
    const n = at * BigInt(w);
    return { q: n / sum, r: n % sum };
  });
  let left = at - raw.reduce((s, x) => s + x.q, 0n);
  const order = raw.map((x, i) => ({ i, r: x.r })).sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  const out = raw.map((x) => x.q);
  for (const o of order) {
    if (left <= 0n) break;
    out[o.i]! += 1n;
    left--;
  }
  return out.map((x) => Number(x * sign));
}

/** The basis points `part` is of `whole`, rounded up (so 5.01 % counts as over a 5 % limit). */
export function basisPoints(part: number, whole: number): number {
  if (whole <= 0) return part > 0 ? 10000 : 0;
  const n = BigInt(part) * 10000n;
  const d = BigInt(whole);
  return Number((n + d - 1n) / d);
}

/** The part of `amount` a percent in basis points makes, rounded half away from zero. */
export const percentOf = (amount: number, bp: number): number => mulDivRound(amount, bp, 10000);
