/**
 * Handing a web-store order over: shipped from the back office or collected at the counter, it becomes one sale in
 * one transaction, posted the way every sale is (posting/sale-lines priceSale + counterDoc + writeDocument, so it
 * belongs to the open cash shift and its Z report), its reservation consumed (released before the sale is written,
 * so the reserved-stock rule does not refuse the order its own goods), the order marked fulfilled and an outbox row
 * queued for the store to mark it fulfilled and delivered. What the shopper paid in the store is the sale's `online`
 * tender (neither in the drawer nor on the card terminal, so the Z report's expected cash and card totals stay
 * true); a remainder is paid at the counter in cash or by card like any sale.
 */
import { inTransaction, type Db } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import * as docs from '../../db/queries/documents';
import { enqueue } from '../../db/queries/outbox';
import {
  CANCEL_TOPIC,
  closeReservations,
  FULFIL_TOPIC,
  logStore,
  orderProductIds,
  queueForStore,
  setStoreOrderFulfilled,
  STOCK_TOPIC,
  storeOrder,
  storeOrderLines,
  type StoreOrderRow,
} from '../../db/queries/store';
import type { PaymentMethod, PostResult } from '../contract/types';
import { consumer, type OutboxConsumer } from '../outbox';
import { fail } from '../errors';
import { counterDoc } from '../posting/counter-doc';
import { replay, requestHash, writeDocument, type Actor } from '../posting/engine';
import { loadProducts, settle } from '../posting/prepare';
import { priceSale, type SaleItem } from '../posting/sale-lines';
import { storeConfig } from './config';
import { StoreError, type StoreConnector } from './connector';

export interface HandOver {
  orderId: string;
  uuid: string;
  /** What the customer pays at the counter on top of what was paid online. */
  payments: { method: 'cash' | 'card'; amount: number }[];
  how: 'shipped' | 'collected';
}

export interface HandOverResult extends PostResult {
  /** Minor units of the sale paid online. */
  online: number;
}

/** The order's goods as sale items, at the prices the shopper was charged (the store's list is the price list here). */
function orderItems(db: Db, order: StoreOrderRow): SaleItem[] {
  const lines = storeOrderLines(db, order.orderId);
  const products = loadProducts(
    db,
    lines.map((l) => l.productId!),
  );
  return lines.map((l) => ({ product: products.get(l.productId!)!, qty: l.qty, price: l.price, catalogPrice: l.price }));
}

/**
 * Refuses what cannot be handed over: a second hand-over, an order parked for the owner or cancelled, an order half
 * picked. Picking is the shop's choice, not a must: a reserved order is handed over as it is (the cashier takes the
 * goods off the shelf), a picked one once it is ready; one in the middle of picking waits until its basket is complete.
 */
function handable(order: StoreOrderRow | undefined, orderId: string): StoreOrderRow {
  if (!order) return fail('not_found', `no web-store order ${orderId}`);
  if (order.status === 'fulfilled')
    fail('already_fulfilled', `order #${order.displayId} was handed over already (sale ${order.saleId ?? '?'}): nothing changed`);
  if (order.status === 'picking')
    fail('invalid_state', `order #${order.displayId} is being picked: finish picking and mark it ready first; nothing changed`);
  if (order.status !== 'reserved' && order.status !== 'ready')
    fail(
      'invalid_state',
      `order #${order.displayId} is ${order.status}${order.reason ? ` (${order.reason})` : ''}: only a reserved or ready order is handed over`,
    );
  return order;
}

