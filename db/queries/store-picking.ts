// Picking web-store orders (core/sync/order-status.ts): the order's status moves only from the one it was read in,
// picked quantities are a working state on the order's lines (no stock moves: the hand-over's sale moves the stock),
// and an open order whose goods are no longer on the shelf is found from its reservations.
import type { Db } from '../connection';
import { perConnection } from '../prepared';
import type { StoreOrderStatus } from './store';

/**
 * The products of the order's active reservations that the shelf cannot cover: on hand at the reservation's location
 * below everything reserved of it there (a write-off, a transfer or a count took what was promised). Every order
 * holding such a product is short: which of them gets the rest is the shop's decision.
 */
export const shortProductsSql = (orderId: string): string => `
  SELECT DISTINCT r.product_id FROM reservations r
  WHERE r.order_id = ${orderId} AND r.status = 'active'
    AND COALESCE((SELECT h.qty FROM on_hand h WHERE h.product_id = r.product_id AND h.location_id = r.location_id), 0)
      < (SELECT SUM(a.qty) FROM reservations a WHERE a.product_id = r.product_id AND a.location_id = r.location_id AND a.status = 'active')`;

const stmts = perConnection((db) => ({
  move: db.raw.prepare<[string, string | null, string, string]>(
    'UPDATE store_orders SET status = ?, reason = ? WHERE order_id = ? AND status = ?',
  ),
  picked: db.raw.prepare<[number, string, string]>('UPDATE store_order_lines SET picked = ? WHERE order_id = ? AND store_line_id = ?'),
  short: db.raw.prepare<[string], { productId: number }>(`SELECT product_id AS productId FROM (${shortProductsSql('?')})`),
}));

/** The order moves from `from` to `to`; false when it was not in `from` (nothing changed). */
export const moveStoreOrder = (db: Db, orderId: string, from: StoreOrderStatus, to: StoreOrderStatus, reason: string | null): boolean =>
  stmts(db).move.run(to, reason, orderId, from).changes === 1;

export const setLinePicked = (db: Db, orderId: string, storeLineId: string, picked: number): void =>
  void stmts(db).picked.run(picked, orderId, storeLineId);

/** The products the order holds that the shelf no longer covers (see shortProductsSql). */
export const shortProducts = (db: Db, orderId: string): number[] =>
  stmts(db)
    .short.all(orderId)
    .map((r) => r.productId);
