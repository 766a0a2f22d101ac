/**
 * Sale lines, built one way for every path that sells (cart.pay, sale.post): the item's unit price and list price,
 * its discounts, the receipt and loyalty discounts and the cash rounding spread over the lines (counter/pricing.ts),
 * then the counter lines the engine writes (counter-doc.ts). A line priced off the list keeps the list price (catalog_price), so an
 * override stays visible on the document; approving it is the caller's business, before the transaction.
 */
import type { Db } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import type { ProductRow } from '../../db/queries/products';
import { LIMITS } from '../contract/primitives';
import { priceCart, type Priced, type PricingInput } from '../counter/pricing';
import { fail } from '../errors';
import { lineAmount } from '../money';
import type { CounterLine } from './counter-doc';

export interface SaleItem {
  product: Pick<ProductRow, 'id' | 'name' | 'unit' | 'taxRateBp' | 'cost' | 'active'>;
  qty: number;
  /** The unit price charged, before discounts. */
  price: number;
  /** The list price when the line was made; a different price is an override. */
  catalogPrice: number;
  discountBp?: number | null;
  discountAmount?: number | null;
  marking?: string | null;
}

/** Goods sold by the piece move in whole pieces on every path; weighed and measured goods take thousandths. */
export function requireWholeUnits(p: { unit: string; name: string }, qty: number): void {
  if (p.unit === 'pcs' && qty % 1000 !== 0) fail('validation', `${p.name} is counted in whole pieces: ${qty / 1000} is not a whole number`);
}

/** A line worth more than a line may be (see LIMITS) is refused when it is made, not only when it is posted. */
export function requireLineWithinLimits(p: { name: string }, price: number, qty: number): void {
  const amount = lineAmount(price, qty);
  if (amount > LIMITS.lineAmount)
    fail('validation', `${p.name}: a line of ${amount} minor units is above the limit of ${LIMITS.lineAmount}`);
}

/** The items' pricing input, in the same order (the priced lines match the items by index). */
export const pricingLines = (items: readonly SaleItem[]): PricingInput['lines'] =>
  items.map((it) => ({
    qty: it.qty,
    price: it.price,
    taxRateBp: it.product.taxRateBp,
    discountBp: it.discountBp ?? null,
    discountAmount: it.discountAmount ?? null,
  }));

export interface SaleDiscounts {
  receipt?: PricingInput['receipt'];
  loyaltyBp?: number;
  /** Paid entirely in cash: the total rounds down to this step. */
  roundingStep?: number;
}

/** Checks the items (on sale, whole pieces, within the limits), prices them and turns them into the lines to post. */
export function priceSale(items: readonly SaleItem[], d: SaleDiscounts = {}): { lines: CounterLine[]; priced: Priced } {
  for (const it of items) {
    if (!it.product.active) fail('product_inactive', `${it.product.name} is not on sale (inactive)`);
    requireWholeUnits(it.product, it.qty);
    requireLineWithinLimits(it.product, it.price, it.qty);
  }
  const priced = priceCart({
    lines: pricingLines(items),
    receipt: d.receipt ?? { discountBp: null, discountAmount: null },
    loyaltyBp: d.loyaltyBp ?? 0,
    roundingStep: d.roundingStep,
  });
  const lines = items.map<CounterLine>((it, i) => {
    const p = priced.lines[i]!;
    return {
      productId: it.product.id,
      qty: it.qty,
      price: it.price,
      amount: p.amount,
      taxRateBp: it.product.taxRateBp,
      taxAmount: p.taxAmount,
      fallbackUnitCost: it.product.cost,
      move: { kind: 'out' },
      discount: p.discount,
      catalogPrice: it.catalogPrice,
      marking: it.marking ?? null,
    };
  });
  return { lines, priced };
}

export interface PriceOverride {
  lineNo: number;
  productId: number;
  qty: number;
  catalogPrice: number;
  price: number;
}

/** The lines priced off the list, numbered as on the document: what a price override approval is about. */
export function priceOverrides(lines: readonly Pick<CounterLine, 'productId' | 'qty' | 'price' | 'catalogPrice'>[]): PriceOverride[] {
  return lines.flatMap((l, i) =>
    l.catalogPrice == null || l.price === l.catalogPrice
      ? []
      : [{ lineNo: i + 1, productId: l.productId, qty: l.qty, catalogPrice: l.catalogPrice, price: l.price }],
  );
}

/**
 * One audit row per line posted off the list price, in the posting transaction; the loss report counts them with the
 * cart's overrides. `amount`: what the customer gained against the list (less paid for a sale, more refunded).
 */
export function auditPriceOverrides(
  db: Db,
  userId: number,
  kind: 'sale' | 'return',
  documentId: number,
  overrides: readonly PriceOverride[],
  approvedBy: number | null,
): void {
  for (const o of overrides) {
    const gained = lineAmount(o.catalogPrice, o.qty) - lineAmount(o.price, o.qty);
    appendAudit(db, {
      userId,
      action: `${kind}.price_override`,
      entity: 'document',
      entityId: documentId,
      data: { ...o, amount: kind === 'sale' ? gained : -gained, approvedBy },
    });
  }
}
