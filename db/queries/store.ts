// The web-store sync's tables: links between products and store items, orders pulled from the store with their lines
// and reservations, the sync log. Available to sell = on hand − active reservations − safety stock.
import type { Db } from '../connection';
import { perConnection } from '../prepared';
import { contains } from './lists';
import { enqueue } from './outbox';
import { shortProductsSql } from './store-picking';

/**
 * The outbox topics the web store learns from, written in the transaction of the change: `{ productIds }` whose
 * stock (a posting, a reservation) or price and card (a catalog edit, a price change) changed.
 */
export const STOCK_TOPIC = 'store.stock';
export const PRICE_TOPIC = 'store.price';
/** `{ orderId }`: an order handed over in Lavka, for the store to mark fulfilled (core/sync/fulfil.ts). */
export const FULFIL_TOPIC = 'store.fulfil';
/** `{ orderId }`: an order cancelled in Lavka, for the store to cancel too (core/sync/fulfil.ts, the same queue). */
export const CANCEL_TOPIC = 'store.cancel';

/**
 * Queues products for the store, only while a store is connected and enabled: a shop without one writes nothing its
 * counter does not need. Connecting a store later sends every linked product once anyway (core/sync/service.ts).
 */
export function queueForStore(db: Db, topic: typeof STOCK_TOPIC | typeof PRICE_TOPIC, productIds: number[]): void {
  const row = stmts(db).storeSetting.get();
  if (!row || !productIds.length) return;
  if ((JSON.parse(row.value) as { enabled?: boolean }).enabled) enqueue(db, topic, { productIds });
}

export interface StoreLink {
  productId: number;
  itemId: string;
  stockItemId: string | null;
  matchedBy: 'sku' | 'barcode';
}

export interface MatchKeys {
  id: number;
  sku: string;
  barcodes: string[];
  archived: boolean;
}

export type StoreOrderStatus = 'reserved' | 'parked' | 'picking' | 'ready' | 'fulfilled' | 'cancelled';
/** Orders still to be handed over or decided on: a cancellation (in Lavka or in the store) may end any of them. */
export const OPEN_ORDER_STATUSES: readonly StoreOrderStatus[] = ['parked', 'reserved', 'picking', 'ready'];

export interface StoreOrderRow {
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
  customerId: number | null;
  /** Minor units paid in the store. */
  paid: number;
}

export interface StoreOrderLineRow {
  storeLineId: string;
  productId: number | null;
  sku: string | null;
  barcode: string | null;
  qty: number;
  price: number;
  /** Thousandths scanned into the basket while picking (0 on import). */
  picked: number;
}

