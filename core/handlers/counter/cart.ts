import { inDraftTransaction, inTransaction } from '../../../db/connection';
import { appendAudit } from '../../../db/queries/audit';
import * as q from '../../../db/queries/counter/carts';
import { customerByPhone } from '../../../db/queries/counter/customers';
import { getProduct } from '../../../db/queries/products';
import { actorOf, type CallContext, type DomainHandlers, type Services } from '../../api/handler';
import { requirePermission } from '../../auth/approval';
import type { Cart } from '../../contract/counter-types';
import { addToCart, cartSummary, cartView, currentCart, lineOf, ownOpenCart, priceOf, touch } from '../../counter/carts';
import { counterLocation, counterSettings } from '../../counter/context';
import { discountOn } from '../../counter/pricing';
import { resolveScan } from '../../counter/scan';
import { requireLineWithinLimits, requireWholeUnits } from '../../posting/sale-lines';
import { fail } from '../../errors';
import { basisPoints, lineAmount } from '../../money';
import type { cartApi } from '../../contract/methods/cart';

/**
 * Runs a change to one of the caller's carts in a transaction, then tells listeners and returns the cart. 'draft':
 * a change that writes no audit row (a scan, an added line) commits without an fsync (inDraftTransaction).
 */
function change(svc: Services, cartId: number, fn: () => void, durability: 'synced' | 'draft' = 'synced'): Cart {
  const { view, userId } = (durability === 'draft' ? inDraftTransaction : inTransaction)(svc.db, () => {
    fn();
    const row = q.getCart(svc.db, cartId)!;
    return { view: cartView(svc.db, row), userId: row.userId };
  });
  svc.events.emit({ type: 'cart.changed', cartId, userId, updatedAt: view.updatedAt });
  return view;
}

/** What one line is worth after its own discount: the amount a void takes off the receipt. */
const lineValue = (l: q.CartLineWithProduct): number => {
  const gross = lineAmount(l.price, l.qty);
  return gross - discountOn(gross, l.discountBp, l.discountAmount);
};

const me = (ctx: CallContext) => actorOf(ctx).userId;

