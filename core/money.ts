/**
 * Integer arithmetic for money (minor units) and quantities (thousandths). Products of two
 * such numbers can pass 2^53, so the multiply-divide goes through BigInt.
 */

/** round(a * b / c), halves away from zero. */
export function mulDivRound(a: number, b: number, c: number): number {
  if (c === 0) throw new RangeError('mulDivRound: division by zero');
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
