/**
 * The Medusa v2 connector (Admin REST API, secret API key). Medusa counts money in decimal major units and stock in
 * whole units per inventory item and stock location; it subtracts its own reservations (orders placed, not yet
 * fulfilled) from the stocked quantity. So to make Medusa show exactly Lavka's available quantity, the stocked
 * quantity pushed is Lavka's available plus what Medusa holds reserved: the lines of the open orders Lavka imported
 * (`held`), checked against the reservations Medusa's answer reports and sent again where they differ (see pushStock);
 * the answer's figures go back to the sync, which checks again later the levels its count did not explain.
 */
import {
  StoreError,
  type OrderPage,
  type PulledOrder,
  type StockLevelPush,
  type StockReserved,
  type StoreConnector,
  type StoreItem,
} from './connector';
import { storeHttp, type StoreHttp } from './store-http';

export interface MedusaOptions {
  url: string;
  /** A secret API key (sk_…), sent as HTTP Basic. */
  apiKey: string;
  /** The Medusa stock location the shop's stock is pushed to and orders are fulfilled from. */
  stockLocationId: string;
  /** ISO 4217, lower case as Medusa keeps it ('rub'). */
  currency: string;
  /** Minor units per major unit (100 for RUB). */
  minorPerMajor?: number;
  timeoutMs?: number;
}

const PAGE = 200;
const LEVELS_BATCH = '/admin/inventory-items/location-levels/batch';
const ORDER_FIELDS = 'id,display_id,status,payment_status,email,total,updated_at,*items,shipping_address.phone,billing_address.phone';
/** Payment states in which the shopper's money is held or taken by the store: the order is paid online. */
const PAID = new Set(['authorized', 'captured']);