const stmts = perConnection((db) => ({
  storeSetting: db.raw.prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'store'"),
  link: db.raw.prepare<[number], StoreLink>(
    'SELECT product_id AS productId, item_id AS itemId, stock_item_id AS stockItemId, matched_by AS matchedBy FROM store_links WHERE product_id = ?',
  ),
  onHand: db.raw.prepare<[number, number], { qty: number }>('SELECT qty FROM on_hand WHERE product_id = ? AND location_id = ?'),
  reserved: db.raw.prepare<[number, number], { qty: number | null }>(
    "SELECT SUM(qty) AS qty FROM reservations WHERE product_id = ? AND location_id = ? AND status = 'active'",
  ),
  // One pass over the ids for a push's products: the link, on hand and active reservations at the location, each an
  // index seek per product (store_links' key, on_hand's key, reservations_active_idx), as `storeLink` + `unreserved`.
  stockLevels: db.raw.prepare<[number, number, string], StockLevelRow>(
    `SELECT l.product_id AS productId, l.stock_item_id AS stockItemId,
            COALESCE((SELECT h.qty FROM on_hand h WHERE h.product_id = l.product_id AND h.location_id = ?), 0)
              - COALESCE((SELECT SUM(r.qty) FROM reservations r
                          WHERE r.product_id = l.product_id AND r.location_id = ? AND r.status = 'active'), 0) AS unreserved
     FROM json_each(?) j JOIN store_links l ON l.product_id = j.value
     WHERE l.stock_item_id IS NOT NULL ORDER BY j.key`,
  ),
  order: db.raw.prepare<[string], StoreOrderRow>(
    `SELECT order_id AS orderId, display_id AS displayId, status, reason, email, phone, total, store_updated_at AS storeUpdatedAt,
            imported_at AS importedAt, sale_id AS saleId, customer_id AS customerId, paid FROM store_orders WHERE order_id = ?`,
  ),
  insertOrder: db.raw.prepare(
    `INSERT INTO store_orders (order_id, display_id, status, reason, email, phone, total, store_updated_at, imported_at, customer_id, paid)
     VALUES (@orderId, @displayId, @status, @reason, @email, @phone, @total, @storeUpdatedAt, @importedAt, @customerId, @paid)`,
  ),
  insertLine: db.raw.prepare(
    `INSERT INTO store_order_lines (order_id, store_line_id, product_id, sku, barcode, qty, price, picked)
     VALUES (@orderId, @storeLineId, @productId, @sku, @barcode, @qty, @price, @picked)`,
  ),
  lines: db.raw.prepare<[string], StoreOrderLineRow>(
    `SELECT store_line_id AS storeLineId, product_id AS productId, sku, barcode, qty, price, picked FROM store_order_lines
     WHERE order_id = ? ORDER BY id`,
  ),
  setStatus: db.raw.prepare<[string, string | null, string, string]>(
    'UPDATE store_orders SET status = ?, reason = ?, store_updated_at = ? WHERE order_id = ?',
  ),
  reserve: db.raw.prepare<[string, number, number, number, string]>(
    "INSERT INTO reservations (order_id, product_id, location_id, qty, status, created_at) VALUES (?, ?, ?, ?, 'active', ?)",
  ),
  closeReservations: db.raw.prepare<[string, string, string]>(
    "UPDATE reservations SET status = ?, closed_at = ? WHERE order_id = ? AND status = 'active'",
  ),
  reservedProducts: db.raw.prepare<[string], { productId: number }>(
    'SELECT DISTINCT product_id AS productId FROM reservations WHERE order_id = ?',
  ),
  log: db.raw.prepare<[string, string, string, number, string]>(
    'INSERT INTO store_log (at, direction, kind, ok, summary) VALUES (?, ?, ?, ?, ?)',
  ),
  pruneLog: db.raw.prepare<[string]>('DELETE FROM store_log WHERE at < ?'),
  fulfilled: db.raw.prepare<[number, string]>(
    "UPDATE store_orders SET status = 'fulfilled', reason = NULL, sale_id = ? WHERE order_id = ? AND status IN ('reserved', 'ready')",
  ),
  byDisplayId: db.raw.prepare<[string], { orderId: string }>('SELECT order_id AS orderId FROM store_orders WHERE display_id = ?'),
}));

export const storeLink = (db: Db, productId: number): StoreLink | undefined => stmts(db).link.get(productId);

/** Links of many products at once (the push of a batch). */
export function storeLinks(db: Db, productIds: number[]): StoreLink[] {
  const s = stmts(db);
  return productIds.flatMap((id) => s.link.all(id));
}

export interface StockLevelRow {
  productId: number;
  stockItemId: string;
  /** On hand less active reservations at the location, in thousandths (as `unreserved`). */
  unreserved: number;
}

/**
 * The products of `productIds` linked to a store stock item, in the order given, each with what `unreserved` says of it
 * at `locationId`: one statement for a push's thousand products rather than three lookups each.
 */
export const storeStockLevels = (db: Db, productIds: readonly number[], locationId: number): StockLevelRow[] =>
  productIds.length ? stmts(db).stockLevels.all(locationId, locationId, JSON.stringify(productIds)) : [];

/** On hand less active reservations, in thousandths (the safety stock is the caller's). */
export function unreserved(db: Db, productId: number, locationId: number): number {
  const s = stmts(db);
  return (s.onHand.get(productId, locationId)?.qty ?? 0) - (s.reserved.get(productId, locationId)?.qty ?? 0);
}

export const reservedQty = (db: Db, productId: number, locationId: number): number =>
  stmts(db).reserved.get(productId, locationId)?.qty ?? 0;

/** Every product with the keys a store item may be matched by: its SKU and barcodes. */
export function matchKeys(db: Db): MatchKeys[] {
  const rows = db.raw
    .prepare(
      `SELECT p.id, p.sku, p.active, (SELECT group_concat(code, ' ') FROM barcodes b WHERE b.product_id = p.id) AS codes FROM products p`,
    )
    .all() as { id: number; sku: string; active: number; codes: string | null }[];
  return rows.map((r) => ({ id: r.id, sku: r.sku, archived: r.active === 0, barcodes: r.codes ? r.codes.split(' ') : [] }));
}

