import { createContext, useContext, useLayoutEffect, useReducer, useRef } from 'react';
import type { Cart, CartLine, StockShortage } from '../../api/types';

/** An added item the sale takes below zero carries its shortage: the till warns (and, under 'block', refuses to pay). */
export type ScanMessage = { code: string; ok: true; name: string; short?: StockShortage } | { code: string; ok: false; error: unknown };

/** What changes with every scan. */
export interface SaleState {
  cart: Cart | undefined;
  /** The line F4/F5/F6/Del act on; null: the newest line. */
  selectedId: number | null;
  scanMsg: ScanMessage | null;
}

export interface SaleStore {
  get(): SaleState;
  set(patch: Partial<SaleState>): void;
  subscribe(listener: () => void): () => void;
}

/**
 * The sale screen's per-scan state outside React: each part of the screen subscribes to the slice it shows, so a scan
 * re-renders the new line, the totals and the message, not the whole screen (the till PC is slow; each Mantine
 * component costs a little, and the screen has a hundred).
 */
export function createSaleStore(): SaleStore {
  let state: SaleState = { cart: undefined, selectedId: null, scanMsg: null };
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(patch) {
      state = { ...state, ...patch };
      for (const l of listeners) l();
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

export const SaleStoreContext = createContext<SaleStore | null>(null);

function useStore(): SaleStore {
  const store = useContext(SaleStoreContext);
  if (!store) throw new Error('sale store used outside the sale screen');
  return store;
}

/** A slice of the sale state; the component re-renders only when the slice changes (compared with Object.is). */
export function useSaleState<S>(select: (s: SaleState) => S): S {
  return useStoreSlice(useStore(), select);
}

/**
 * useSaleState for the component that owns the store (it sits above the provider).
 *
 * Not useSyncExternalStore: React gives each render of a component using it a passive effect, so every scan's render
 * scheduled a task of React's (a MessageChannel message) that ran before the frame showing the line. Here the
 * subscription and the slice last shown are kept by layout effects, run inside the commit: a store change compares
 * slices and re-renders only a component whose slice changed. Store changes come from this screen's own handlers,
 * applied in one synchronous render (useCart's flushSync), so no render sees two states of the store.
 */
export function useStoreSlice<S>(store: SaleStore, select: (s: SaleState) => S): S {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const slice = select(store.get());
  const current = useRef({ select, slice });
  useLayoutEffect(() => {
    current.current = { select, slice };
  });
  useLayoutEffect(() => {
    const check = () => {
      const { select: pick, slice: shown } = current.current;
      if (!Object.is(pick(store.get()), shown)) rerender();
    };
    // A change between this render and the subscription would otherwise go unseen.
    check();
    return store.subscribe(check);
  }, [store]);
  return slice;
}

export const selectedLine = (s: SaleState): CartLine | null =>
  s.cart?.lines.find((l) => l.id === s.selectedId) ?? s.cart?.lines.at(-1) ?? null;