type Json = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function medusaConnector(o: MedusaOptions): StoreConnector {
  const http: StoreHttp = storeHttp({
    baseUrl: o.url,
    headers: { authorization: `Basic ${Buffer.from(`${o.apiKey}:`).toString('base64')}` },
    timeoutMs: o.timeoutMs ?? 15_000,
  });
  const per = o.minorPerMajor ?? 100;
  // Decimal major units from integer minor units: exact for the store's two-digit currencies (1999 / 100 → 19.99).
  const toMajor = (minor: number) => minor / per;
  const toMinor = (major: unknown) => {
    const n = Number(major);
    if (!Number.isFinite(n)) throw new StoreError('rejected', `the store sent an amount that is not a number: ${String(major)}`);
    return Math.round(n * per);
  };

  const levels = async (ids: string[]): Promise<Map<string, { stocked: number; reserved: number } | null>> => {
    const out = new Map<string, { stocked: number; reserved: number } | null>();
    for (let i = 0; i < ids.length; i += PAGE) {
      const chunk = ids.slice(i, i + PAGE);
      const q = new URLSearchParams({ limit: String(chunk.length), fields: 'id,*location_levels' });
      for (const id of chunk) q.append('id[]', id);
      const { inventory_items } = await http<{ inventory_items: Json[] }>('GET', `/admin/inventory-items?${q}`);
      for (const id of chunk) out.set(id, null);
      for (const item of inventory_items) {
        const level = ((item.location_levels as Json[] | undefined) ?? []).find((l) => l.location_id === o.stockLocationId);
        out.set(String(item.id), level ? { stocked: Number(level.stocked_quantity), reserved: Number(level.reserved_quantity) } : null);
      }
    }
    return out;
  };

  const levelRow = (stockItemId: string, available: number, reserved: number): Json => ({
    inventory_item_id: stockItemId,
    location_id: o.stockLocationId,
    stocked_quantity: Math.max(0, available) + reserved,
  });

  /** Reads the levels first: creates those the location lacks, and sets the rest with Medusa's own reservations. */
  const pushStockAfterReading = async (pushes: StockLevelPush[]): Promise<StockReserved> => {
    const now = await levels(pushes.map((p) => p.stockItemId));
    const create: Json[] = [];
    const update: Json[] = [];
    const reserved: StockReserved = new Map();
    for (const p of pushes) {
      const level = now.get(p.stockItemId);
      (level ? update : create).push(levelRow(p.stockItemId, p.available, level?.reserved ?? 0));
      reserved.set(p.stockItemId, level?.reserved ?? 0);
    }
    await http('POST', LEVELS_BATCH, { create, update });
    return reserved;
  };

  const toOrder = (raw: Json): PulledOrder => {
    const ship = raw.shipping_address as Json | null | undefined;
    const bill = raw.billing_address as Json | null | undefined;
    return {
      orderId: String(raw.id),
      displayId: String(raw.display_id),
      status: String(raw.status),
      cancelled: raw.status === 'canceled',
      email: str(raw.email),
      phone: str(ship?.phone) ?? str(bill?.phone),
      total: toMinor(raw.total),
      paid: PAID.has(String(raw.payment_status)) ? toMinor(raw.total) : 0,
      updatedAt: new Date(String(raw.updated_at)).toISOString(),
      lines: ((raw.items as Json[] | undefined) ?? []).map((i) => ({
        lineId: String(i.id),
        sku: str(i.variant_sku),
        barcode: str(i.variant_barcode),
        quantity: Number(i.quantity),
        unitPrice: toMinor(i.unit_price),
      })),
    };
  };

  return {
    kind: 'medusa',

    async listItems() {
      const items: StoreItem[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const q = new URLSearchParams({ limit: String(PAGE), offset: String(offset), fields: 'id,sku,barcode,title,*inventory_items' });
        const { variants, count } = await http<{ variants: Json[]; count: number }>('GET', `/admin/product-variants?${q}`);
        for (const v of variants) {
          const inv = (v.inventory_items as Json[] | undefined)?.[0];
          items.push({
            itemId: String(v.id),
            stockItemId: str(inv?.inventory_item_id),
            sku: str(v.sku),
            barcode: str(v.barcode),
            title: String(v.title ?? ''),
          });
        }
        if (offset + PAGE >= count || variants.length === 0) return items;
      }
    },

    async pushStock(pushes) {
      if (!pushes.length) return new Map();
      // One round trip, as a plain client would send the levels: Medusa's reservations are not read first (that read
      // took more than half of a catch-up); the sync says what it takes them to be (`held`).
      let answer: { updated?: Json[] } | null;
      try {
        answer = await http<{ updated?: Json[] } | null>('POST', LEVELS_BATCH, {
          create: [],
          update: pushes.map((p) => levelRow(p.stockItemId, p.available, p.held)),
        });
      } catch (error) {
        // An item not stocked at the location yet (its first push after matching): the batch is read and sent again.
        if (error instanceof StoreError && error.status === 404) return pushStockAfterReading(pushes);
        throw error;
      }
      // The answer reports each level's reservations as the update left them. Where they are not what was assumed the
      // level is sent again at once with Medusa's own figure, so the store ends where reading them first would have left
      // it. Medusa holding less (an order fulfilled or a reservation removed in the store itself, a cancellation the pull
      // has not seen) had it show more than Lavka can sell for that one round trip; holding more (an order placed since
      // the pull), less. Reservations that move after this answer are the sync's to catch (core/sync/level-watch.ts).
      const reserved: StockReserved = new Map();
      for (const l of answer?.updated ?? [])
        if (l.location_id === o.stockLocationId) reserved.set(String(l.inventory_item_id), Number(l.reserved_quantity));
      const fix: Json[] = [];
      const unknown: StockLevelPush[] = [];
      for (const p of pushes) {
        const r = reserved.get(p.stockItemId);
        if (r === undefined || !Number.isFinite(r)) {
          reserved.delete(p.stockItemId);
          unknown.push(p);
        } else if (r !== p.held) fix.push(levelRow(p.stockItemId, p.available, r));
      }
      if (fix.length) await http('POST', LEVELS_BATCH, { create: [], update: fix });
      // An answer that does not say (another Medusa version): read those levels' reservations and send them again.
      if (unknown.length) for (const [id, r] of await pushStockAfterReading(unknown)) reserved.set(id, r);
      return reserved;
    },

    async pushPrices(prices) {
      // Medusa keeps prices per variant under its product; one call per variant keeps a bad one from failing others.
      for (const p of prices) {
        const { variant } = await http<{ variant: Json }>(
          'GET',
          `/admin/product-variants?id=${encodeURIComponent(p.itemId)}&fields=id,product_id,*prices`,
        ).then((r: unknown) => ({ variant: ((r as { variants: Json[] }).variants ?? [])[0] as Json }));
        if (!variant) throw new StoreError('rejected', `the store has no item ${p.itemId}`);
        const current = ((variant.prices as Json[] | undefined) ?? []).find((x) => x.currency_code === o.currency);
        await http('POST', `/admin/products/${String(variant.product_id)}/variants/${p.itemId}`, {
          prices: [{ ...(current ? { id: current.id } : {}), currency_code: o.currency, amount: toMajor(p.price) }],
        });
      }
    },

    async ordersSince(cursor, limit, offset = 0): Promise<OrderPage> {
      const q = new URLSearchParams({ order: 'updated_at', limit: String(limit), offset: String(offset), fields: ORDER_FIELDS });
      // $gte, not $gt: two orders changed in the same millisecond across a page boundary would lose the second; the one seen
      // again is imported once anyway (keyed by its id).
      if (cursor) q.set('updated_at[$gte]', cursor);
      const { orders, count } = await http<{ orders: Json[]; count: number }>('GET', `/admin/orders?${q}`);
      const pulled = orders.map(toOrder);
      return {
        orders: pulled,
        cursor: pulled.at(-1)?.updatedAt ?? cursor ?? new Date(0).toISOString(),
        more: offset + pulled.length < count,
      };
    },

    async ordersHeld(orderIds) {
      const held = new Set<string>();
      for (let i = 0; i < orderIds.length; i += PAGE) {
        const chunk = orderIds.slice(i, i + PAGE);
        const q = new URLSearchParams({ limit: String(chunk.length), fields: 'id' });
        for (const id of chunk) q.append('id[]', id);
        const { orders } = await http<{ orders: Json[] }>('GET', `/admin/orders?${q}`);
        for (const o of orders) held.add(String(o.id));
      }
      return held;
    },

    async fulfil(orderId) {
      // Each step is looked up before it is taken: a retry after a cut connection finishes the job, never repeats it.
      const read = () =>
        http<{ order: Json }>('GET', `/admin/orders/${orderId}?fields=id,fulfillment_status,*items,*fulfillments`).then((r) => r.order);
      let order = await read();
      if (order.fulfillment_status === 'delivered') return;
      if (order.fulfillment_status === 'not_fulfilled') {
        const items = ((order.items as Json[] | undefined) ?? []).map((i) => ({ id: String(i.id), quantity: Number(i.quantity) }));
        await http('POST', `/admin/orders/${orderId}/fulfillments`, { location_id: o.stockLocationId, items });
        order = await read();
      }
      // The goods left the shop with the customer (collected) or the courier: Lavka's hand-over is the delivery.
      for (const f of (order.fulfillments as Json[] | undefined) ?? [])
        if (!f.delivered_at && !f.canceled_at)
          await http('POST', `/admin/orders/${orderId}/fulfillments/${String(f.id)}/mark-as-delivered`, {});
    },

    async cancel(orderId) {
      const { order } = await http<{ order: Json }>('GET', `/admin/orders/${orderId}?fields=id,status`);
      if (order.status === 'canceled') return;
      await http('POST', `/admin/orders/${orderId}/cancel`, {});
    },

    async readStock(ids) {
      const now = await levels(ids);
      return new Map([...now].map(([id, l]) => [id, l ? l.stocked - l.reserved : 0]));
    },
  };
}
