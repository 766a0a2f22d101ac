import type { Db } from '../../db/connection';
import * as docs from '../../db/queries/documents';
import { getLocation } from '../../db/queries/people';
import { getProducts, type ProductRow } from '../../db/queries/products';
import type { ApiParsed } from '../contract/api';
import { fail } from '../errors';
import { includedTax, lineAmount, mulDivRound } from '../money';
import { requireOpenShift } from '../counter/shifts';
import type { PreparedDoc, PreparedLine } from './engine';

function activeLocation(db: Db, id: number): number {
  const loc = getLocation(db, id);
  if (!loc || !loc.active) fail('unknown_location', `location ${id} does not exist`);
  return id;
}

function loadProducts(db: Db, ids: number[], forSale: boolean): Map<number, ProductRow> {
  const found = getProducts(db, ids);
  for (const id of ids) {
    const p = found.get(id);
    if (!p) fail('unknown_product', `product ${id} does not exist`);
    else if (forSale && !p.active) fail('product_inactive', `${p.name} is not on sale (inactive)`);
  }
  return found;
}

function pricedLine(p: ProductRow, qty: number, price: number): Omit<PreparedLine, 'move'> {
  const amount = lineAmount(price, qty);
  return { productId: p.id, qty, price, amount, taxRateBp: p.taxRateBp, taxAmount: includedTax(amount, p.taxRateBp), fallbackUnitCost: p.cost };
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

export function prepareSale(db: Db, input: ApiParsed<'sale.post'>, locationId: number, hash: string): PreparedDoc {
  const products = loadProducts(
    db,
    input.lines.map((l) => l.productId),
    true,
  );
  const lines = input.lines.map<PreparedLine>((l) => {
    const p = products.get(l.productId)!;
    return { ...pricedLine(p, l.qty, l.price ?? p.price), move: { kind: 'out' }, catalogPrice: p.price };
  });
  const total = lines.reduce((s, l) => s + l.amount, 0);
  const { payments, change } = settle(total, input.payments);
  // A sale happens in a cash shift of its location (the Z report must see it).
  const shift = requireOpenShift(db, activeLocation(db, locationId));
  return { type: 'sale', uuid: input.uuid, requestHash: hash, locationId, lines, payments, change, shiftId: shift.id };
}

type StockDocInput = ApiParsed<'doc.post'>;

export function prepareStockDoc(db: Db, input: StockDocInput, hash: string): PreparedDoc {
  const base = { uuid: input.uuid, requestHash: hash, note: input.note ?? null, payments: [], change: 0 };
  switch (input.type) {
    case 'receipt': {
      const products = loadProducts(db, input.lines.map((l) => l.productId), false);
      const lines = input.lines.map<PreparedLine>((l) => {
        const value = lineAmount(l.unitCost, l.qty);
        return { ...pricedLine(products.get(l.productId)!, l.qty, l.unitCost), move: { kind: 'in', value }, newProductCost: l.unitCost };
      });
      return { ...base, type: 'receipt', locationId: activeLocation(db, input.locationId), lines };
    }
    case 'writeoff':
    case 'transfer': {
      const products = loadProducts(db, input.lines.map((l) => l.productId), false);
      const lines = input.lines.map<PreparedLine>((l) => ({ ...pricedLine(products.get(l.productId)!, l.qty, 0), move: { kind: input.type === 'writeoff' ? 'out' : 'transfer' } }));
      const toLocationId = input.type === 'transfer' ? activeLocation(db, input.toLocationId) : null;
      if (input.type === 'transfer' && toLocationId === input.locationId) fail('validation', 'a transfer needs two different locations');
      return { ...base, type: input.type, locationId: activeLocation(db, input.locationId), toLocationId, lines };
    }
    case 'count': {
      const products = loadProducts(db, input.lines.map((l) => l.productId), false);
      const seen = new Set<number>();
      const lines = input.lines.map<PreparedLine>((l) => {
        if (seen.has(l.productId)) fail('validation', `product ${l.productId} is counted twice in one count`);
        seen.add(l.productId);
        return { ...pricedLine(products.get(l.productId)!, 0, 0), move: { kind: 'count', counted: l.qty } };
      });
      return { ...base, type: 'count', locationId: activeLocation(db, input.locationId), lines };
    }
    case 'return':
      return prepareReturn(db, input, base);
  }
}

function prepareReturn(db: Db, input: Extract<StockDocInput, { type: 'return' }>, base: Pick<PreparedDoc, 'uuid' | 'requestHash' | 'note'>): PreparedDoc {
  return prepareSaleReturn(db, input, base);
}

export interface SaleReturnRequest {
  saleId: number;
  lines: { saleLineId: number; qty: number }[];
  refund: 'original' | 'cash';
}

/**
 * A return against a sale: never more than sold minus earlier (still posted) returns; each line gives back its
 * share of what the sale line charged and cost. Stock comes back to `locationId` (the sale's location unless the
 * counter takes it back elsewhere).
 */
export function prepareSaleReturn(db: Db, input: SaleReturnRequest, base: Pick<PreparedDoc, 'uuid' | 'requestHash' | 'note'>, locationId?: number): PreparedDoc {
  const sale = docs.findDocument(db, input.saleId);
  if (!sale || sale.type !== 'sale' || sale.reversalOf != null) fail('not_found', `sale ${input.saleId} does not exist`);
  if (sale!.status !== 'posted') fail('invalid_state', `sale ${sale!.number} is ${sale!.status}`);
  const saleLines = new Map(docs.linesOf(db, sale!.id).map((l) => [l.id, l]));
  const returned = docs.returnedBySaleLine(db, sale!.id);
  const asked = new Map<number, number>();
  const lines = input.lines.map<PreparedLine>((r) => {
    const sl = saleLines.get(r.saleLineId) ?? fail('not_found', `line ${r.saleLineId} is not on sale ${sale!.number}`);
    const already = (returned.get(sl.id) ?? 0) + (asked.get(sl.id) ?? 0);
    if (already + r.qty > sl.qty) fail('return_exceeds_sold', `line ${sl.lineNo} of ${sale!.number}: sold ${sl.qty}, already returned ${already}, asked ${r.qty}`);
    asked.set(sl.id, (asked.get(sl.id) ?? 0) + r.qty);
    // The whole line returned gives back exactly what it cost and charged; a part, its share.
    const amount = mulDivRound(sl.amount, r.qty, sl.qty);
    return {
      productId: sl.productId,
      qty: r.qty,
      price: sl.price,
      amount,
      taxRateBp: sl.taxRateBp,
      taxAmount: includedTax(amount, sl.taxRateBp),
      fallbackUnitCost: 0,
      baseLineId: sl.id,
      move: { kind: 'in', value: mulDivRound(sl.costAmount, r.qty, sl.qty) },
      discount: mulDivRound(sl.discount, r.qty, sl.qty),
      catalogPrice: sl.catalogPrice,
      marking: sl.marking,
    };
  });
  const refund = lines.reduce((s, l) => s + l.amount, 0);
  return {
    ...base,
    type: 'return',
    locationId: locationId ?? sale!.locationId,
    baseDocumentId: sale!.id,
    customerId: sale!.customerId,
    lines,
    payments: refundPayments(db, sale!.id, refund, input.refund),
    change: 0,
  };
}

const cardPaid = (db: Db, documentId: number): number => docs.paymentsOf(db, documentId).filter((p) => p.method === 'card').reduce((s, p) => s + p.amount, 0);

/** Refund to the card first up to what the card paid (less earlier returns' card refunds), the rest in cash, unless cash was asked for. */
export function refundPayments(db: Db, saleId: number, refund: number, how: 'original' | 'cash') {
  if (how === 'cash') return [{ method: 'cash' as const, amount: refund }];
  const refunded = docs.postedDependents(db, saleId).filter((d) => d.type === 'return').reduce((s, d) => s + cardPaid(db, d.id), 0);
  const toCard = Math.max(0, Math.min(cardPaid(db, saleId) - refunded, refund));
  const out: { method: 'cash' | 'card'; amount: number }[] = [];
  if (toCard > 0) out.push({ method: 'card', amount: toCard });
  if (refund - toCard > 0) out.push({ method: 'cash', amount: refund - toCard });
  return out;
}
