import { returns, type DomainSpec } from '../method';
import * as c from '../counter-schemas';
import type * as C from '../counter-types';
import * as s from '../schemas';
import type * as T from '../types';

/** The counter's carts, up to payment. */
export const cartApi = {
  'cart.current': { input: s.empty, output: returns<C.Cart>(), access: 'sale.post' },
  'cart.scan': { input: c.cartScanInput, output: returns<C.Cart>(), access: 'sale.post' },
  'cart.add': { input: c.cartAddInput, output: returns<C.Cart>(), access: 'sale.post' },
  'cart.setQty': { input: c.cartSetQtyInput, output: returns<C.Cart>(), access: 'sale.post' },
  'cart.setPrice': { input: c.cartSetPriceInput, output: returns<C.Cart>(), access: 'sale.post' },
  'cart.removeLine': { input: c.cartRemoveLineInput, output: returns<C.Cart>(), access: 'sale.post' },
  'cart.discount': { input: c.cartDiscountInput, output: returns<C.Cart>(), access: 'sale.post' },
  'cart.customer': { input: c.cartCustomerInput, output: returns<C.Cart>(), access: 'sale.post' },
  'cart.park': { input: c.cartParkInput, output: returns<C.Cart>(), access: 'sale.post' },
  'cart.parked': { input: s.empty, output: returns<C.CartSummary[]>(), access: 'sale.post' },
  'cart.recall': { input: c.cartRef, output: returns<C.Cart>(), access: 'sale.post' },
  'cart.clear': { input: c.cartClearInput, output: returns<C.Cart>(), access: 'sale.post' },
  'cart.pay': { input: c.cartPayInput, output: returns<T.PostResult>(), access: 'sale.post' },
} as const satisfies DomainSpec;
