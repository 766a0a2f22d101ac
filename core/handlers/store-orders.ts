import { getProducts } from '../../db/queries/products';
import { customerNameOf, orderReservations, storeOrder, storeOrderIdByNumber, storeOrderLines } from '../../db/queries/store';
import { actorOf, type HandlerMap, type Services } from '../api/handler';
import type { StoreOrderDetail } from '../contract/store-types';
import { fail } from '../errors';
import { lineAmount } from '../money';
import { handOver, type HandOver } from '../sync/fulfil';

/** Web-store orders handed over in Lavka: shipped (store.fulfil) or collected at the counter (store.collect). */
function detail(svc: Services, orderId: string): StoreOrderDetail {
  const order = storeOrder(svc.db, orderId) ?? fail('not_found', `no web-store order ${orderId}`);
  const lines = storeOrderLines(svc.db, orderId);
  const products = getProducts(
    svc.db,
    lines.flatMap((l) => (l.productId === null ? [] : [l.productId])),
  );
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
    })),
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

export const storeOrderHandlers: HandlerMap<'store.order' | 'store.fulfil' | 'store.collect'> = {
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
};
