/** Integer arithmetic the reports share: shares in basis points that add up exactly, rounded ratios. */

/** round(a * b / c), half away from zero, in integers (c > 0); exact while a * b stays a safe integer. */
export function mulDivRound(a: number, b: number, c: number): number {
  const p = a * b;
  const q = Math.trunc(p / c);
  const r = p - q * c;
  return 2 * Math.abs(r) >= c ? q + Math.sign(p) : q;
}

/** part / whole in basis points (1234 = 12.34 %), or null when the whole is not positive. */
export const ratioBp = (part: number, whole: number): number | null => (whole > 0 ? mulDivRound(part, 10_000, whole) : null);

/**
 * Each value's share of their sum in basis points, by the largest remainder: the shares add up to exactly 10,000
 * (so a column of shares and its running total end at 100.00 %). Non-positive values get 0 and take no share.
 */
export function sharesBp(values: readonly number[]): number[] {
  const positive = values.map((v) => (v > 0 ? v : 0));
  const whole = positive.reduce((a, b) => a + b, 0);
  if (whole === 0) return values.map(() => 0);
  const floors = positive.map((v) => Math.floor((v * 10_000) / whole));
  let left = 10_000 - floors.reduce((a, b) => a + b, 0);
  const order = positive
    .map((v, i) => ({ i, rem: (v * 10_000) % whole }))
    .filter((x) => positive[x.i]! > 0)
    .sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    floors[i]! += 1;
    left -= 1;
  }
  return floors;
}

export interface Period {
  from: string;
  to: string;
}

/** The day `by` days after `day` (YYYY-MM-DD; negative: before). */
export const addDays = (day: string, by: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + by * 86_400_000).toISOString().slice(0, 10);

/** Whole days from `a` to `b` (YYYY-MM-DD). */
export const daysBetween = (a: string, b: string): number =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** Days in [from, to], both inclusive (YYYY-MM-DD). */
export const daysIn = (p: Period): number => daysBetween(p.from, p.to) + 1;
