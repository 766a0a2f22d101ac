/**
 * Brings the store's orders in. Each order is imported in one transaction keyed by the store's order id (an order
 * pulled twice is the same row), and the pull cursor is written in that same transaction, so it never moves past an
 * order that did not commit. An order Lavka cannot serve as it is (an item it does not know, more than can be sold)
 * is parked for the owner with the reason, reserving nothing; the rest reserve at the shop's location, and the
 * products they touch are queued for the store, whose available quantity drops.
 */
import { inTransaction, type Db } from '../../db/connection';
import {
  closeReservations,
  insertStoreOrder,
  OPEN_ORDER_STATUSES,
  logStore,
  openStoreOrderIds,
  orderProductIds,
  productOfStoreLine,
  queueForStore,
  reserve,
  setStoreOrderStatus,
  storeOrder,
  type StoreOrderLineRow,
} from '../../db/queries/store';
import { availableToSell } from './available';
import { customerOfOrder } from './customer-match';
import { saveOrderCursor, orderCursor, type StoreConfig } from './config';
import type { PulledOrder, StoreConnector } from './connector';
import { STOCK_TOPIC } from './topics';

export const PULL_PAGE = 50;
/**
 * Each pull reads again the orders changed in this long before the cursor. The store stamps an order's change time when
 * its transaction writes it, not when it commits: an order stamped before one already pulled can become visible after
 * it, and a cursor taken at face value would pass it for good (a lost order). Orders read twice are imported once.
 */
export const PULL_OVERLAP_MS = 60_000;

export interface PullResult {
  imported: number;
  parked: number;
  cancelled: number;
  pages: number;
}

/** Pulls every changed order page by page until the store has no more. */
export async function pullOrders(db: Db, store: StoreConnector, config: StoreConfig): Promise<PullResult> {
  const result: PullResult = { imported: 0, parked: 0, cancelled: 0, pages: 0 };
  const saved = orderCursor(db);
  const from = saved === null ? null : new Date(Date.parse(saved) - PULL_OVERLAP_MS).toISOString();
  for (let offset = 0; ;) {
    const page = await store.ordersSince(from, PULL_PAGE, offset);
    offset += page.orders.length;
    result.pages++;
    inTransaction(db, () => {
      for (const order of page.orders) {
        const outcome = importOrder(db, order, config);
        if (outcome === 'reserved') result.imported++;
        else if (outcome === 'parked') result.parked++;
        else if (outcome === 'cancelled') result.cancelled++;
      }
      // Never back: the overlap is re-read from the furthest point any pull reached.
      const at = orderCursor(db);
      if (at === null || page.cursor > at) saveOrderCursor(db, page.cursor);
      if (page.orders.length)
        logStore(
          db,
          new Date().toISOString(),
          'in',
          'orders',
          true,
          `${page.orders.length} orders changed: ${page.orders.map((o) => o.displayId).join(', ')}`,
        );
    });
    if (!page.more || page.orders.length === 0) return result;
  }
}

/**
 * Open orders the store no longer holds are cancelled here, their reservations released: the store can drop an
 * order after Lavka read it (a checkout whose later step failed is rolled back, the order with it), and an order
 * gone from the store must not hold the shelf for a shopper who will never come. Asked once per cycle, after the
 * pull, for the few open orders there are.
 */
export async function dropVanishedOrders(db: Db, store: StoreConnector): Promise<number> {
  const open = openStoreOrderIds(db);
  if (!open.length) return 0;
  const held = await store.ordersHeld(open);
  const gone = open.filter((id) => !held.has(id));
  if (!gone.length) return 0;
  const at = new Date().toISOString();
  return inTransaction(db, () => {
    let dropped = 0;
    for (const id of gone) {
      // Imported or changed by a pull since the question was asked: the next cycle asks again.
      const known = storeOrder(db, id);
      if (!known || !OPEN_ORDER_STATUSES.includes(known.status)) continue;
      // Its change time stays the store's last word on it: the store has said nothing since.
      cancelOpenOrder(db, id, 'the store no longer has this order', known.storeUpdatedAt, at);
      logStore(db, at, 'in', 'orders', true, `order ${known.displayId} is gone from the store: cancelled, its reservation released`);
      dropped++;
    }
    return dropped;
  });
}

