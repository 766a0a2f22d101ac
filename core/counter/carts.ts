/** Server-side carts: the open sale of each user, kept in the database so a renderer crash loses nothing. */
import type { Db } from '../../db/connection';
import { nowIso } from '../../db/prepared';
import * as q from '../../db/queries/counter/carts';
import { customerPurchases, getCustomer, type CustomerRow } from '../../db/queries/counter/customers';
import type { ProductRow } from '../../db/queries/products';
import type { Cart, CartSummary, Customer, StockShortage } from '../contract/counter-types';
import { LIMITS } from '../contract/primitives';
import { fail } from '../errors';
import { pricingLines, requireLineWithinLimits, requireWholeUnits, type SaleItem } from '../posting/sale-lines';
import { counterLocation, counterSettings } from './context';
import { loyaltyBpFor, priceCart, roundDownTo, type Priced } from './pricing';

export function customerOut(db: Db, c: CustomerRow): Customer {
  const totalPurchases = customerPurchases(db, c.id);
  return {
    id: c.id,
    phone: c.phone,
    name: c.name,
    totalPurchases,
    loyaltyBp: loyaltyBpFor(totalPurchases, counterSettings(db).loyaltyTiers),
  };
}

export interface PricedCart {
  cart: q.CartRow;
  lines: q.CartLineWithProduct[];
  customer: Customer | null;
  priced: Priced;
}

export function cartCustomer(db: Db, cart: q.CartRow): Customer | null {
  const c = cart.customerId != null ? getCustomer(db, cart.customerId) : undefined;
  return c ? customerOut(db, c) : null;
}

/** A cart line as the sale will post it (posting/sale-lines.ts prices both the same way). */
export const cartItem = (l: q.CartLineWithProduct): SaleItem => ({
  product: { id: l.productId, name: l.name, unit: l.unit, taxRateBp: l.taxRateBp, cost: l.cost, active: l.active },
  qty: l.qty,
  price: l.price,
  catalogPrice: l.catalogPrice,
  discountBp: l.discountBp,
  discountAmount: l.discountAmount,
  marking: l.marking,
});

/** Prices a cart as it is shown (no cash rounding). */
export function priceOf(db: Db, cart: q.CartRow): PricedCart {
  const lines = q.cartLinesOf(db, cart.id);
  const customer = cartCustomer(db, cart);
  const priced = priceCart({
    lines: pricingLines(lines.map(cartItem)),
    receipt: { discountBp: cart.discountBp, discountAmount: cart.discountAmount },
    loyaltyBp: customer?.loyaltyBp ?? 0,
  });
  return { cart, lines, customer, priced };
}

export function cartView(db: Db, cart: q.CartRow): Cart {
  const { lines, customer, priced } = priceOf(db, cart);
  return {
    id: cart.id,
    status: cart.status,
    note: cart.note,
    lines: lines.map((l, i) => {
      const p = priced.lines[i]!;
      return {
        id: l.id,
        productId: l.productId,
        name: l.name,
        unit: l.unit,
        qty: l.qty,
        catalogPrice: l.catalogPrice,
        price: l.price,
        discount: p.lineDiscount,
        amount: p.gross - p.lineDiscount,
        taxRateBp: l.taxRateBp,
      };
    }),
    subtotal: priced.subtotal,
    receiptDiscount: priced.receiptDiscount + priced.loyaltyDiscount,
    loyaltyBp: customer?.loyaltyBp ?? 0,
    customer,
    total: priced.total,
    cashTotal: roundDownTo(priced.total, counterSettings(db).cashRoundingStep),
    taxes: priced.taxes,
    updatedAt: cart.updatedAt,
    shortages: shortagesOf(db, cart, lines),
  };
}