/** The whole set of links, replaced in one go (the matching is recomputed from both catalogs each time). */
export function replaceStoreLinks(db: Db, links: StoreLink[], at: string): void {
  db.raw.prepare('DELETE FROM store_links').run();
  const insert = db.raw.prepare(
    'INSERT INTO store_links (product_id, item_id, stock_item_id, matched_by, linked_at) VALUES (?, ?, ?, ?, ?)',
  );
  for (const l of links) insert.run(l.productId, l.itemId, l.stockItemId, l.matchedBy, at);
}

export const allStoreLinks = (db: Db): StoreLink[] =>
  db.raw
    .prepare('SELECT product_id AS productId, item_id AS itemId, stock_item_id AS stockItemId, matched_by AS matchedBy FROM store_links')
    .all() as StoreLink[];

/** The product a store order line is for: its link, else nothing (never a guess). */
export function productOfStoreLine(db: Db, sku: string | null, barcode: string | null): number | null {
  if (sku) {
    const row = db.raw
      .prepare('SELECT product_id AS id FROM store_links l JOIN products p ON p.id = l.product_id WHERE p.sku = ?')
      .get(sku) as { id: number } | undefined;
    if (row) return row.id;
  }
  if (barcode) {
    const row = db.raw
      .prepare('SELECT l.product_id AS id FROM store_links l JOIN barcodes b ON b.product_id = l.product_id WHERE b.code = ?')
      .get(barcode) as { id: number } | undefined;
    if (row) return row.id;
  }
  return null;
}

export const storeOrder = (db: Db, orderId: string): StoreOrderRow | undefined => stmts(db).order.get(orderId);
export const storeOrderLines = (db: Db, orderId: string): StoreOrderLineRow[] => stmts(db).lines.all(orderId);

/** The products an order's lines name (a parked order's too, which reserved nothing in Lavka but did in the store). */
export const orderProductIds = (db: Db, orderId: string): number[] => [
  ...new Set(storeOrderLines(db, orderId).flatMap((l) => (l.productId === null ? [] : [l.productId]))),
];

export function insertStoreOrder(db: Db, o: StoreOrderRow, lines: StoreOrderLineRow[]): void {
  const s = stmts(db);
  s.insertOrder.run({ ...o });
  for (const l of lines) s.insertLine.run({ orderId: o.orderId, ...l });
}

export const setStoreOrderStatus = (
  db: Db,
  orderId: string,
  status: StoreOrderStatus,
  reason: string | null,
  storeUpdatedAt: string,
): void => void stmts(db).setStatus.run(status, reason, storeUpdatedAt, orderId);

export const reserve = (db: Db, orderId: string, productId: number, locationId: number, qty: number, at: string): void =>
  void stmts(db).reserve.run(orderId, productId, locationId, qty, at);

/**
 * Thousandths per product the store itself holds for the open orders Lavka imported: its checkout reserved every line,
 * parked orders' too, until the order is fulfilled or cancelled there. What the store's reservations come to as far as
 * Lavka knows (an order placed since the last pull is not here); products with none are absent.
 */
export function storeHeld(db: Db): Map<number, number> {
  const marks = OPEN_ORDER_STATUSES.map(() => '?').join(', ');
  const rows = db.raw
    .prepare(
      `SELECT l.product_id AS productId, SUM(l.qty) AS qty FROM store_orders o JOIN store_order_lines l ON l.order_id = o.order_id
       WHERE o.status IN (${marks}) AND l.product_id IS NOT NULL GROUP BY l.product_id`,
    )
    .all(...OPEN_ORDER_STATUSES) as { productId: number; qty: number }[];
  return new Map(rows.map((r) => [r.productId, r.qty]));
}

/** Open orders (parked, reserved, picking, ready), by the store's order id. */
export function openStoreOrderIds(db: Db): string[] {
  const marks = OPEN_ORDER_STATUSES.map(() => '?').join(', ');
  return db.raw
    .prepare(`SELECT order_id FROM store_orders WHERE status IN (${marks}) ORDER BY order_id`)
    .pluck()
    .all(...OPEN_ORDER_STATUSES) as string[];
}

/** Ends the order's active reservations (released: back for sale; consumed: became a sale); the products they held. */
export function closeReservations(db: Db, orderId: string, status: 'released' | 'consumed', at: string): number[] {
  const s = stmts(db);
  s.closeReservations.run(status, at, orderId);
  return s.reservedProducts.all(orderId).map((r) => r.productId);
}

