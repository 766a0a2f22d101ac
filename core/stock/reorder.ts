/** Reorder: what to order of each product under its minimum, grouped by main supplier (a purchase order's shape). */
import type { ReorderCandidate } from '../../db/queries/stock-views';
import type { ReorderGroup, ReorderLine, ReorderSuggestion } from '../contract/stock-types';
import { lineAmount } from '../money';

export interface ReorderRule {
  basis: 'max' | 'velocity';
  days: number;
  /** For suppliers without a lead time of their own. */
  leadTimeDays: number;
}

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

/**
 * The quantity to order, thousandths. 'max' fills up to the maximum (to the minimum where none is set). 'velocity'
 * aims at the minimum plus what sells over the lead time at the period's pace (sold × lead days / period days,
 * rounded up). Either is rounded up to whole supplier packs, and goods sold by the piece to whole pieces.
 */
export function orderQty(c: ReorderCandidate, rule: ReorderRule): number {
  const lead = c.leadTimeDays ?? rule.leadTimeDays;
  const target = rule.basis === 'max' ? (c.maxStock ?? c.minStock) : c.minStock + ceilDiv(Math.max(c.sold, 0) * lead, rule.days);
  const need = Math.max(target - c.onHand, 0);
  const step = c.packQty ?? (c.unit === 'pcs' ? 1000 : 1);
  return ceilDiv(need, step) * step;
}

export function suggestReorder(candidates: ReorderCandidate[], rule: ReorderRule): ReorderSuggestion {
  const groups = new Map<number | null, ReorderGroup>();
  for (const c of candidates) {
    const qty = orderQty(c, rule);
    if (qty === 0) continue;
    const line: ReorderLine = {
      productId: c.productId,
      sku: c.sku,
      name: c.name,
      unit: c.unit,
      onHand: c.onHand,
      minStock: c.minStock,
      maxStock: c.maxStock,
      packQty: c.packQty,
      soldInPeriod: c.sold,
      qty,
      unitCost: c.cost,
      amount: lineAmount(c.cost, qty),
    };
    let g = groups.get(c.supplierId);
    if (!g) {
      g = {
        supplierId: c.supplierId,
        supplierName: c.supplierName,
        leadTimeDays: c.leadTimeDays ?? rule.leadTimeDays,
        lines: [],
        total: 0,
      };
      groups.set(c.supplierId, g);
    }
    g.lines.push(line);
    g.total += line.amount;
  }
  // Candidates come ordered by supplier name (those without one last), so the groups are too.
  return { basis: rule.basis, days: rule.days, groups: [...groups.values()] };
}
