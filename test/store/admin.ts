// Typed helpers over the store's admin API, for tests to arrange and inspect the web store the way its owner would
// in Medusa's dashboard. Money is in integer minor units (kopecks) and quantities in whole pieces, as Medusa counts them.
import type { StoreSetup } from './bootstrap';
import { http, toMajor, toMinor, type Http } from './http';

export interface NewVariant {
  sku: string;
  barcode?: string;
  title?: string;
  /** Price in kopecks. */
  price: number;
}

export interface CreatedProduct {
  id: string;
  variants: { id: string; sku: string; inventoryItemId: string }[];
}

export interface StockLevel {
  stocked: number;
  reserved: number;
  available: number;
}

export interface StoreOrder {
  id: string;
  displayId: number;
  status: string;
  paymentStatus: string;
  fulfillmentStatus: string;
  email: string;
  createdAt: string;
  updatedAt: string;
  /** Kopecks. */
  total: number;
  items: { id: string; sku: string | null; barcode: string | null; quantity: number; unitPrice: number }[];
}

const ORDER_FIELDS = 'id,display_id,status,payment_status,fulfillment_status,email,total,created_at,updated_at,*items';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Medusa's order JSON
function toOrder(o: any): StoreOrder {
  return {
    id: o.id,
    displayId: o.display_id,
    status: o.status,
    paymentStatus: o.payment_status,
    fulfillmentStatus: o.fulfillment_status,
    email: o.email,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
    total: toMinor(Number(o.total)),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    items: (o.items ?? []).map((i: any) => ({
      id: i.id,
      sku: i.variant_sku ?? null,
      barcode: i.variant_barcode ?? null,
      quantity: Number(i.quantity),
      unitPrice: toMinor(Number(i.unit_price)),
    })),
  };
}

export type StoreAdmin = ReturnType<typeof storeAdmin>;

export function storeAdmin(baseUrl: string, setup: StoreSetup) {
  const admin: Http = http(baseUrl, { kind: 'secret', key: setup.secretKey });
  const location = setup.locationId;

  async function inventoryItemId(sku: string): Promise<string> {
    const { inventory_items } = await admin('GET', `/admin/inventory-items?sku=${encodeURIComponent(sku)}&limit=2`);
    if (inventory_items.length !== 1) throw new Error(`store has ${inventory_items.length} inventory items for SKU ${sku}`);
    return inventory_items[0].id;
  }

  return {
    /** Raw admin call, for what the helpers below do not cover. */
    request: admin,

    /**
     * A published product in the shop's sales channel; every variant tracks stock (no level until setStock).
     * Handles are unique in Medusa: by default the first SKU's, since SKUs are unique too.
     */
    async createProduct(title: string, variants: NewVariant[], handle?: string): Promise<CreatedProduct> {
      const titles = variants.map((v) => v.title ?? v.sku);
      const { product } = await admin('POST', '/admin/products?fields=id,*variants,*variants.inventory_items', {
        title,
        handle: handle ?? variants[0]?.sku.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
        status: 'published',
        shipping_profile_id: setup.shippingProfileId,
        sales_channels: [{ id: setup.salesChannelId }],
        options: [{ title: 'Variant', values: titles }],
        variants: variants.map((v, i) => ({
          title: titles[i],
          sku: v.sku,
          barcode: v.barcode,
          manage_inventory: true,
          options: { Variant: titles[i] },
          prices: [{ currency_code: 'rub', amount: toMajor(v.price) }],
        })),
      });
      return {
        id: product.id,
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        variants: product.variants.map((v: any) => ({
          id: v.id,
          sku: v.sku,
          inventoryItemId: v.inventory_items?.[0]?.inventory_item_id ?? v.inventory_items?.[0]?.inventory?.id,
        })),
      };
    },

    /** Sets the stocked quantity at the shop's location, creating the level the first time. */
    async setStock(sku: string, stocked: number): Promise<void> {
      const item = await inventoryItemId(sku);
      const { inventory_levels } = await admin('GET', `/admin/inventory-items/${item}/location-levels?location_id=${location}`);
      if (inventory_levels.length === 0) {
        await admin('POST', `/admin/inventory-items/${item}/location-levels`, { location_id: location, stocked_quantity: stocked });
      } else {
        await admin('POST', `/admin/inventory-items/${item}/location-levels/${location}`, { stocked_quantity: stocked });
      }
    },

    /** The level at the shop's location, or null if none was ever set. */
    async stockLevel(sku: string): Promise<StockLevel | null> {
      const item = await inventoryItemId(sku);
      const { inventory_levels } = await admin('GET', `/admin/inventory-items/${item}/location-levels?location_id=${location}`);
      const level = inventory_levels[0];
      if (!level) return null;
      return {
        stocked: Number(level.stocked_quantity),
        reserved: Number(level.reserved_quantity),
        available: Number(level.available_quantity),
      };
    },

    /** Orders whose updated_at is after the cursor (an ISO time), oldest change first; one page of at most `limit`. */
    async ordersChangedSince(
      cursor: string,
      page: { limit?: number; offset?: number } = {},
    ): Promise<{ orders: StoreOrder[]; count: number }> {
      const q = new URLSearchParams({
        'updated_at[$gt]': cursor,
        order: 'updated_at',
        limit: String(page.limit ?? 50),
        offset: String(page.offset ?? 0),
        fields: ORDER_FIELDS,
      });
      const { orders, count } = await admin('GET', `/admin/orders?${q}`);
      return { orders: orders.map(toOrder), count };
    },

    async order(id: string): Promise<StoreOrder> {
      return toOrder((await admin('GET', `/admin/orders/${id}?fields=${ORDER_FIELDS}`)).order);
    },

    /** Fulfils every item of the order from the shop's location (stock leaves, the reservation clears). */
    async fulfil(orderId: string): Promise<void> {
      const order = await this.order(orderId);
      await admin('POST', `/admin/orders/${orderId}/fulfillments`, {
        location_id: location,
        items: order.items.map((i) => ({ id: i.id, quantity: i.quantity })),
      });
    },
  };
}
