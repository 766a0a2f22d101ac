import type { Db } from '../../db/connection';
import { getProducts, type ProductRow } from '../../db/queries/products';
import { getOnHand } from '../../db/queries/stock';
import type { ApiParsed } from '../contract/api';
import { fail } from '../errors';
import { includedTax, lineAmount } from '../money';
import { activeLocation, transferEnds, transitLocation } from '../counter/context';
import { counterDoc, type CounterDoc } from './counter-doc';
import * as docs from '../../db/queries/documents';
import { insertSupplierDocument, returnedToSupplier, supplierDocument, type SupplierDocumentRow } from '../../db/queries/purchasing';
import { getSupplier } from '../../db/queries/suppliers';
import type { PostResult } from '../contract/types';
import { checkDelivery } from '../purchasing/orders';
import { writeDocument, type Actor, type PreparedDoc, type PreparedLine } from './engine';
import { priceSale, requireWholeUnits, type SaleItem } from './sale-lines';

/** The products of the lines; whether each may be sold is the caller's check. */
export function loadProducts(db: Db, ids: number[]): Map<number, ProductRow> {
  const found = getProducts(db, ids);
  for (const id of ids) if (!found.has(id)) fail('unknown_product', `product ${id} does not exist`);
  return found;
}

export function pricedLine(p: ProductRow, qty: number, price: number): Omit<PreparedLine, 'move'> {
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

/** The supplier's side of a receipt or a return to the supplier, written with the document. */
type SupplierPart = Omit<SupplierDocumentRow, 'documentId'>;

/**
 * Posts a back-office stock document (doc.post or draft.post: the one path for each kind) in the caller's
 * transaction: the document through the engine, then its supplier's side.
 */
export function postStockDoc(db: Db, actor: Actor, input: StockDocInput, hash: string, businessDate?: string): PostResult {
  const { supplier, ...doc } = prepareStockDoc(db, input, hash);
  const result = writeDocument(db, actor, { ...doc, ...(businessDate ? { businessDate } : {}) } as PreparedDoc);
  if (supplier) insertSupplierDocument(db, { documentId: result.id, ...supplier });
  return result;
}

function supplierOf(db: Db, id: number): number {
  const s = getSupplier(db, id) ?? fail('not_found', `supplier ${id} does not exist`);
  return s!.id;
}

/**
 * A return to the supplier of goods a receipt brought: the receipt must be theirs, posted, at the same location,
 * and each product at most what it brought less what went back already.
 */
function checkSupplierReturn(db: Db, input: Extract<StockDocInput, { type: 'supplier_return' }>): void {
  if (input.receiptId === undefined) return;
  const r = docs.findDocument(db, input.receiptId);
  if (!r || r.type !== 'receipt' || r.reversalOf != null) fail('not_found', `receipt ${input.receiptId} does not exist`);
  if (r!.status !== 'posted') fail('invalid_state', `${r!.number} is ${r!.status}: nothing can be returned against it`);
  if (supplierDocument(db, r!.id)?.supplierId !== input.supplierId) fail('validation', `${r!.number} is not a receipt from this supplier`);
  if (r!.locationId !== input.locationId) fail('validation', `the goods of ${r!.number} came in at location ${r!.locationId}`);
  const brought = new Map<number, number>();
  for (const l of docs.linesOf(db, r!.id)) brought.set(l.productId, (brought.get(l.productId) ?? 0) + l.qty);
  const back = returnedToSupplier(db, r!.id);
  const asked = new Map<number, number>();
  for (const l of input.lines) asked.set(l.productId, (asked.get(l.productId) ?? 0) + l.qty);
  for (const [productId, qty] of asked) {
    const left = (brought.get(productId) ?? 0) - (back.get(productId) ?? 0);
    if (qty > left)
      fail(
        'validation',
        `product ${productId}: ${r!.number} brought ${brought.get(productId) ?? 0}, ${back.get(productId) ?? 0} went back already, ${qty} asked`,
      );
  }
}

export function prepareStockDoc(db: Db, input: StockDocInput, hash: string): PreparedDoc & { supplier?: SupplierPart } {
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
        const p = product(l);
        if (!p.active) fail('product_inactive', `${p.name} is archived: bring it back into the catalog before receiving it`);
        return {
          ...pricedLine(p, l.qty, l.unitCost),
          move: { kind: 'in', value: lineAmount(l.unitCost, l.qty), unitCost: l.unitCost },
          newProductCost: l.unitCost,
        };
      });
      const locationId = activeLocation(db, input.locationId);
      const supplierId =
        input.orderId !== undefined
          ? checkDelivery(db, { ...input, orderId: input.orderId, locationId })
          : input.supplierId !== undefined
            ? supplierOf(db, input.supplierId)
            : null;
      if (supplierId === null && (input.invoiceNo !== undefined || input.invoiceDate !== undefined))
        fail('validation', 'an invoice needs its supplier');
      const supplier =
        supplierId === null
          ? undefined
          : {
              supplierId,
              invoiceNo: input.invoiceNo ?? null,
              invoiceDate: input.invoiceDate ?? null,
              purchaseOrderId: input.orderId ?? null,
            };
      return { ...base, type: 'receipt', locationId, lines, supplier };
    }
    case 'supplier_return': {
      const supplierId = supplierOf(db, input.supplierId);
      checkSupplierReturn(db, input);
      // Out at the moving-average cost, as a write-off: the goods leave the shop's stock at what they stand at.
      const lines = input.lines.map<PreparedLine>((l) => ({ ...pricedLine(product(l), l.qty, 0), move: { kind: 'out' } }));
      return {
        ...base,
        type: 'supplier_return',
        locationId: activeLocation(db, input.locationId),
        baseDocumentId: input.receiptId ?? null,
        lines,
        supplier: { supplierId, invoiceNo: null, invoiceDate: null, purchaseOrderId: null },
      };
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
        // Counted at the moment of posting: the book is on-hand now (the same rule as a count session's line).
        const book = getOnHand(db, l.productId, input.locationId).qty;
        return { ...pricedLine(product(l), 0, 0), move: { kind: 'count', counted: l.qty, book } };
      });
      return { ...base, type: 'count', locationId: activeLocation(db, input.locationId), lines };
    }
  }
}
