import { getProducts } from '../../db/queries/products';
import { customerNameOf, orderReservations, storeOrder, storeOrderIdByNumber, storeOrderLines } from '../../db/queries/store';
import { shortProducts } from '../../db/queries/store-picking';
import { actorOf, type HandlerMap, type Services } from '../api/handler';
import type { StoreOrderDetail } from '../contract/store-types';
import { fail } from '../errors';
import { lineAmount } from '../money';
import { handOver, type HandOver } from '../sync/fulfil';
import { cancelOrder, markReady, pick, startPicking } from '../sync/order-status';

/**
 * Web-store orders in Lavka: the order as the counter and the orders screen see it, picked by scanning
 * (store.startPicking, store.pick, store.ready), handed over (store.fulfil shipped, store.collect at the counter) or
 * cancelled (store.cancel).
 */
function detail(svc: Services, orderId: string): StoreOrderDetail {
  const order = storeOrder(svc.db, orderId) ?? fail('not_found', `no web-store order ${orderId}`);
  const lines = storeOrderLines(svc.db, orderId);
  const products = getProducts(
    svc.db,
    lines.flatMap((l) => (l.productId === null ? [] : [l.productId])),
  );
  const short = new Set(shortProducts(svc.db, orderId));
  const goods = lines.reduce((s, l) => s + lineAmount(l.price, l.qty), 0);
  return {
    ...order,
    customerName: order.customerId === null ? null : customerNameOf(svc.db, order.customerId),
    reservations: orderReservations(svc.db, orderId),
    lines: lines.map((l) => ({
      productId: l.productId,
      name: l.productId === null ? null : (products.get(l.productId)?.name ?? null),
      unit: (l.productId === null ? undefined : products.get(l.productId)?.unit) ?? 'pcs',
      sku: l.sku,
      barcode: l.barcode,
      qty: l.qty,
      price: l.price,
      picked: l.picked,
      short: l.productId !== null && short.has(l.productId),
    })),
    short: short.size > 0,
    goods,
    due: Math.max(0, goods - order.paid),
  };
}

function announce(svc: Services, input: HandOver, r: ReturnType<typeof handOver>): ReturnType<typeof handOver> {
  if (r.replayed) return r;
  if (input.how === 'collected') svc.devices?.outboxChanged();
  svc.events.emit({ type: 'doc.posted', id: r.id, docType: 'sale', number: r.number });
  return r;
}

type Methods = 'store.order' | 'store.fulfil' | 'store.collect' | 'store.startPicking' | 'store.pick' | 'store.ready' | 'store.cancel';

export const storeOrderHandlers: HandlerMap<Methods> = {
  'store.order': (svc, _ctx, input) => {
    const orderId = input.orderId ?? storeOrderIdByNumber(svc.db, input.number!);
    if (!orderId) return fail('not_found', `no web-store order number ${input.number}`);
    return detail(svc, orderId);
  },
  'store.fulfil': (svc, ctx, input) => {
    const h: HandOver = { ...input, payments: [], how: 'shipped' };
    return announce(svc, h, handOver(svc.db, actorOf(ctx), h));
  },
  'store.collect': (svc, ctx, input) => {
    const h: HandOver = { ...input, how: 'collected' };
    return announce(svc, h, handOver(svc.db, actorOf(ctx), h));
  },
  'store.startPicking': (svc, ctx, input) => {
    startPicking(svc.db, actorOf(ctx), input.orderId);
    return detail(svc, input.orderId);
  },
  'store.pick': (svc, ctx, input) => {
    const picked = pick(svc.db, actorOf(ctx), input.orderId, input.code);
    return { ...picked, order: detail(svc, input.orderId) };
  },
  'store.ready': (svc, ctx, input) => {
    markReady(svc.db, actorOf(ctx), input.orderId);
    return detail(svc, input.orderId);
  },
  'store.cancel': (svc, ctx, input) => {
    cancelOrder(svc.db, actorOf(ctx), input.orderId, input.reason);
    // The store's stock rises and its order is cancelled on the next cycle; wake it rather than wait for the timer.
    svc.sync?.wake();
    return detail(svc, input.orderId);
  },
};