/** The order as one sale; the same uuid again answers with the first result, another uuid is refused (already_fulfilled). */
export function handOver(db: Db, actor: Actor, input: HandOver): HandOverResult {
  const hash = requestHash({ storeOrder: input.orderId, payments: input.payments });
  return inTransaction(db, () => {
    const onlineOf = (saleId: number) =>
      docs
        .paymentsOf(db, saleId)
        .filter((p) => (p.method as PaymentMethod) === 'online')
        .reduce((s, p) => s + p.amount, 0);
    const again = replay(db, input.uuid, hash, () => {
      const doc = docs.findDocumentByUuid(db, input.uuid)!;
      return settle(doc.total - onlineOf(doc.id), input.payments).change;
    });
    if (again) return { ...again, online: onlineOf(again.id) };
    const order = handable(storeOrder(db, input.orderId), input.orderId);
    const config = storeConfig(db) ?? fail('invalid_state', 'no web store is set up');
    const at = new Date().toISOString();
    closeReservations(db, order.orderId, 'consumed', at);
    const { lines, priced } = priceSale(orderItems(db, order));
    const online = Math.min(order.paid, priced.total);
    const rest = settle(priced.total - online, input.payments);
    const result = writeDocument(
      db,
      actor,
      counterDoc({
        type: 'sale',
        uuid: input.uuid,
        requestHash: hash,
        locationId: config.locationId,
        lines,
        payments: [...(online > 0 ? [{ method: 'online' as const, amount: online }] : []), ...rest.payments],
        change: rest.change,
        customerId: order.customerId,
        note: `web-store order #${order.displayId}`,
      }),
    );
    if (!setStoreOrderFulfilled(db, order.orderId, result.id)) throw new Error(`order ${order.orderId} changed under its hand-over`);
    enqueue(db, FULFIL_TOPIC, { orderId: order.orderId });
    if (input.how === 'collected') enqueue(db, 'receipt.print', { docId: result.id, change: rest.change });
    appendAudit(db, {
      userId: actor.userId,
      action: 'store.fulfil',
      entity: 'store_order',
      entityId: order.orderId,
      data: { displayId: order.displayId, how: input.how, saleId: result.id, online, paidHere: priced.total - online },
    });
    return { ...result, online };
  });
}

/** Hand-overs and cancellations in one queue: the store learns what became of each order in the order it happened. */
export const fulfilConsumer = (db: Db): OutboxConsumer => consumer(db, 'store.orders', [FULFIL_TOPIC, CANCEL_TOPIC]);

/**
 * Tells the store about every order handed over or cancelled in Lavka, oldest first; stops at the first transient
 * failure (recorded on the row, thrown for the service's backoff). A store that rejects the request outright (the
 * order gone there) sets the row aside as a dead letter with the reason.
 */
export async function pushFulfilments(db: Db, store: StoreConnector, retryAt: (attempts: number) => Date): Promise<number> {
  const outbox = fulfilConsumer(db);
  let sent = 0;
  for (;;) {
    const rows = outbox.pending(20);
    if (!rows.length) return sent;
    for (const row of rows) {
      const { orderId } = JSON.parse(row.payload) as { orderId: string };
      const at = new Date().toISOString();
      const cancel = row.topic === CANCEL_TOPIC;
      const kind = cancel ? 'cancel' : 'fulfil';
      try {
        await (cancel ? store.cancel(orderId) : store.fulfil(orderId));
      } catch (error) {
        const e = error instanceof StoreError ? error : new StoreError('unavailable', String((error as Error)?.message ?? error));
        logStore(db, at, 'out', kind, false, `order ${orderId}: ${e.message}`);
        if (e.kind !== 'rejected') {
          outbox.failed(row.id, e.message, retryAt(row.attempts + 1));
          throw e;
        }
        outbox.deadLetter(row.id, e.message);
        continue;
      }
      // The store's cancellation gave its own reservation back; its fulfilment took the goods off its stocked quantity
      // as well. Either way the order's products are sent again after this, so the store shows Lavka's number from the
      // store's own reservations as they now are.
      queueForStore(db, STOCK_TOPIC, orderProductIds(db, orderId));
      outbox.delivered(row.id);
      logStore(db, at, 'out', kind, true, `order ${orderId} ${cancel ? 'cancelled' : 'fulfilled'} in the store`);
      sent++;
    }
  }
}
