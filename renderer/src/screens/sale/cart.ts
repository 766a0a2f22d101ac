import type { Product } from '../../api/types';
import { lineAmount } from '../../i18n/format';

export interface CartLine {
  product: Product;
  /** Thousandths of the product's unit. */
  qty: number;
}

export interface Cart {
  lines: CartLine[];
  /**
   * Idempotency key of this sale, made on the first payment attempt and kept until the sale is done or
   * cleared: if the answer to a post is lost, trying again cannot sell twice (the server replays it, or
   * refuses changed contents under the same key with idempotency_conflict).
   */
  uuid: string | null;
}

export type CartAction =
  | { type: 'add'; product: Product; qty: number }
  | { type: 'setQty'; productId: number; qty: number }
  | { type: 'remove'; productId: number }
  | { type: 'attempt'; uuid: string }
  | { type: 'clear' };

export const emptyCart: Cart = { lines: [], uuid: null };

export function cartReducer(cart: Cart, a: CartAction): Cart {
  switch (a.type) {
    case 'add': {
      const i = cart.lines.findIndex((l) => l.product.id === a.product.id);
      if (i < 0) return { ...cart, lines: [...cart.lines, { product: a.product, qty: a.qty }] };
      // The same product again adds to its line; the fresh product data (price, name) wins.
      return { ...cart, lines: cart.lines.map((l, j) => (j === i ? { product: a.product, qty: l.qty + a.qty } : l)) };
    }
    case 'setQty':
      return { ...cart, lines: cart.lines.map((l) => (l.product.id === a.productId ? { ...l, qty: a.qty } : l)) };
    case 'remove':
      return { ...cart, lines: cart.lines.filter((l) => l.product.id !== a.productId) };
    case 'attempt':
      return { ...cart, uuid: a.uuid };
    case 'clear':
      return emptyCart;
  }
}

export const cartTotal = (lines: CartLine[]): number => lines.reduce((s, l) => s + lineAmount(l.product.price, l.qty), 0);

/** crypto.randomUUID exists only in secure contexts; a till reached over plain http on the LAN is not one. */
export function newUuid(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
