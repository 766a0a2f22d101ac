import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../connection';
import { perConnection } from '../../prepared';
import { cartLines, carts, products, users } from '../../schema';

export type CartRow = typeof carts.$inferSelect;
export type CartLineRow = typeof cartLines.$inferSelect;
export type CartLineWithProduct = CartLineRow & {
  name: string;
  unit: 'pcs' | 'kg' | 'l' | 'm';
  taxRateBp: number;
  cost: number;
  active: boolean;
};

const CART_COLUMNS = `id, user_id AS userId, location_id AS locationId, status, note, customer_id AS customerId,
  discount_bp AS discountBp, discount_amount AS discountAmount, created_at AS createdAt, updated_at AS updatedAt`;

const stmts = perConnection((db) => ({
  // Plain SQL with the columns named as the row type: every scan reads its cart twice (drizzle's mapping cost more).
  byId: db.raw.prepare<[number], CartRow>(`SELECT ${CART_COLUMNS} FROM carts WHERE id = ?`),
  openOf: db.raw.prepare<[number], CartRow>(`SELECT ${CART_COLUMNS} FROM carts WHERE user_id = ? AND status = 'open'`),
  // Read twice by every scan (to merge, then for the answer): plain SQL with the columns named as the row type, so
  // no per-row mapping beyond the product's active flag.
  lines: db.raw.prepare<[number], Omit<CartLineWithProduct, 'active'> & { active: number }>(
    `SELECT l.id, l.cart_id AS cartId, l.product_id AS productId, l.qty, l.catalog_price AS catalogPrice, l.price,
            l.discount_bp AS discountBp, l.discount_amount AS discountAmount, l.marking, l.scan_code AS scanCode,
            p.name, p.unit, p.tax_rate_bp AS taxRateBp, p.cost, p.active
       FROM cart_lines l JOIN products p ON p.id = l.product_id
      WHERE l.cart_id = ? ORDER BY l.id`,
  ),
  // What every scan runs: prepared once rather than built and compiled per call.
  insertLine: db.raw.prepare<[Omit<CartLineRow, 'id'>], { id: number }>(
    `INSERT INTO cart_lines (cart_id, product_id, qty, catalog_price, price, discount_bp, discount_amount, marking, scan_code)
     VALUES (@cartId, @productId, @qty, @catalogPrice, @price, @discountBp, @discountAmount, @marking, @scanCode) RETURNING id`,
  ),
  // On hand at the cart's location of each product in it (read by every scan's answer: one indexed lookup a product).
  onHand: db.raw.prepare<[number, number], { productId: number; qty: number }>(
    `SELECT l.product_id AS productId, COALESCE(oh.qty, 0) AS qty
       FROM (SELECT DISTINCT product_id FROM cart_lines WHERE cart_id = ?) l
       LEFT JOIN on_hand oh ON oh.product_id = l.product_id AND oh.location_id = ?`,
  ),
  // The line a plain scan adds to: one indexed lookup rather than every line of the cart with its product.
  sameLine: db.raw.prepare<[number, number, number, number], { id: number; qty: number }>(
    `SELECT id, qty FROM cart_lines
      WHERE cart_id = ? AND product_id = ? AND marking IS NULL AND scan_code IS NULL AND price = ? AND catalog_price = ?
      ORDER BY id LIMIT 1`,
  ),
  setLineQty: db.raw.prepare<[number, number]>('UPDATE cart_lines SET qty = ? WHERE id = ?'),
  touch: db.raw.prepare<[string, number]>('UPDATE carts SET updated_at = ? WHERE id = ?'),
  nextCartId: db.raw.prepare<[], { next: number }>(
    `INSERT INTO sequences (name, next) VALUES ('cart', (SELECT COALESCE(MAX(id), 0) + 2 FROM carts))
     ON CONFLICT (name) DO UPDATE SET next = MAX(next + 1, (SELECT COALESCE(MAX(id), 0) + 2 FROM carts)) RETURNING next`,
  ),
}));