/**
 * An open order ends cancelled: what it held goes back on sale, and the store is told the levels of every product the
 * order named. A parked order reserved nothing here, but the levels pushed while it was open counted the store's own
 * reservation of it, which the store's cancellation gave back: unsent, the store would offer that much more.
 */
function cancelOpenOrder(db: Db, orderId: string, reason: string, storeUpdatedAt: string, at: string): void {
  closeReservations(db, orderId, 'released', at);
  setStoreOrderStatus(db, orderId, 'cancelled', reason, storeUpdatedAt);
  queueForStore(db, STOCK_TOPIC, orderProductIds(db, orderId));
}

type Outcome = 'reserved' | 'parked' | 'cancelled' | 'unchanged';

/** One order, inside the caller's transaction. */
export function importOrder(db: Db, order: PulledOrder, config: StoreConfig): Outcome {
  const at = new Date().toISOString();
  const known = storeOrder(db, order.orderId);
  if (known) {
    // Picked or not, an open order the store cancelled is cancelled here: its basket goes back to the shelf by hand.
    if (order.cancelled && OPEN_ORDER_STATUSES.includes(known.status)) {
      cancelOpenOrder(db, order.orderId, 'cancelled in the store', order.updatedAt, at);
      return 'cancelled';
    }
    return 'unchanged';
  }
  const lines: StoreOrderLineRow[] = order.lines.map((l) => ({
    storeLineId: l.lineId,
    productId: productOfStoreLine(db, l.sku, l.barcode),
    sku: l.sku,
    barcode: l.barcode,
    qty: l.quantity * 1000,
    price: l.unitPrice,
    picked: 0,
  }));
  const reason = order.cancelled ? 'cancelled in the store' : whyNot(db, lines, config);
  const status = order.cancelled ? 'cancelled' : reason ? 'parked' : 'reserved';
  insertStoreOrder(
    db,
    {
      orderId: order.orderId,
      displayId: order.displayId,
      status,
      reason,
      email: order.email,
      phone: order.phone,
      total: order.total,
      storeUpdatedAt: order.updatedAt,
      importedAt: at,
      saleId: null,
      customerId: customerOfOrder(db, order.phone),
      paid: order.paid,
    },
    lines,
  );
  if (status === 'reserved') for (const l of lines) reserve(db, order.orderId, l.productId!, config.locationId, l.qty, at);
  // Reserved, parked or already cancelled, the store took its own reservation of the order's lines (and may have given
  // it back) since the levels it was last sent: they are sent again from the reservations it holds now. Unsent, an order
  // placed while a push was on its way (Medusa reserves after it writes the order) left the store showing less than
  // Lavka can sell, and one placed and cancelled between pulls, more.
  queueForStore(db, STOCK_TOPIC, [...new Set(lines.flatMap((l) => (l.productId === null ? [] : [l.productId])))]);
  return status;
}

/** Why the order cannot be reserved as it is, or null. Quantities of one product on several lines are added up. */
function whyNot(db: Db, lines: StoreOrderLineRow[], config: StoreConfig): string | null {
  const unknown = lines.filter((l) => l.productId === null);
  if (unknown.length) return `unknown item ${unknown.map((l) => l.sku ?? l.barcode ?? l.storeLineId).join(', ')}`;
  const wanted = new Map<number, number>();
  for (const l of lines) wanted.set(l.productId!, (wanted.get(l.productId!) ?? 0) + l.qty);
  const short = [...wanted].filter(([id, qty]) => availableToSell(db, id, config.locationId, config.safetyStock) * 1000 < qty);
  if (short.length) return `more than can be sold of ${short.map(([id]) => lines.find((l) => l.productId === id)!.sku ?? id).join(', ')}`;
  return null;
}
