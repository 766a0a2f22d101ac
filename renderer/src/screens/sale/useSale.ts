import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import type { Approval, Cart, CartLine, CartSummary, PostResult, Product } from '../../api/types';
import { beep } from '../../scanner/beep';
import { useWithApproval } from '../../ui/approval/ApprovalProvider';
import { newUuid } from '../../ui/uuid';
import type { DiscountInput } from './DiscountDialog';
import type { Payment } from './PayDialog';
import { createSaleStore, selectedLine, type ScanMessage } from './saleStore';
import { useCart } from './useCart';

/** The line a scan touched: a new one, or the one whose quantity grew. */
function touched(before: Cart | undefined, after: Cart): CartLine | undefined {
  const old = new Map(before?.lines.map((l) => [l.id, l.qty]));
  return after.lines.find((l) => !old.has(l.id)) ?? after.lines.find((l) => old.get(l.id) !== l.qty);
}

/**
 * Everything the sale screen does to the server-side cart. The cart, the selected line and the scan message live in
 * the sale store (see saleStore.ts); failures end up in the store's scanMsg or in actionError.
 */
export function useSale() {
  const { t } = useTranslation();
  const withApproval = useWithApproval();
  const [store] = useState(createSaleStore);
  const { query, change, reload } = useCart(store);
  const [actionError, showActionError] = useState<unknown>(null);
  // Every change clears the error: only when one is shown, since setting state on the screen's own component (even to
  // the same null) renders the whole screen in the scan's answer (React does not always bail out of an equal update).
  const errorShown = useRef(false);
  const setActionError = useCallback((error: unknown) => {
    if (error === null && !errorShown.current) return;
    errorShown.current = error !== null;
    showActionError(error);
  }, []);
  // One idempotency key per cart contents: a retry after a lost answer replays instead of selling twice.
  const payKey = useRef<{ key: string; uuid: string } | null>(null);
  const setSelectedId = useCallback((id: number | null) => store.set({ selectedId: id }), [store]);
  const setScanMsg = (scanMsg: ScanMessage | null) => store.set({ scanMsg });
  /** Read when acting, not subscribed to: the screen does not re-render for every scan. */
  const current = () => ({ cart: store.get().cart, selected: selectedLine(store.get()) });

  const after = (next: Cart | undefined, line?: CartLine) => {
    setActionError(null);
    if (next && line) setSelectedId(line.id);
    return next;
  };

  const scan = async (code: string) => {
    try {
      // Applied in the same render as the new cart: the line, its selection and the message appear in one frame.
      await change(
        'cart.scan',
        (cartId) => ({ cartId, code }),
        (before, next) => {
          const line = touched(before, next);
          after(next, line);
          const short = line && next.shortages.find((x) => x.productId === line.productId);
          setScanMsg({ code, ok: true, name: line?.name ?? '', short });
        },
      );
    } catch (error) {
      // Never a guess: an unknown or misread code adds nothing, says so, and beeps.
      setScanMsg({ code, ok: false, error });
      beep();
    }
  };

  const add = async (p: Product, qty = 1000) => {
    try {
      const next = await change('cart.add', (cartId) => ({ cartId, productId: p.id, qty }));
      // The newest line of that product: a new line, or the one it was merged into.
      return after(next, next.lines.filter((l) => l.productId === p.id).at(-1));
    } catch (err) {
      setActionError(err);
      return undefined;
    }
  };

  /** A change that may need a manager: forbidden opens the approval dialog and runs again with it. */
  const approved = async (title: string, run: (a?: Approval) => Promise<Cart>): Promise<Cart | undefined> =>
    after(await withApproval(title, run));
  /** The same for buttons outside dialogs: the failure goes to the screen's error alert. */
  const approvedOrShow = async (title: string, run: (a?: Approval) => Promise<Cart>) => {
    try {
      return await approved(title, run);
    } catch (err) {
      setActionError(err);
      return undefined;
    }
  };

  const setQty = (line: CartLine, qty: number) =>
    approved(t('approval.qty', { name: line.name }), (approval) =>
      change('cart.setQty', (cartId) => ({ cartId, lineId: line.id, qty, approval })),
    );
  const setPrice = (line: CartLine, price: number) =>
    approved(t('approval.price', { name: line.name }), (approval) =>
      change('cart.setPrice', (cartId) => ({ cartId, lineId: line.id, price, approval })),
    );
  const discount = (d: DiscountInput) =>
    approved(t('approval.discount'), (approval) => change('cart.discount', (cartId) => ({ cartId, ...d, approval })));
  const remove = (line: CartLine) =>
    approvedOrShow(t('approval.removeLine', { name: line.name }), (approval) =>
      change('cart.removeLine', (cartId) => ({ cartId, lineId: line.id, approval })),
    );
  const bump = (line: CartLine, qty: number) =>
    approvedOrShow(t('approval.qty', { name: line.name }), (approval) =>
      change('cart.setQty', (cartId) => ({ cartId, lineId: line.id, qty, approval })),
    );
  const customer = (phone: string | null) => change('cart.customer', (cartId) => ({ cartId, phone })).then((c) => after(c));
  const park = (note: string) => change('cart.park', (cartId) => ({ cartId, ...(note ? { note } : {}) })).then((c) => after(c));
  const recall = (p: CartSummary) => change('cart.recall', () => ({ cartId: p.id })).then((c) => after(c));

  const pay = async (payments: Payment[]): Promise<PostResult> => {
    const { cart } = current();
    if (!cart) throw new Error('no cart');
    const key = `${cart.id}:${cart.updatedAt}:${JSON.stringify(payments)}`;
    if (payKey.current?.key !== key) payKey.current = { key, uuid: newUuid() };
    const r = await request('cart.pay', { cartId: cart.id, uuid: payKey.current.uuid, payments });
    payKey.current = null;
    setScanMsg(null);
    setSelectedId(null);
    await reload();
    return r;
  };

  return {
    store,
    current,
    query,
    select: setSelectedId,
    setScanMsg,
    actionError,
    setActionError,
    scan,
    add,
    setQty,
    setPrice,
    discount,
    remove,
    bump,
    customer,
    park,
    recall,
    pay,
  };
}
