// A shopper on the web store: only the store API and the publishable key, the same steps a storefront takes
// (cart with address, shipping method, payment session, complete).
import type { StoreSetup } from './bootstrap';
import { http, toMinor } from './http';

export interface PlacedOrder {
  id: string;
  displayId: number;
  /** Kopecks, shipping included. */
  total: number;
}

export type Shopper = ReturnType<typeof shopper>;

export function shopper(baseUrl: string, setup: StoreSetup) {
  const store = http(baseUrl, { kind: 'publishable', key: setup.publishableKey });
  return {
    request: store,

    async placeOrder(
      items: { variantId: string; quantity: number }[],
      email = 'shopper@example.com',
      phone = '+79990000000',
    ): Promise<PlacedOrder> {
      const address = {
        first_name: 'Anna',
        last_name: 'Petrova',
        address_1: 'Tverskaya 7',
        city: 'Moscow',
        postal_code: '125009',
        country_code: 'ru',
        phone,
      };
      const { cart } = await store('POST', '/store/carts', {
        region_id: setup.regionId,
        sales_channel_id: setup.salesChannelId,
        email,
        items: items.map((i) => ({ variant_id: i.variantId, quantity: i.quantity })),
        shipping_address: address,
        billing_address: address,
      });
      const { shipping_options } = await store('GET', `/store/shipping-options?cart_id=${cart.id}`);
      if (!shipping_options.length) throw new Error('the store offers no shipping for this cart');
      await store('POST', `/store/carts/${cart.id}/shipping-methods`, { option_id: shipping_options[0].id });
      const { payment_collection } = await store('POST', '/store/payment-collections', { cart_id: cart.id });
      await store('POST', `/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: 'pp_system_default' });
      const done = await store('POST', `/store/carts/${cart.id}/complete`, {});
      if (done.type !== 'order') throw new Error(`cart not completed: ${JSON.stringify(done.error ?? done).slice(0, 300)}`);
      return { id: done.order.id, displayId: done.order.display_id, total: toMinor(Number(done.order.total)) };
    },
  };
}
