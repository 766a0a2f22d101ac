/**
 * The seam between Lavka and a web store. The sync engine (core/sync/*) speaks only this; each store kind is one file
 * set implementing it (core/sync/medusa.ts first). Quantities here are the store's whole units and money is integer
 * minor units: the connector converts to and from its store's own forms.
 */

/** One sellable thing in the store (a Medusa variant), with the keys the shop's products are matched by. */
export interface StoreItem {
  itemId: string;
  /** The store's stock record for the item, when it keeps one apart (Medusa: the inventory item). */
  stockItemId: string | null;
  sku: string | null;
  barcode: string | null;
  title: string;
}

export interface StockLevelPush {
  stockItemId: string;
  /** Whole units the store may sell from now on. */
  available: number;
  /**
   * Whole units the store is taken to hold reserved for its orders (the open orders Lavka imported, or less: see
   * core/sync/level-watch.ts). A store that subtracts its reservations from the stock it is sent adds this back, and
   * sends the level again at once where its own figure differs.
   */
  held: number;
}

/** The store's own reservations per stock item (whole units) as the push left them, where the store reports them. */
export type StockReserved = Map<string, number>;

export interface PricePush {
  itemId: string;
  /** Minor units in the shop's currency. */
  price: number;
}

export interface StoreOrderLine {
  lineId: string;
  sku: string | null;
  barcode: string | null;
  /** Whole units. */
  quantity: number;
  /** Minor units. */
  unitPrice: number;
}

export interface PulledOrder {
  orderId: string;
  displayId: string;
  /** The store's own status words, kept for the log; what matters to Lavka is `cancelled`. */
  status: string;
  cancelled: boolean;
  email: string | null;
  phone: string | null;
  total: number;
  /** Minor units the shopper paid in the store (authorized or captured): at hand-over it is the sale's online tender. */
  paid: number;
  updatedAt: string;
  lines: StoreOrderLine[];
}

export interface OrderPage {
  orders: PulledOrder[];
  /** Where the next pull starts: the last order's change time, or the cursor given when nothing changed. */
  cursor: string;
  /** More changed orders wait beyond this page. */
  more: boolean;
}

export interface StoreConnector {
  readonly kind: string;
  /** Every item, for matching the catalog (paged inside). */
  listItems(): Promise<StoreItem[]>;
  /**
   * Sets what the store may sell, for many items in one round trip where the store allows; answers the store's own
   * reservations of each level (so the sync can tell the levels Lavka's count of them did not explain).
   */
  pushStock(levels: StockLevelPush[]): Promise<StockReserved>;
  pushPrices(prices: PricePush[]): Promise<void>;
  /**
   * Orders changed at or after the cursor (null: from the beginning), oldest change first; `offset` skips the orders
   * of this same query already read (the next page of one pull).
   */
  ordersSince(cursor: string | null, limit: number, offset?: number): Promise<OrderPage>;
  /** Every line of the order handed over from the shop's location (and delivered, where the store tells them apart). Idempotent. */
  fulfil(orderId: string): Promise<void>;
  cancel(orderId: string): Promise<void>;
  /**
   * Which of these orders the store still holds. One it dropped (a checkout it rolled back after Lavka had read the
   * order, say) is not among them; a failed call throws, so a bad line never looks like a dropped order.
   */
  ordersHeld(orderIds: string[]): Promise<Set<string>>;
  /** What the store believes it may sell now, for reconciliation. */
  readStock(stockItemIds: string[]): Promise<Map<string, number>>;
}

/**
 * Why a call to the store failed. `offline` and `timeout` are the normal state of a shop's internet and are retried;
 * `rejected` (a 4xx other than 408/429) means this request will never succeed as it is: it goes to the dead letters;
 * `unavailable` (5xx, 408, 429, a cut connection) is retried; `not_json` (a login page, a proxy's error page) and
 * `unauthorized` (a wrong key) stop the sync until the owner fixes the settings.
 */
export type StoreFailureKind = 'offline' | 'timeout' | 'unavailable' | 'rejected' | 'not_json' | 'unauthorized';

export class StoreError extends Error {
  constructor(
    readonly kind: StoreFailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'StoreError';
  }

  /** Worth trying again later without anyone changing anything. */
  get transient(): boolean {
    return this.kind === 'offline' || this.kind === 'timeout' || this.kind === 'unavailable';
  }
}