/** Products whose quantity over the cart's lines is more than on hand at the cart's location (or any, below zero). */
function shortagesOf(db: Db, cart: q.CartRow, lines: q.CartLineWithProduct[]): StockShortage[] {
  if (!lines.length) return [];
  const wanted = new Map<number, StockShortage>();
  for (const l of lines) {
    const s = wanted.get(l.productId);
    if (s) s.inCart += l.qty;
    else wanted.set(l.productId, { productId: l.productId, name: l.name, unit: l.unit, onHand: 0, inCart: l.qty });
  }
  const onHand = q.cartOnHand(db, cart.id, cart.locationId);
  const out: StockShortage[] = [];
  for (const s of wanted.values()) {
    s.onHand = onHand.get(s.productId) ?? 0;
    if (s.inCart > s.onHand) out.push(s);
  }
  return out;
}

export function cartSummary(db: Db, cart: q.CartRow & { userName: string }): CartSummary {
  const { lines, priced } = priceOf(db, cart);
  return { id: cart.id, note: cart.note, lines: lines.length, total: priced.total, updatedAt: cart.updatedAt, userName: cart.userName };
}

/** The user's open cart, created at the till's location when there is none. Call inside a transaction. */
export function currentCart(db: Db, userId: number): q.CartRow {
  const open = q.openCartOf(db, userId);
  if (open) return open;
  const id = q.insertCart(db, { userId, locationId: counterLocation(db), at: nowIso() });
  return q.getCart(db, id)!;
}

/** A cart the user may change: their own open one. */
export function ownOpenCart(db: Db, userId: number, cartId: number): q.CartRow {
  const cart = q.getCart(db, cartId) ?? fail('not_found', `cart ${cartId} does not exist (already paid or cleared?)`);
  if (cart!.status === 'parked') fail('invalid_state', `cart ${cartId} is parked: recall it first`);
  if (cart!.userId !== userId) fail('invalid_state', `cart ${cartId} is open at another cashier`);
  return cart!;
}

export function lineOf(db: Db, cart: q.CartRow, lineId: number): q.CartLineWithProduct {
  return q.cartLinesOf(db, cart.id).find((l) => l.id === lineId) ?? fail('not_found', `line ${lineId} is not in cart ${cart.id}`);
}

export const touch = (db: Db, cartId: number): void => q.touchCart(db, cartId, nowIso());

/** Adds a product; the same plain product again adds to its line (weighed labels and marked items stay separate). */
export function addToCart(
  db: Db,
  cart: q.CartRow,
  p: Pick<ProductRow, 'name' | 'unit'>,
  a: { productId: number; qty: number; price: number; catalogPrice: number; marking: string | null; scanCode: string | null },
): number {
  // A weight label on goods sold by the piece (a PLU set up wrong) is refused like a typed fraction.
  requireWholeUnits(p, a.qty);
  requireLineWithinLimits(p, a.price, a.qty);
  if (a.marking !== null) {
    const dup = q.cartLinesOf(db, cart.id).find((l) => l.marking === a.marking);
    if (dup) fail('duplicate', 'this marked item is already in the cart (each marking code is one item)');
  }
  if (a.marking === null && a.scanCode === null) {
    const same = q.samePlainLine(db, { cartId: cart.id, productId: a.productId, price: a.price, catalogPrice: a.catalogPrice });
    if (same) {
      if (same.qty + a.qty > LIMITS.qty) fail('validation', `${p.name}: a quantity is at most ${LIMITS.qty} thousandths`);
      requireLineWithinLimits(p, a.price, same.qty + a.qty);
      q.setCartLineQty(db, same.id, same.qty + a.qty);
      touch(db, cart.id);
      return same.id;
    }
  }
  const id = q.insertCartLine(db, {
    cartId: cart.id,
    productId: a.productId,
    qty: a.qty,
    catalogPrice: a.catalogPrice,
    price: a.price,
    discountBp: null,
    discountAmount: null,
    marking: a.marking,
    scanCode: a.scanCode,
  });
  touch(db, cart.id);
  return id;
}
