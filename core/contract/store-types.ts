/** The web-store sync as the API shows it (core/sync). The store's API key never appears here. */
import type { Unit } from './types';

export type SyncState = 'off' | 'idle' | 'syncing' | 'offline' | 'error';

export interface LinkProblem {
  kind: 'unmatched_item' | 'ambiguous_item' | 'product_matched_twice';
  itemId: string | null;
  title: string | null;
  sku: string | null;
  barcode: string | null;
  productIds: number[];
}

export interface SyncStatus {
  state: SyncState;
  lastSuccessAt: string | null;
  lastError: string | null;
  /** Changes not yet delivered. */
  queueDepth: number;
  deadLetters: number;
  linked: number;
  problems: LinkProblem[];
  /** Failed cycles in a row. */
  failures: number;
}

export interface StoreSettingsView {
  enabled: boolean;
  kind: 'medusa';
  url: string;
  /** The store's stock location the shop's stock is pushed to. */
  stockLocationId: string;
  /** ISO 4217 in lower case, as the store keeps it ('rub'). */
  currency: string;
  /** The shop's location whose stock the store sells and where online orders reserve. */
  locationId: number;
  intervalSeconds: number;
  /** Which side's price wins: Lavka pushes its prices, or leaves the store's alone. */
  priceOwner: 'lavka' | 'store';
  /** Held back from the store, in thousandths per product. */
  safetyStock: number;
  /** Whether a key is stored; the key itself is never sent back. */
  hasApiKey: boolean;
  /** Whether the store's order hook has its shared secret (POST /api/store/hook); never sent back either. */
  hasHookSecret: boolean;
}

/**
 * An order is reserved (or parked, reserving nothing, for the owner) in the transaction that imports it, so it is never
 * left "new". A reserved order may be picked by scanning (`picking`, then `ready` once every line is in the basket)
 * before it is handed over (`fulfilled`); any open one may be `cancelled`.
 */
export type StoreOrderStatus = 'reserved' | 'parked' | 'picking' | 'ready' | 'fulfilled' | 'cancelled';

export interface StoreOrderSummary {
  orderId: string;
  displayId: string;
  status: StoreOrderStatus;
  reason: string | null;
  email: string | null;
  phone: string | null;
  total: number;
  storeUpdatedAt: string;
  importedAt: string;
  saleId: number | null;
  /** The shop's customer with the order's phone. */
  customerId: number | null;
  customerName: string | null;
  /** Minor units paid in the store. */
  paid: number;
  lines: number;
  /** Open, and holding goods the shelf no longer covers (written off, moved or counted away since it was reserved). */
  short: boolean;
}

export interface StoreLogEntry {
  id: number;
  at: string;
  direction: 'out' | 'in';
  kind: string;
  ok: boolean;
  summary: string;
}

export interface DeadLetter {
  id: number;
  topic: string;
  reason: string;
}

export interface SyncPanel {
  status: SyncStatus;
  log: StoreLogEntry[];
  deadLetters: DeadLetter[];
}

export interface StoreOrderLineView {
  productId: number | null;
  name: string | null;
  /** The product's unit; 'pcs' for a line no product is linked to. */
  unit: Unit;
  sku: string | null;
  barcode: string | null;
  /** Thousandths. */
  qty: number;
  /** Minor units, the price the shopper was charged. */
  price: number;
  /** Thousandths scanned into the basket while picking. */
  picked: number;
  /** The shelf no longer covers what is reserved of this product (see StoreOrderSummary.short). */
  short: boolean;
}

/** Stock the order holds at the shop's location: active until handed over (consumed) or cancelled (released). */
export interface StoreReservationView {
  productId: number;
  /** Thousandths. */
  qty: number;
  status: 'active' | 'released' | 'consumed';
  createdAt: string;
  closedAt: string | null;
}

/** One order as the counter sees it before handing it over. */
export interface StoreOrderDetail extends Omit<StoreOrderSummary, 'lines'> {
  lines: StoreOrderLineView[];
  reservations: StoreReservationView[];
  /** The goods' total at the shopper's prices. */
  goods: number;
  /** What is left to pay at the counter: the goods less what was paid online, never below zero. */
  due: number;
}

/** One scan while picking: the line it went to and the order as it is now. */
export interface StorePickResult {
  order: StoreOrderDetail;
  productId: number;
  name: string;
  /** Thousandths this scan added. */
  qty: number;
  /** Thousandths of the product picked now, and ordered, over the order's lines. */
  picked: number;
  ordered: number;
  /** Every line is fully picked: the order can be marked ready. */
  complete: boolean;
}

/** A hand-over's sale; `online`: the part paid in the store. */
export interface HandOverResult {
  id: number;
  number: string;
  total: number;
  change: number;
  replayed: boolean;
  online: number;
}
