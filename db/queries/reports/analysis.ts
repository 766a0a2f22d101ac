/** ABC/XYZ of products and RF segments of customers, from sales and returns dated in the period. */
import type { Db } from '../../connection';
import { profitBy, type Row } from './sales';
import { daysBetween, daysIn, sharesBp, type Period } from './shares';

/**
 * ABC by cumulative share: sorted by the figure (largest first), a product is A while the share of those before
 * it is under 80 %, B under 95 %, C after (so the largest is always A). Products whose figure is zero or less are C.
 */
export function abcClasses(values: readonly number[]): { shareBp: number; cumulativeBp: number; cls: 'A' | 'B' | 'C' }[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => b.v - a.v || a.i - b.i);
  const shares = sharesBp(order.map((o) => o.v));
  const out: { shareBp: number; cumulativeBp: number; cls: 'A' | 'B' | 'C' }[] = new Array(values.length);
  let before = 0;
  order.forEach((o, k) => {
    const cls = o.v <= 0 ? 'C' : before < 8000 ? 'A' : before < 9500 ? 'B' : 'C';
    before += shares[k]!;
    out[o.i] = { shareBp: shares[k]!, cumulativeBp: before, cls };
  });
  return out;
}

/**
 * XYZ by the coefficient of variation of weekly demand (population standard deviation ÷ mean, in basis points)
 * over the period's weeks counted from its first day (the last week may be short): X up to 10 %, Y up to 25 %,
 * Z above, or no demand at all.
 */
export function xyzClass(weekly: readonly number[]): { cvBp: number | null; cls: 'X' | 'Y' | 'Z' } {
  const mean = weekly.reduce((a, b) => a + b, 0) / weekly.length;
  if (!(mean > 0)) return { cvBp: null, cls: 'Z' };
  const variance = weekly.reduce((a, w) => a + (w - mean) ** 2, 0) / weekly.length;
  const cvBp = Math.round((Math.sqrt(variance) / mean) * 10_000);
  return { cvBp, cls: cvBp <= 1000 ? 'X' : cvBp <= 2500 ? 'Y' : 'Z' };
}

export function abcXyz(db: Db, p: Period): Row[] {
  const rows = profitBy(db, { ...p, by: 'product' }) as {
    id: number;
    sku: string;
    name: string;
    unit: string;
    qty: number;
    netRevenue: number;
    margin: number;
  }[];
  const weeks = Math.ceil(daysIn(p) / 7);
  const weekly = new Map<number, number[]>();
  const demand = db.raw
    .prepare(
      `SELECT l.product_id AS productId, d.business_date AS day, SUM(CASE WHEN d.type = 'sale' THEN l.qty ELSE -l.qty END) AS qty
       FROM documents d INDEXED BY documents_type_business_date_idx JOIN document_lines l ON l.document_id = d.id
       WHERE d.type IN ('sale', 'return') AND d.business_date BETWEEN @from AND @to GROUP BY l.product_id, d.business_date`,
    )
    .all(p) as { productId: number; day: string; qty: number }[];
  for (const d of demand) {
    let w = weekly.get(d.productId);
    if (!w) weekly.set(d.productId, (w = new Array<number>(weeks).fill(0)));
    w[Math.floor(daysBetween(p.from, d.day) / 7)]! += d.qty;
  }
  const byRevenue = abcClasses(rows.map((r) => r.netRevenue));
  const byMargin = abcClasses(rows.map((r) => r.margin));
  return rows.map((r, i) => {
    const xyz = xyzClass(weekly.get(r.id) ?? new Array<number>(weeks).fill(0));
    return {
      productId: r.id,
      sku: r.sku,
      name: r.name,
      unit: r.unit,
      qty: r.qty,
      netRevenue: r.netRevenue,
      revenueShare: byRevenue[i]!.shareBp,
      revenueCumulative: byRevenue[i]!.cumulativeBp,
      abcRevenue: byRevenue[i]!.cls,
      margin: r.margin,
      marginShare: byMargin[i]!.shareBp,
      abcMargin: byMargin[i]!.cls,
      cv: xyz.cvBp,
      xyz: xyz.cls,
      abcXyz: `${byRevenue[i]!.cls}${xyz.cls}`,
    };
  });
}

/** Recency score: bought within 30 days 3, within 90 days 2, else 1. */
const recencyScore = (days: number): number => (days <= 30 ? 3 : days <= 90 ? 2 : 1);
/** Frequency score: 5 receipts or more in the period 3, 2 to 4 2, one 1. */
const frequencyScore = (n: number): number => (n >= 5 ? 3 : n >= 2 ? 2 : 1);

/** The RF segment of a recency and a frequency score. */
export function rfSegment(r: number, f: number): string {
  if (r === 3) return f === 3 ? 'champions' : f === 2 ? 'loyal' : 'new';
  if (r === 2) return f >= 2 ? 'needAttention' : 'aboutToSleep';
  return f >= 2 ? 'atRisk' : 'lost';
}

/**
 * Customers who bought in the period, by recency (days from the last receipt to the period's end) and frequency
 * (receipts in the period, net of cancellations), with their net revenue in it: a contact list by segment.
 */
export function customerSegments(db: Db, p: Period): Row[] {
  const rows = db.raw
    .prepare(
      `SELECT d.customer_id AS customerId, c.name, c.phone,
              SUM(CASE WHEN d.type = 'sale' THEN (CASE WHEN d.reversal_of IS NULL THEN 1 ELSE -1 END) ELSE 0 END) AS receipts,
              SUM(CASE WHEN d.type = 'sale' THEN d.total ELSE -d.total END) AS netRevenue,
              MAX(CASE WHEN d.type = 'sale' AND d.reversal_of IS NULL AND d.status = 'posted' THEN d.business_date END) AS lastPurchase
       FROM documents d INDEXED BY documents_type_business_date_idx JOIN customers c ON c.id = d.customer_id
       WHERE d.type IN ('sale', 'return') AND d.business_date BETWEEN @from AND @to AND d.customer_id IS NOT NULL
       GROUP BY d.customer_id`,
    )
    .all(p) as { customerId: number; name: string; phone: string; receipts: number; netRevenue: number; lastPurchase: string | null }[];
  return rows
    .filter((r) => r.receipts > 0 && r.lastPurchase !== null)
    .map((r) => {
      const recency = daysBetween(r.lastPurchase!, p.to);
      const R = recencyScore(recency);
      const F = frequencyScore(r.receipts);
      return { ...r, recencyDays: recency, r: R, f: F, segment: rfSegment(R, F) };
    })
    .sort((a, b) => b.netRevenue - a.netRevenue || a.customerId - b.customerId);
}
