/**
 * A web-store order's way through the shop after it is reserved: picked by scanning its goods into a basket
 * (reserved → picking → ready), handed over (core/sync/fulfil.ts: reserved or ready → fulfilled) or cancelled (any open
 * status → cancelled, the reservation released and the store told). Each step is one transaction that reads the order,
 * refuses a step its status does not allow with a clear error (nothing changes), moves the status only from the one it
 * read, and audits who did it (the audit row carries when).
 *
 * Picked quantities live on the order's lines, outside the ledger: the goods are still on the shelf's books until the
 * hand-over's sale moves them, so picking neither moves stock nor changes what the store may sell.
 */
import { inTransaction, type Db } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import { enqueue } from '../../db/queries/outbox';
import {
  CANCEL_TOPIC,
  closeReservations,
  OPEN_ORDER_STATUSES,
  queueForStore,
  storeOrder,
  storeOrderLines,
  type StoreOrderLineRow,
  type StoreOrderRow,
} from '../../db/queries/store';
import { moveStoreOrder, setLinePicked } from '../../db/queries/store-picking';
import { counterSettings } from '../counter/context';
import { resolveScan } from '../counter/scan';
import { fail } from '../errors';
import type { StorePickResult } from '../contract/store-types';
import type { Actor } from '../posting/engine';
import { STOCK_TOPIC } from './topics';

const qtyText = (thousandths: number) => String(thousandths / 1000);

function found(db: Db, orderId: string): StoreOrderRow {
  return storeOrder(db, orderId) ?? fail('not_found', `no web-store order ${orderId}`);
}

/** Refuses a step from any status but `from`, saying what the order is and what the step needs. */
function expect(order: StoreOrderRow, from: StoreOrderRow['status'], step: string): void {
  if (order.status === from) return;
  if (order.status === 'fulfilled')
    fail('already_fulfilled', `order #${order.displayId} was handed over already (sale ${order.saleId ?? '?'}): nothing changed`);
  fail(
    'invalid_state',
    `order #${order.displayId} is ${order.status}${order.reason ? ` (${order.reason})` : ''}: only a ${from} order can ${step}; nothing changed`,
  );
}

function move(db: Db, order: StoreOrderRow, to: StoreOrderRow['status'], reason: string | null): void {
  // Read in this same transaction, so the status cannot have changed; a miss is a bug, not the user's mistake.
  if (!moveStoreOrder(db, order.orderId, order.status, to, reason)) throw new Error(`order ${order.orderId} changed under its step`);
}

const isComplete = (lines: StoreOrderLineRow[]) => lines.every((l) => l.picked >= l.qty);

/** reserved → picking: someone has started putting the order's goods in a basket. */
export function startPicking(db: Db, actor: Actor, orderId: string): void {
  inTransaction(db, () => {
    const order = found(db, orderId);
    expect(order, 'reserved', 'start picking');
    move(db, order, 'picking', null);
    appendAudit(db, {
      userId: actor.userId,
      action: 'store.pickStart',
      entity: 'store_order',
      entityId: orderId,
      data: { displayId: order.displayId },
    });
  });
}

/** What a scan picked, as the contract answers it less the order (the handler reads that after the commit). */
export type Picked = Omit<StorePickResult, 'order'>;

/**
 * One scan into the basket, read the way the counter reads codes (barcodes, scale labels, SKUs). The product must be
 * on the order and the basket may not hold more of it than was ordered; several lines of one product fill in order.
 */
export function pick(db: Db, actor: Actor, orderId: string, code: string): Picked {
  return inTransaction(db, () => {
    const order = found(db, orderId);
    if (order.status === 'reserved')
      fail('invalid_state', `order #${order.displayId} is reserved: start picking it first; nothing was picked`);
    expect(order, 'picking', 'be picked');
    const { product, qty } = resolveScan(db, code, counterSettings(db).barcodeRules);
    const lines = storeOrderLines(db, orderId);
    const mine = lines.filter((l) => l.productId === product.id);
    if (!mine.length) fail('not_in_order', `${product.name} (${code}) is not in order #${order.displayId}: nothing was picked`);
    const ordered = mine.reduce((s, l) => s + l.qty, 0);
    const before = mine.reduce((s, l) => s + l.picked, 0);
    if (before + qty > ordered)
      fail(
        'over_pick',
        `${product.name}: ${qtyText(before)} of ${qtyText(ordered)} picked already, ${qtyText(qty)} more is more than order #${order.displayId} asks for; nothing was picked`,
      );
    let rest = qty;
    for (const l of mine) {
      const take = Math.min(rest, l.qty - l.picked);
      if (take <= 0) continue;
      l.picked += take;
      rest -= take;
      setLinePicked(db, orderId, l.storeLineId, l.picked);
    }
    appendAudit(db, {
      userId: actor.userId,
      action: 'store.pick',
      entity: 'store_order',
      entityId: orderId,
      data: { displayId: order.displayId, productId: product.id, code, qty, picked: before + qty, ordered },
    });
    return { productId: product.id, name: product.name, qty, picked: before + qty, ordered, complete: isComplete(lines) };
  });
}

/** picking → ready: every line is in the basket; the order waits at the counter for its customer (or the courier). */
export function markReady(db: Db, actor: Actor, orderId: string): void {
  inTransaction(db, () => {
    const order = found(db, orderId);
    expect(order, 'picking', 'be marked ready');
    const lines = storeOrderLines(db, orderId);
    if (!isComplete(lines)) {
      const left = lines.filter((l) => l.picked < l.qty).length;
      fail('invalid_state', `order #${order.displayId}: ${left} of ${lines.length} lines are not fully picked; it stays picking`);
    }
    move(db, order, 'ready', null);
    appendAudit(db, {
      userId: actor.userId,
      action: 'store.ready',
      entity: 'store_order',
      entityId: orderId,
      data: { displayId: order.displayId },
    });
  });
}

/**
 * Any open order → cancelled in Lavka: its reservation goes back on sale (the store's available quantity is queued
 * to rise) and the store is told to cancel it too (the fulfilment queue, core/sync/fulfil.ts). The picked goods go
 * back to the shelf by hand; nothing of them was ever moved in the ledger.
 */
export function cancelOrder(db: Db, actor: Actor, orderId: string, reason: string | undefined): void {
  inTransaction(db, () => {
    const order = found(db, orderId);
    if (order.status === 'fulfilled')
      fail('already_fulfilled', `order #${order.displayId} was handed over already (sale ${order.saleId ?? '?'}): cancel its sale instead`);
    if (!OPEN_ORDER_STATUSES.includes(order.status))
      fail('invalid_state', `order #${order.displayId} is cancelled already: nothing changed`);
    const products = closeReservations(db, orderId, 'released', new Date().toISOString());
    move(db, order, 'cancelled', `cancelled in Lavka${reason ? `: ${reason}` : ''}`);
    queueForStore(db, STOCK_TOPIC, products);
    enqueue(db, CANCEL_TOPIC, { orderId });
    appendAudit(db, {
      userId: actor.userId,
      action: 'store.cancel',
      entity: 'store_order',
      entityId: orderId,
      data: { displayId: order.displayId, from: order.status, reason: reason ?? null, released: products },
    });
  });
}