export const cartHandlers: DomainHandlers<typeof cartApi, 'cart.pay'> = {
  'cart.current': (svc, ctx) => inTransaction(svc.db, () => cartView(svc.db, currentCart(svc.db, me(ctx)))),

  'cart.scan': (svc, ctx, input) =>
    change(
      svc,
      input.cartId,
      () => {
        const cart = ownOpenCart(svc.db, me(ctx), input.cartId);
        // A misread or unknown code adds nothing: the refusal comes before any write.
        const hit = resolveScan(svc.db, input.code, counterSettings(svc.db).barcodeRules);
        addToCart(svc.db, cart, hit.product, {
          productId: hit.product.id,
          qty: hit.qty,
          price: hit.price,
          catalogPrice: hit.product.price,
          marking: hit.marking,
          scanCode: hit.scanCode,
        });
      },
      'draft',
    ),

  'cart.add': (svc, ctx, input) =>
    change(
      svc,
      input.cartId,
      () => {
        const cart = ownOpenCart(svc.db, me(ctx), input.cartId);
        const p = getProduct(svc.db, input.productId) ?? fail('unknown_product', `product ${input.productId} does not exist`);
        if (!p!.active) fail('product_inactive', `${p!.name} is not on sale (inactive)`);
        addToCart(svc.db, cart, p!, {
          productId: p!.id,
          qty: input.qty,
          price: p!.price,
          catalogPrice: p!.price,
          marking: null,
          scanCode: null,
        });
      },
      'draft',
    ),

  'cart.setQty': (svc, ctx, input) => {
    const cart = ownOpenCart(svc.db, me(ctx), input.cartId);
    const line = lineOf(svc.db, cart, input.lineId);
    if (line.marking !== null && input.qty !== 1000) fail('invalid_state', 'a marked item is one piece: scan each item');
    requireWholeUnits(line, input.qty);
    requireLineWithinLimits(line, line.price, input.qty);
    // Taking goods off a receipt is a void: it needs the permission or a manager, as removing the line does.
    const approvedBy =
      input.qty < line.qty
        ? requirePermission(svc, ctx, 'line.remove', 'cart.setQty', input.approval, {
            cartId: cart.id,
            lineId: line.id,
            productId: line.productId,
            from: line.qty,
            to: input.qty,
          })
        : null;
    return change(svc, cart.id, () => {
      const before = lineOf(svc.db, ownOpenCart(svc.db, me(ctx), input.cartId), input.lineId);
      q.updateCartLine(svc.db, before.id, { qty: input.qty });
      if (input.qty < before.qty) {
        const after = { ...before, qty: input.qty };
        appendAudit(svc.db, {
          userId: me(ctx),
          action: 'cart.void_line',
          entity: 'cart',
          entityId: cart.id,
          data: {
            lineId: before.id,
            productId: before.productId,
            qty: before.qty - input.qty,
            amount: lineValue(before) - lineValue(after),
            partial: true,
            approvedBy,
          },
        });
      }
      touch(svc.db, cart.id);
    });
  },

  'cart.setPrice': (svc, ctx, input) => {
    const cart = ownOpenCart(svc.db, me(ctx), input.cartId);
    const line = lineOf(svc.db, cart, input.lineId);
    if (input.price === line.price) return inTransaction(svc.db, () => cartView(svc.db, cart));
    requireLineWithinLimits(line, input.price, line.qty);
    const approvedBy = requirePermission(svc, ctx, 'price.override', 'cart.setPrice', input.approval, {
      cartId: cart.id,
      lineId: line.id,
      productId: line.productId,
      from: line.price,
      to: input.price,
    });
    return change(svc, cart.id, () => {
      const before = lineOf(svc.db, ownOpenCart(svc.db, me(ctx), input.cartId), input.lineId);
      q.updateCartLine(svc.db, before.id, { price: input.price });
      appendAudit(svc.db, {
        userId: me(ctx),
        action: 'cart.price_override',
        entity: 'cart',
        entityId: cart.id,
        data: {
          lineId: before.id,
          productId: before.productId,
          catalogPrice: before.catalogPrice,
          from: before.price,
          to: input.price,
          amount: lineValue(before) - lineValue({ ...before, price: input.price }),
          approvedBy,
        },
      });
      touch(svc.db, cart.id);
    });
  },

  'cart.removeLine': (svc, ctx, input) => {
    const cart = ownOpenCart(svc.db, me(ctx), input.cartId);
    const line = lineOf(svc.db, cart, input.lineId);
    const approvedBy = requirePermission(svc, ctx, 'line.remove', 'cart.removeLine', input.approval, {
      cartId: cart.id,
      lineId: line.id,
      productId: line.productId,
      qty: line.qty,
      amount: lineValue(line),
    });
    return change(svc, cart.id, () => {
      const l = lineOf(svc.db, ownOpenCart(svc.db, me(ctx), input.cartId), input.lineId);
      q.deleteCartLine(svc.db, l.id);
      appendAudit(svc.db, {
        userId: me(ctx),
        action: 'cart.void_line',
        entity: 'cart',
        entityId: cart.id,
        data: { lineId: l.id, productId: l.productId, qty: l.qty, amount: lineValue(l), approvedBy },
      });
      touch(svc.db, cart.id);
    });
  },

  'cart.clear': (svc, ctx, input) => {
    const cart = ownOpenCart(svc.db, me(ctx), input.cartId);
    const lines = q.cartLinesOf(svc.db, cart.id);
    const approvedBy = lines.length
      ? requirePermission(svc, ctx, 'line.remove', 'cart.clear', input.approval, {
          cartId: cart.id,
          lines: lines.length,
          amount: lines.reduce((s, l) => s + lineValue(l), 0),
        })
      : null;
    return change(svc, cart.id, () => {
      const c = ownOpenCart(svc.db, me(ctx), input.cartId);
      for (const l of q.cartLinesOf(svc.db, c.id)) {
        appendAudit(svc.db, {
          userId: me(ctx),
          action: 'cart.void_line',
          entity: 'cart',
          entityId: c.id,
          data: { lineId: l.id, productId: l.productId, qty: l.qty, amount: lineValue(l), cleared: true, approvedBy },
        });
      }
      q.deleteCartLines(svc.db, c.id);
      q.updateCart(svc.db, c.id, {
        discountBp: null,
        discountAmount: null,
        customerId: null,
        note: null,
        updatedAt: new Date().toISOString(),
      });
    });
  },

  'cart.discount': (svc, ctx, input) => {
    const session = ctx.session!;
    const cart = ownOpenCart(svc.db, me(ctx), input.cartId);
    const line = input.lineId !== undefined ? lineOf(svc.db, cart, input.lineId) : null;
    const base = line ? lineAmount(line.price, line.qty) : priceOf(svc.db, cart).priced.subtotal;
    if (input.amount !== undefined && input.amount > base)
      fail('validation', `a discount of ${input.amount} is more than the ${line ? 'line' : 'receipt'} amount ${base}`);
    const bp = input.percentBp ?? basisPoints(input.amount!, base);
    const limitBp = counterSettings(svc.db).maxDiscountBp[session.roleId] ?? 0;
    const detail = {
      cartId: cart.id,
      lineId: line?.id ?? null,
      percentBp: input.percentBp ?? null,
      amount: input.amount ?? null,
      bp,
      limitBp,
    };
    const approvedBy = bp > limitBp ? requirePermission(svc, ctx, 'discount.over_limit', 'cart.discount', input.approval, detail) : null;
    return change(svc, cart.id, () => {
      const c = ownOpenCart(svc.db, me(ctx), input.cartId);
      const discountBp = input.percentBp && input.percentBp > 0 ? input.percentBp : null;
      const discountAmount = input.amount && input.amount > 0 ? input.amount : null;
      let made: number;
      if (input.lineId !== undefined) {
        const l = lineOf(svc.db, c, input.lineId);
        q.updateCartLine(svc.db, l.id, { discountBp, discountAmount });
        made = discountOn(lineAmount(l.price, l.qty), discountBp, discountAmount);
      } else {
        q.updateCart(svc.db, c.id, { discountBp, discountAmount, updatedAt: new Date().toISOString() });
        made = discountOn(priceOf(svc.db, c).priced.subtotal, discountBp, discountAmount);
      }
      appendAudit(svc.db, {
        userId: me(ctx),
        action: made > 0 ? 'cart.discount' : 'cart.discount_removed',
        entity: 'cart',
        entityId: c.id,
        data: { ...detail, productId: line?.productId ?? null, amount: made, approvedBy },
      });
      touch(svc.db, c.id);
    });
  },

  'cart.customer': (svc, ctx, input) =>
    change(svc, input.cartId, () => {
      const cart = ownOpenCart(svc.db, me(ctx), input.cartId);
      const customer =
        input.phone === null
          ? null
          : (customerByPhone(svc.db, input.phone) ?? fail('not_found', `no customer with phone ${input.phone}: add them first`));
      q.updateCart(svc.db, cart.id, { customerId: customer?.id ?? null, updatedAt: new Date().toISOString() });
    }),

  'cart.park': (svc, ctx, input) =>
    change(svc, input.cartId, () => {
      const cart = ownOpenCart(svc.db, me(ctx), input.cartId);
      if (q.cartLinesOf(svc.db, cart.id).length === 0) fail('invalid_state', 'the cart is empty: nothing to park');
      q.updateCart(svc.db, cart.id, { status: 'parked', note: input.note ?? cart.note, updatedAt: new Date().toISOString() });
      appendAudit(svc.db, { userId: me(ctx), action: 'cart.park', entity: 'cart', entityId: cart.id, data: { note: input.note ?? null } });
    }),

  'cart.parked': (svc) => q.parkedCarts(svc.db, counterLocation(svc.db)).map((c) => cartSummary(svc.db, c)),

  'cart.recall': (svc, ctx, input) => {
    let parkedMine: number | null = null;
    const view = change(svc, input.cartId, () => {
      const target = q.getCart(svc.db, input.cartId) ?? fail('not_found', `cart ${input.cartId} does not exist (already paid or cleared?)`);
      if (target!.status !== 'parked' || target!.locationId !== counterLocation(svc.db))
        fail('invalid_state', `cart ${input.cartId} is not parked here`);
      const mine = q.openCartOf(svc.db, me(ctx));
      if (mine) {
        // The cart in hand is put aside (or dropped when empty) so nothing the cashier scanned is lost.
        if (q.cartLinesOf(svc.db, mine.id).length) {
          q.updateCart(svc.db, mine.id, { status: 'parked', updatedAt: new Date().toISOString() });
          parkedMine = mine.id;
        } else q.deleteCart(svc.db, mine.id);
      }
      q.updateCart(svc.db, target!.id, { status: 'open', userId: me(ctx), updatedAt: new Date().toISOString() });
      appendAudit(svc.db, {
        userId: me(ctx),
        action: 'cart.recall',
        entity: 'cart',
        entityId: target!.id,
        data: { parkedBy: target!.userId, parkedCurrent: parkedMine },
      });
    });
    if (parkedMine !== null) svc.events.emit({ type: 'cart.changed', cartId: parkedMine, userId: me(ctx) });
    return view;
  },
};
