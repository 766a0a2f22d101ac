/** Orders to suppliers: documents in progress outside the ledger; only the receipts against them move stock. */
import type { Db } from '../../db/connection';
import { getProducts } from '../../db/queries/products';
import * as q from '../../db/queries/purchasing';
import { getSupplier } from '../../db/queries/suppliers';
import type { PurchaseOrder } from '../contract/purchasing-types';
import { fail } from '../errors';

export function orderView(db: Db, id: number): PurchaseOrder {
  const s = q.orderSummary(db, id) ?? fail('not_found', `purchase order ${id} does not exist`);
  const lines = q.orderLines(db, id).map((l) => ({ ...l, due: Math.max(0, l.qty - l.received) }));
  return { ...s!, lines, receipts: q.receiptsOfOrder(db, id) };
}

export const orderRow = (db: Db, id: number): q.OrderRow => q.getOrder(db, id) ?? fail('not_found', `purchase order ${id} does not exist`);

/** Lines and the supplier or location change only while nothing has been received against the order. */
export function editableOrder(db: Db, id: number): q.OrderRow {
  const o = orderRow(db, id);
  if (o.state === 'closed' || o.state === 'cancelled') fail('invalid_state', `${o.number} is ${o.state} and can no longer change`);
  if (q.orderHasReceipts(db, id))
    fail('invalid_state', `goods were already received against ${o.number}: close it and order the rest anew`);
  return o;
}

export function activeSupplier(db: Db, id: number): void {
  const s = getSupplier(db, id) ?? fail('not_found', `supplier ${id} does not exist`);
  if (s!.archived) fail('invalid_state', `supplier ${s!.name} is archived`);
}

/** Each product once, known and not archived; a line without a cost takes the product's last purchase cost. */
export function orderLinesOf(db: Db, lines: { productId: number; qty: number; unitCost?: number }[]): q.OrderLineInput[] {
  const products = getProducts(db, [...new Set(lines.map((l) => l.productId))]);
  const seen = new Set<number>();
  return lines.map((l) => {
    const p = products.get(l.productId) ?? fail('unknown_product', `product ${l.productId} does not exist`);
    if (!p!.active) fail('product_inactive', `${p!.name} is archived and cannot be ordered`);
    if (seen.has(l.productId)) fail('duplicate', `${p!.name} is already on this order: change its line`);
    seen.add(l.productId);
    if (p!.unit === 'pcs' && l.qty % 1000 !== 0) fail('validation', `${p!.name} is counted in whole pieces`);
    return { productId: l.productId, qty: l.qty, unitCost: l.unitCost ?? p!.cost };
  });
}

/**
 * A receipt against an order: the order must be sent and not closed, at the receipt's location, from the receipt's
 * supplier; each line at most what is still due on the order (a product not on the order has nothing due) unless
 * the caller allows over-receipt. Returns the order's supplier.
 */
export function checkDelivery(
  db: Db,
  r: { orderId: number; supplierId?: number; locationId: number; allowOverReceipt: boolean; lines: { productId: number; qty: number }[] },
): number {
  const o = orderRow(db, r.orderId);
  if (o.state !== 'sent')
    fail('invalid_state', `${o.number} is ${o.state === 'draft' ? 'not sent yet' : o.state}: nothing can be received against it`);
  if (r.supplierId !== undefined && r.supplierId !== o.supplierId) fail('validation', `${o.number} is an order to another supplier`);
  if (r.locationId !== o.locationId) fail('validation', `${o.number} is to be delivered to location ${o.locationId}`);
  if (r.allowOverReceipt) return o.supplierId;
  const ordered = new Map(q.orderLines(db, o.id).map((l) => [l.productId, l]));
  const asked = new Map<number, number>();
  for (const l of r.lines) asked.set(l.productId, (asked.get(l.productId) ?? 0) + l.qty);
  const names = getProducts(db, [...asked.keys()]);
  for (const [productId, qty] of asked) {
    const line = ordered.get(productId);
    const due = line ? Math.max(0, line.qty - line.received) : 0;
    if (qty > due)
      fail(
        'over_receipt',
        line
          ? `${line.productName}: ${due} still due on ${o.number} (ordered ${line.qty}, received ${line.received}), ${qty} brought in`
          : `${names.get(productId)?.name ?? `product ${productId}`} is not on ${o.number}`,
      );
  }
  return o.supplierId;
}
