import { inTransaction } from '../../../db/connection';
import * as q from '../../../db/queries/counter/carts';
import * as docs from '../../../db/queries/documents';
import { enqueue } from '../../../db/queries/outbox';
import { actorOf, type HandlerMap } from '../../api/handler';
import { cartCustomer, cartItem, ownOpenCart } from '../../counter/carts';
import { counterSettings } from '../../counter/context';
import { requireOpenShift } from '../../counter/shifts';
import { fail } from '../../errors';
import { counterDoc } from '../../posting/counter-doc';
import { replay, requestHash, writeDocument } from '../../posting/engine';
import { settle } from '../../posting/prepare';
import { priceSale } from '../../posting/sale-lines';

export const payHandlers: HandlerMap<'cart.pay'> = {
  /**
   * Posts the cart as a sale in one transaction (document, stock, payments, receipt print job) and deletes it.
   * The same uuid again returns the first result, even though the cart is gone by then.
   */
  'cart.pay': (svc, ctx, input) => {
    const userId = actorOf(ctx).userId;
    const hash = requestHash({ pay: input.cartId, payments: input.payments });
    const r = inTransaction(svc.db, () => {
      const again = replay(
        svc.db,
        input.uuid,
        hash,
        () => settle(docs.findDocumentByUuid(svc.db, input.uuid)!.total, input.payments).change,
      );
      if (again) return again;
      const cart = ownOpenCart(svc.db, userId, input.cartId);
      // Refused before the cart is priced; the counter's part checks the shift again where the sale is written.
      requireOpenShift(svc.db, cart.locationId);
      const items = q.cartLinesOf(svc.db, cart.id).map(cartItem);
      if (items.length === 0) fail('invalid_state', 'the cart is empty');
      const customer = cartCustomer(svc.db, cart);
      // Paid entirely in cash: the total rounds down to the shop's step, spread over the lines as discount.
      const allCash = input.payments.every((p) => p.method === 'cash');
      const { lines: prepared, priced } = priceSale(items, {
        receipt: { discountBp: cart.discountBp, discountAmount: cart.discountAmount },
        loyaltyBp: customer?.loyaltyBp ?? 0,
        roundingStep: allCash ? counterSettings(svc.db).cashRoundingStep : 1,
      });
      const { payments, change } = settle(priced.total, input.payments);
      const result = writeDocument(
        svc.db,
        { userId },
        counterDoc({
          type: 'sale',
          uuid: input.uuid,
          requestHash: hash,
          locationId: cart.locationId,
          lines: prepared,
          payments,
          change,
          customerId: customer?.id ?? null,
          rounding: priced.rounding,
        }),
      );
      // The change is known only here (the ledger keeps the cash kept): the receipt prints it.
      enqueue(svc.db, 'receipt.print', { docId: result.id, change });
      q.deleteCart(svc.db, cart.id);
      return result;
    });
    if (!r.replayed) {
      svc.devices?.outboxChanged();
      svc.events.emit({ type: 'doc.posted', id: r.id, docType: 'sale', number: r.number });
      svc.events.emit({ type: 'cart.changed', cartId: input.cartId, userId });
    }
    return r;
  },
};