export const getCart = (db: Db, id: number): CartRow | undefined => stmts(db).byId.get(id);
export const openCartOf = (db: Db, userId: number): CartRow | undefined => stmts(db).openOf.get(userId);

/**
 * A cart id never given before. Paid and cleared carts are deleted, and a plain rowid would hand the newest one's
 * id out again, mixing two sales in the audit rows that name the cart. The 'cart' sequence only grows; a database
 * from before it starts above the carts it has, and it never falls behind them.
 */
export function insertCart(db: Db, c: { userId: number; locationId: number; at: string }): number {
  const id = stmts(db).nextCartId.get()!.next - 1;
  db.orm.insert(carts).values({ id, userId: c.userId, locationId: c.locationId, status: 'open', createdAt: c.at, updatedAt: c.at }).run();
  return id;
}

export function updateCart(db: Db, id: number, patch: Partial<Omit<CartRow, 'id' | 'createdAt'>> & { updatedAt: string }): void {
  db.orm.update(carts).set(patch).where(eq(carts.id, id)).run();
}

export function deleteCart(db: Db, id: number): void {
  db.orm.delete(cartLines).where(eq(cartLines.cartId, id)).run();
  db.orm.delete(carts).where(eq(carts.id, id)).run();
}

export function cartLinesOf(db: Db, cartId: number): CartLineWithProduct[] {
  const rows = stmts(db).lines.all(cartId) as unknown as CartLineWithProduct[];
  for (const r of rows) r.active = (r.active as unknown as number) === 1;
  return rows;
}

/** Each product in the cart with its on-hand at the location (0 where it never had stock). */
export function cartOnHand(db: Db, cartId: number, locationId: number): Map<number, number> {
  return new Map(
    stmts(db)
      .onHand.all(cartId, locationId)
      .map((r) => [r.productId, r.qty]),
  );
}

export function insertCartLine(db: Db, l: Omit<CartLineRow, 'id'>): number {
  return stmts(db).insertLine.get(l)!.id;
}

/** The cart's first plain line (no marking, no scanned label) of a product at these prices, which a scan adds to. */
export const samePlainLine = (
  db: Db,
  l: { cartId: number; productId: number; price: number; catalogPrice: number },
): { id: number; qty: number } | undefined => stmts(db).sameLine.get(l.cartId, l.productId, l.price, l.catalogPrice);

export const setCartLineQty = (db: Db, id: number, qty: number): void => void stmts(db).setLineQty.run(qty, id);
export const touchCart = (db: Db, id: number, at: string): void => void stmts(db).touch.run(at, id);

export function updateCartLine(db: Db, id: number, patch: Partial<Omit<CartLineRow, 'id' | 'cartId'>>): void {
  db.orm.update(cartLines).set(patch).where(eq(cartLines.id, id)).run();
}

export function deleteCartLine(db: Db, id: number): void {
  db.orm.delete(cartLines).where(eq(cartLines.id, id)).run();
}

export function deleteCartLines(db: Db, cartId: number): void {
  db.orm.delete(cartLines).where(eq(cartLines.cartId, cartId)).run();
}

export function parkedCarts(db: Db, locationId: number): (CartRow & { userName: string })[] {
  return db.orm
    .select({ cart: carts, userName: users.name })
    .from(carts)
    .innerJoin(users, eq(users.id, carts.userId))
    .where(and(eq(carts.locationId, locationId), eq(carts.status, 'parked')))
    .orderBy(desc(carts.updatedAt), desc(carts.id))
    .all()
    .map((r) => ({ ...r.cart, userName: r.userName }));
}

export const productByPlu = (db: Db, plu: number) => db.orm.select().from(products).where(eq(products.plu, plu)).get();
export const productBySku = (db: Db, sku: string) => db.orm.select().from(products).where(eq(products.sku, sku)).get();