/** The order became sale `saleId` (handed over); only a reserved or picked (ready) order can, once. */
export const setStoreOrderFulfilled = (db: Db, orderId: string, saleId: number): boolean =>
  stmts(db).fulfilled.run(saleId, orderId).changes === 1;

/** The order a number the shopper shows at the counter is (the store's display number, '#' optional). */
export const storeOrderIdByNumber = (db: Db, displayId: string): string | undefined =>
  stmts(db).byDisplayId.get(displayId.replace(/^#/, ''))?.orderId;

export interface StoreOrderListRow extends StoreOrderRow {
  lines: number;
  customerName: string | null;
  /** An open order holding goods the shelf no longer covers (flagged in the list before anyone starts picking). */
  short: boolean;
}

export interface StoreOrderFilter {
  status?: StoreOrderStatus;
  /** An order number ('#' optional, from its start), or part of the e-mail, the phone or the shop customer's name. */
  search?: string;
  limit: number;
}

export function listStoreOrders(db: Db, f: StoreOrderFilter): StoreOrderListRow[] {
  const where: string[] = [];
  const params: Record<string, string | number> = { limit: f.limit };
  if (f.status) {
    where.push('o.status = @status');
    params.status = f.status;
  }
  const search = f.search?.trim();
  if (search) {
    const number = search.replace(/^#/, '');
    const digits = search.replace(/\D/g, '');
    where.push(
      `(o.display_id LIKE @number ESCAPE '\\' OR o.email LIKE @text ESCAPE '\\' OR o.phone LIKE @text ESCAPE '\\' OR c.name LIKE @text ESCAPE '\\'${
        digits.length >= 3 ? " OR c.phone LIKE @digits ESCAPE '\\'" : ''
      })`,
    );
    params.number = contains(number).slice(1);
    params.text = contains(search);
    if (digits.length >= 3) params.digits = contains(digits);
  }
  const rows = db.raw
    .prepare(
      `SELECT o.order_id AS orderId, o.display_id AS displayId, o.status, o.reason, o.email, o.phone, o.total,
              o.store_updated_at AS storeUpdatedAt, o.imported_at AS importedAt, o.sale_id AS saleId, o.customer_id AS customerId, o.paid,
              c.name AS customerName,
              (SELECT COUNT(*) FROM store_order_lines l WHERE l.order_id = o.order_id) AS lines,
              EXISTS (${shortProductsSql('o.order_id')}) AS short
       FROM store_orders o LEFT JOIN customers c ON c.id = o.customer_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY o.imported_at DESC LIMIT @limit`,
    )
    .all(params) as (Omit<StoreOrderListRow, 'short'> & { short: number })[];
  return rows.map((r) => ({ ...r, short: r.short === 1 }));
}

export interface StoreReservationRow {
  productId: number;
  qty: number;
  status: 'active' | 'released' | 'consumed';
  createdAt: string;
  closedAt: string | null;
}

/** What the order holds or held on the shelf: active until handed over (consumed) or cancelled (released). */
export const orderReservations = (db: Db, orderId: string): StoreReservationRow[] =>
  db.raw
    .prepare(
      `SELECT product_id AS productId, qty, status, created_at AS createdAt, closed_at AS closedAt FROM reservations
       WHERE order_id = ? ORDER BY id`,
    )
    .all(orderId) as StoreReservationRow[];

export const customerNameOf = (db: Db, customerId: number): string | null =>
  (db.raw.prepare('SELECT name FROM customers WHERE id = ?').get(customerId) as { name: string } | undefined)?.name ?? null;

export const countStoreOrders = (db: Db): number => (db.raw.prepare('SELECT COUNT(*) AS n FROM store_orders').get() as { n: number }).n;

export interface StoreLogRow {
  id: number;
  at: string;
  direction: 'out' | 'in';
  kind: string;
  ok: boolean;
  summary: string;
}

export const logStore = (db: Db, at: string, direction: 'out' | 'in', kind: string, ok: boolean, summary: string): void =>
  void stmts(db).log.run(at, direction, kind, ok ? 1 : 0, summary);

export const pruneStoreLog = (db: Db, before: string): number => stmts(db).pruneLog.run(before).changes;

export function recentStoreLog(db: Db, limit: number): StoreLogRow[] {
  const rows = db.raw.prepare('SELECT id, at, direction, kind, ok, summary FROM store_log ORDER BY id DESC LIMIT ?').all(limit) as (Omit<
    StoreLogRow,
    'ok'
  > & { ok: number })[];
  return rows.map((r) => ({ ...r, ok: r.ok === 1 }));
}
