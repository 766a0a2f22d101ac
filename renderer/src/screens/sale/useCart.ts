import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { api, request } from '../../api/client';
import { useApiQuery } from '../../api/hooks';
import type { ApiInput, Cart, Method } from '../../api/types';

const CART_KEY = ['cart.current', {}] as const;

/** Cart methods that answer with the whole cart. */
export type CartMethod = { [M in Method]: M extends `cart.${string}` ? (M extends 'cart.pay' | 'cart.parked' | 'cart.current' ? never : M) : never }[Method];

/**
 * The open sale lives on the server (it survives a renderer crash); this keeps its latest state in the query cache.
 * Changes run one after another: a scanner fires codes faster than answers come back, and each answer is the whole
 * cart, so running them in order means the last answer shown is always the newest cart.
 */
export function useCart(enabled: boolean) {
  const client = useQueryClient();
  const query = useApiQuery('cart.current', {}, { enabled, staleTime: Infinity });
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const inFlight = useRef(0);

  const change = useCallback(
    /** onApplied sees the cart this change was applied to: with scans queued, the screen's copy may be older. */
    <M extends CartMethod>(method: M, input: (cartId: number) => ApiInput<M>, onApplied?: (before: Cart, next: Cart) => void): Promise<Cart> => {
      inFlight.current++;
      const job = chain.current.then(async () => {
        const cart: Cart = client.getQueryData<Cart>(CART_KEY) ?? (await request('cart.current', {}));
        const next = (await request(method, input(cart.id))) as Cart;
        onApplied?.(cart, next);
        // A recalled sale becomes the open one; a parked one leaves a fresh open cart behind: the server says which.
        if (method === 'cart.park' || method === 'cart.recall' || next.status !== 'open') await reload();
        else client.setQueryData(CART_KEY, next);
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

      async function reload() {
        client.setQueryData(CART_KEY, await request('cart.current', {}));
      }
    },
    [client],
  );

  /** After a payment the server starts a new cart. */
  const reload = useCallback(() => client.invalidateQueries({ queryKey: CART_KEY }), [client]);

  // Another window or till changed this cart (recall, a second screen): refresh unless our own change is on its way.
  useEffect(
    () =>
      api.on((e) => {
        if (e.type === 'cart.changed' && inFlight.current === 0) void client.invalidateQueries({ queryKey: CART_KEY });
      }),
    [client],
  );

  return { cart: query.data, query, change, reload };
}

