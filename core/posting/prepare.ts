import type { Db } from '../../db/connection';
import { getProducts, type ProductRow } from '../../db/queries/products';
import type { ApiParsed } from '../contract/api';
import { fail } from '../errors';
import { includedTax, lineAmount } from '../money';
import { activeLocation, transferEnds, transitLocation } from '../counter/context';
import { counterDoc, type CounterDoc } from './counter-doc';
import type { PreparedDoc, PreparedLine } from './engine';
import { priceSale, requireWholeUnits, type SaleItem } from './sale-lines';

/** The products of the lines; whether each may be sold is the caller's check. */
export function loadProducts(db: Db, ids: number[]): Map<number, ProductRow> {
  const found = getProducts(db, ids);
  for (const id of ids) if (!found.has(id)) fail('unknown_product', `product ${id} does not exist`);
  return found;
}

function pricedLine(p: ProductRow, qty: number, price: number): Omit<PreparedLine, 'move'> {
  const amount = lineAmount(price, qty);
  return {
    productId: p.id,
    qty,
    price,
    amount,
    taxRateBp: p.taxRateBp,
    taxAmount: includedTax(amount, p.taxRateBp),
    fallbackUnitCost: p.cost,
  };
}

/** An archived product is not written off or sent anywhere: its stock is what it is until it is brought back. */
function active(p: ProductRow): ProductRow {
  if (!p.active) fail('product_inactive', `${p.name} is archived; bring it back to the catalog first`);
  return p;
}

/** Card cannot exceed the total (no change on a card); cash may, and the excess is change. */
export function settle(total: number, tendered: { method: 'cash' | 'card'; amount: number }[]) {
  const card = tendered.filter((t) => t.method === 'card').reduce((s, t) => s + t.amount, 0);
  const cash = tendered.filter((t) => t.method === 'cash').reduce((s, t) => s + t.amount, 0);
  if (card > total) fail('payment_mismatch', `card payments (${card}) exceed the total (${total})`);
  if (cash + card < total) fail('payment_mismatch', `paid ${cash + card} of ${total}`);
  const change = cash + card - total;
  const payments: { method: 'cash' | 'card'; amount: number }[] = [];
  if (cash - change > 0) payments.push({ method: 'cash', amount: cash - change });
  if (card > 0) payments.push({ method: 'card', amount: card });
  return { payments, change };
}

/** sale.post lines as the counter sells them: at the catalog price unless a price is given (an override). */
export function saleItems(db: Db, lines: ApiParsed<'sale.post'>['lines']): SaleItem[] {
  const products = loadProducts(
    db,
    lines.map((l) => l.productId),
  );
  return lines.map((l) => {
    const p = products.get(l.productId)!;
    return { product: p, qty: l.qty, price: l.price ?? p.price, catalogPrice: p.price };
  });
}

/** A sale.post; its price overrides were approved before the transaction (the handler's business). */
export function prepareSale(db: Db, input: ApiParsed<'sale.post'>, locationId: number, hash: string): CounterDoc {
  const { lines, priced } = priceSale(saleItems(db, input.lines));
  const { payments, change } = settle(priced.total, input.payments);
  activeLocation(db, locationId);
  // The counter's part puts it in the open cash shift of its location (the Z report must see it), or refuses.
  return counterDoc({ type: 'sale', uuid: input.uuid, requestHash: hash, locationId, lines, payments, change });
}

/** Stock documents; a return (doc.post type 'return') is a counter return and goes through posting/returns.ts. */
type StockDocInput = Exclude<ApiParsed<'doc.post'>, { type: 'return' }>;

export function prepareStockDoc(db: Db, input: StockDocInput, hash: string): PreparedDoc {
  const base = { uuid: input.uuid, requestHash: hash, note: input.note ?? null, payments: [], change: 0 };
  const products = loadProducts(
    db,
    input.lines.map((l) => l.productId),
  );
  const product = (l: { productId: number; qty: number }): ProductRow => {
    const p = products.get(l.productId)!;
    requireWholeUnits(p, l.qty);
    return p;
  };
  switch (input.type) {
    case 'receipt': {
      const lines = input.lines.map<PreparedLine>((l) => {
        const value = lineAmount(l.unitCost, l.qty);
        return { ...pricedLine(product(l), l.qty, l.unitCost), move: { kind: 'in', value }, newProductCost: l.unitCost };
      });
      return { ...base, type: 'receipt', locationId: activeLocation(db, input.locationId), lines };
    }
    case 'writeoff': {
      // Written off at the current (moving-average) cost, which the engine works out; each line keeps its reason.
      const lines = input.lines.map<PreparedLine>((l) => ({
        ...pricedLine(active(product(l)), l.qty, 0),
        move: { kind: 'out' },
        reason: l.reason ?? input.reason,
      }));
      return { ...base, type: 'writeoff', locationId: activeLocation(db, input.locationId), lines };
    }
    case 'transfer': {
      const { locationId, toLocationId } = input;
      transferEnds(db, locationId, toLocationId);
      // Sent goods wait in transit, on neither shelf, until the destination receives them (transfer.receive).
      const to = transitLocation(db);
      const lines = input.lines.map<PreparedLine>((l) => ({ ...pricedLine(active(product(l)), l.qty, 0), move: { kind: 'transfer', to } }));
      return { ...base, type: 'transfer', locationId, toLocationId, lines };
    }
    case 'count': {
      const seen = new Set<number>();
      const lines = input.lines.map<PreparedLine>((l) => {
        if (seen.has(l.productId)) fail('validation', `product ${l.productId} is counted twice in one count`);
        seen.add(l.productId);
        return { ...pricedLine(product(l), 0, 0), move: { kind: 'count', counted: l.qty } };
      });
      return { ...base, type: 'count', locationId: activeLocation(db, input.locationId), lines };
    }
  }
}
