import { describe, expect, it } from 'vitest';
import { loyaltyBpFor, priceCart, roundDownTo } from '../core/counter/pricing';
import { qtyForLabelPrice } from '../core/counter/scan';
import { basisPoints, lineAmount, mulDivRound, spreadProportional } from '../core/money';

describe('exact money helpers', () => {
  it('mulDivRound is round(a * b / c), halves away from zero, exact on both sides of 2^52 (a quick path below it)', () => {
    const exact = (a: number, b: number, c: number): number => {
      const n = BigInt(a) * BigInt(b);
      const d = BigInt(c);
      const q = ((n < 0n ? -n : n) * 2n + (d < 0n ? -d : d)) / (2n * (d < 0n ? -d : d));
      return Number(n < 0n !== d < 0n ? -q : q);
    };
    expect(mulDivRound(5, 1, 2)).toBe(3);
    expect(mulDivRound(-5, 1, 2)).toBe(-3);
    expect(mulDivRound(5, -1, -2)).toBe(3);
    expect(mulDivRound(1, 1, 3)).toBe(0);
    expect(Object.is(mulDivRound(-1, 1, 3), 0)).toBe(true);
    const near = [1, 2, 3, 999, 1000, 1001, 10_000, 12_000, 2 ** 26 - 1, 2 ** 26, 94906265, 2 ** 51 - 1, 2 ** 52 - 1, 2 ** 52, 2 ** 53 - 1];
    let x = 12345;
    const rand = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const figures = [...near, ...Array.from({ length: 200 }, () => Math.floor(rand() ** 4 * 2 ** 53))];
    for (let i = 0; i < 4000; i++) {
      const pick = () => figures[Math.floor(rand() * figures.length)]! * (rand() < 0.3 ? -1 : 1);
      const a = pick();
      const c = pick() || 1;
      const b = rand() < 0.5 ? pick() : Math.floor(rand() * 2 ** 26) * (rand() < 0.3 ? -1 : 1);
      expect([a, b, c, mulDivRound(a, b, c)]).toEqual([a, b, c, exact(a, b, c)]);
      // Exact halves and near-halves, where a wrong float quotient would show.
      const h = Math.floor(rand() * 2 ** 25) + 1;
      expect(mulDivRound(2 * h + 1, h, 2 * h)).toBe(exact(2 * h + 1, h, 2 * h));
      expect(mulDivRound(a, 1, 2)).toBe(exact(a, 1, 2));
    }
  });

  it('spreads by largest remainder: shares sum exactly, ties go to the earlier weight', () => {
    expect(spreadProportional(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(spreadProportional(10, [0, 5, 5])).toEqual([0, 5, 5]);
    expect(spreadProportional(7, [0, 0])).toEqual([0, 0]);
    expect(spreadProportional(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    // Products past 2^53 stay exact.
    const big = spreadProportional(999_999_999_999, [3_000_000_000_000, 1, 7]);
    expect(big.reduce((a, b) => a + b, 0)).toBe(999_999_999_999);
    for (let seed = 1; seed < 200; seed++) {
      const w = Array.from({ length: 1 + (seed % 7) }, (_, i) => (seed * 7919 + i * 104729) % 10007);
      const total = (seed * 31337) % 100000;
      const out = spreadProportional(total, w);
      if (w.some((x) => x > 0)) expect(out.reduce((a, b) => a + b, 0)).toBe(total);
      out.forEach((x, i) => {
        expect(x).toBeGreaterThanOrEqual(0);
        if (w[i] === 0) expect(x).toBe(0);
      });
    }
  });

  it('basis points round up, so a hair over a limit is over it', () => {
    expect(basisPoints(500, 10000)).toBe(500);
    expect(basisPoints(501, 10000)).toBe(501);
    expect(basisPoints(1, 30000)).toBe(1);
  });
});

describe('cart pricing', () => {
  const line = (price: number, qty: number, taxRateBp = 2000, d: { bp?: number; amount?: number } = {}) => ({
    price,
    qty,
    taxRateBp,
    discountBp: d.bp ?? null,
    discountAmount: d.amount ?? null,
  });

  it('line and receipt discounts land on the lines, and the lines add up to the total', () => {
    const p = priceCart({
      lines: [line(10000, 1000), line(3333, 3000, 1000, { bp: 1000 }), line(12345, 523, 0, { amount: 100 })],
      receipt: { discountBp: null, discountAmount: 1001 },
      loyaltyBp: 300,
    });
    const gross = lineAmount(10000, 1000) + lineAmount(3333, 3000) + lineAmount(12345, 523);
    expect(p.subtotal).toBe(gross - 1000 - 100);
    expect(p.receiptDiscount).toBe(1001);
    expect(p.loyaltyDiscount).toBe(Math.round((p.subtotal - 1001) * 0.03));
    expect(p.lines.reduce((s, l) => s + l.amount, 0)).toBe(p.total);
    expect(p.total).toBe(p.subtotal - p.receiptDiscount - p.loyaltyDiscount);
    for (const l of p.lines) expect(l.amount).toBe(l.gross - l.discount);
    expect(p.taxes.map((t) => t.rateBp)).toEqual([2000, 1000, 0]);
    expect(p.taxes.reduce((s, t) => s + t.amount, 0)).toBe(p.total);
  });

  it('a discount never makes a line negative', () => {
    const p = priceCart({
      lines: [line(100, 1000, 0, { amount: 5000 })],
      receipt: { discountBp: null, discountAmount: 5000 },
      loyaltyBp: 0,
    });
    expect(p.total).toBe(0);
    expect(p.lines[0]!.amount).toBe(0);
  });

  it('cash rounding goes down to the step and is spread over the lines', () => {
    const p = priceCart({
      lines: [line(1999, 1000), line(2999, 1000)],
      receipt: { discountBp: null, discountAmount: null },
      loyaltyBp: 0,
      roundingStep: 100,
    });
    expect(p.total).toBe(4900);
    expect(p.rounding).toBe(98);
    expect(p.lines.reduce((s, l) => s + l.amount, 0)).toBe(4900);
    expect(roundDownTo(4998, 1)).toBe(4998);
  });

  it('loyalty: the best tier reached', () => {
    const tiers = [
      { minTotal: 500000, percentBp: 300 },
      { minTotal: 2000000, percentBp: 500 },
    ];
    expect(loyaltyBpFor(0, tiers)).toBe(0);
    expect(loyaltyBpFor(500000, tiers)).toBe(300);
    expect(loyaltyBpFor(3000000, tiers)).toBe(500);
  });

  it('a price label becomes the weight that reproduces it at the catalog price', () => {
    for (const [price, grams] of [
      [89900, 523],
      [13900, 1],
      [4900, 2750],
      [59900, 999],
    ] as const) {
      const label = lineAmount(price, grams);
      const r = qtyForLabelPrice(label, price);
      expect(lineAmount(r.price, r.qty)).toBe(label);
    }
  });
});
