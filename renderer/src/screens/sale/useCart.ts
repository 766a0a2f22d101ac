import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { flushSync } from 'react-dom';
import { api, request } from '../../api/client';
import { useApiQuery } from '../../api/hooks';
import type { ApiInput, Cart, Method } from '../../api/types';
import type { SaleStore } from './saleStore';

const CART_KEY = ['cart.current', {}] as const;

/** Cart methods that answer with the whole cart. */
export type CartMethod = {
  [M in Method]: M extends `cart.${string}` ? (M extends 'cart.pay' | 'cart.parked' | 'cart.current' ? never : M) : never;
}[Method];

/**
 * The open sale lives on the server (it survives a renderer crash). The query loads it (at start, after a payment,
 * when another window changed it); a change's answer goes straight into the sale store, rendered in the same task as
 * whatever the caller updates with it (onApplied), so a scan costs one render and one frame: the query cache would
 * notify its observers a task later and render the screen a second time.
 * Changes run one after another: a scanner fires codes faster than answers come back, and each answer is the whole
 * cart, so running them in order means the last answer shown is always the newest cart.
 */
export function useCart(store: SaleStore) {
  const client = useQueryClient();
  // A new object per fetch (no structural sharing): a refetch must replace the local copy even if it equals an old one.
  const query = useApiQuery('cart.current', {}, { staleTime: Infinity, structuralSharing: false });
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const inFlight = useRef(0);
  const show = useCallback((c: Cart) => store.set({ cart: c }), [store]);

  useEffect(() => {
    const d = query.data;
    const mine = store.get().cart;
    // A refetch that left before one of this screen's changes landed must not take that change back off the screen.
    if (d && !(mine && d.id === mine.id && d.updatedAt < mine.updatedAt)) show(d);
  }, [query.data, show, store]);
  // The cache is not told of each change (that would render the screen twice): it gets the newest cart on the way out.
  useEffect(
    () => () => {
      const last = store.get().cart;
      if (last) client.setQueryData(CART_KEY, last);
    },
    [client, store],
  );

  const change = useCallback(
    /** onApplied sees the cart this change was applied to: with scans queued, the screen's copy may be older. */
    <M extends CartMethod>(
      method: M,
      input: (cartId: number) => ApiInput<M>,
      onApplied?: (before: Cart, next: Cart) => void,
    ): Promise<Cart> => {
      inFlight.current++;
      const job = chain.current.then(async () => {
        const cart: Cart = store.get().cart ?? (await request('cart.current', {}));
        const next = (await request(method, input(cart.id))) as Cart;
        // A recalled sale becomes the open one; a parked one leaves a fresh open cart behind: the server says which.
        const open =
          method === 'cart.park' || method === 'cart.recall' || next.status !== 'open' ? await request('cart.current', {}) : next;
        flushSync(() => {
          show(open);
          onApplied?.(cart, next);
        });
        return next;
      });
      const settled = job.then(
        () => undefined,
        () => undefined,
      );
      chain.current = settled.then(() => {
        inFlight.current--;
      });
      return job;
    },
    [show, store],
  );

  /** After a payment the server starts a new cart. */
  const reload = useCallback(() => client.invalidateQueries({ queryKey: CART_KEY }), [client]);

  // Another window or till changed this cart (recall, a second screen): refresh unless our own change is on its way
  // or the change is the one already shown (the event of this screen's own change).
  useEffect(
    () =>
      api.on((e) => {
        if (e.type !== 'cart.changed' || inFlight.current > 0) return;
        const mine = store.get().cart;
        if (mine && e.cartId === mine.id && e.updatedAt === mine.updatedAt) return;
        void client.invalidateQueries({ queryKey: CART_KEY });
      }),
    [client, store],
  );

  return { query, change, reload };
}
