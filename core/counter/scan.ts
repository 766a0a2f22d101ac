/** What a scanned code means at the till: which product, how much, and the marking to keep. */
import type { Db } from '../../db/connection';
import { productByPlu, productBySku } from '../../db/queries/counter/carts';
import { productByBarcode, type ProductRow } from '../../db/queries/products';
import type { BarcodeRule } from '../contract/types';
import { parseScan } from '../devices/barcodes';
import { fail } from '../errors';
import { lineAmount, mulDivRound } from '../money';

export interface ScanHit {
  product: ProductRow;
  qty: number;
  /** Unit price when a price-embedded label needs one that differs from the catalog (rare). */
  price: number;
  /** The raw GS1 string of a marked item. */
  marking: string | null;
  /** Set for a weighed-goods label: such lines are never merged. */
  scanCode: string | null;
}

const byForms = (db: Db, forms: string[]): ProductRow | undefined => {
  for (const f of forms) {
    const p = productByBarcode(db, f);
    if (p) return p;
  }
  return undefined;
};

/**
 * The quantity a price-embedded label stands for. The scale computed label = round(price * grams / 1000), so
 * the grams that reproduce the label at the catalog price are searched next to label / price; if the scale
 * used another price, the unit price is derived from the label instead, so the line still charges the label.
 */
export function qtyForLabelPrice(label: number, unitPrice: number): { qty: number; price: number } {
  if (unitPrice <= 0) fail('invalid_state', 'the product has no price: a price label cannot be converted to a quantity');
  const guess = Math.max(1, mulDivRound(label, 1000, unitPrice));
  for (const q of [guess, guess - 1, guess + 1]) if (q > 0 && lineAmount(unitPrice, q) === label) return { qty: q, price: unitPrice };
  return { qty: guess, price: mulDivRound(label, 1000, guess) };
}

export function resolveScan(db: Db, code: string, rules: readonly BarcodeRule[]): ScanHit {
  const s = parseScan(code, rules);
  if (!s.ok) {
    if (s.error === 'empty') return fail('validation', 'empty scan');
    return fail('invalid_barcode', s.message);
  }
  let hit: ScanHit;
  switch (s.kind) {
    case 'gtin':
    case 'restricted': {
      const p = byForms(db, s.lookup) ?? fail('unknown_barcode', `no product has barcode ${s.code}`);
      hit = { product: p, qty: 1000, price: p.price, marking: null, scanCode: null };
      break;
    }
    case 'weighed': {
      const plu = Number(s.itemCode);
      const p = productByPlu(db, plu) ?? fail('unknown_barcode', `${s.code}: no weighed product has PLU ${plu}`);
      if (s.measure === 'weight_g') {
        if (s.qty <= 0) fail('invalid_barcode', `${s.code}: the label weighs nothing`);
        hit = { product: p, qty: s.qty, price: p.price, marking: null, scanCode: s.code };
      } else {
        if (s.price <= 0) fail('invalid_barcode', `${s.code}: the label has no price`);
        const q = qtyForLabelPrice(s.price, p.price);
        hit = { product: p, qty: q.qty, price: q.price, marking: null, scanCode: s.code };
      }
      break;
    }
    case 'gs1': {
      const p = byForms(db, s.lookup) ?? fail('unknown_barcode', `no product has GTIN ${s.gtin}`);
      hit = { product: p, qty: 1000, price: p.price, marking: s.raw, scanCode: null };
      break;
    }
    case 'text': {
      const text = s.code.trim();
      const p = productByBarcode(db, text) ?? productBySku(db, text) ?? fail('unknown_barcode', `no product has barcode or SKU ${text}`);
      hit = { product: p, qty: 1000, price: p.price, marking: null, scanCode: null };
      break;
    }
  }
  if (!hit.product.active) fail('product_inactive', `${hit.product.name} is not on sale (inactive)`);
  return hit;
}
