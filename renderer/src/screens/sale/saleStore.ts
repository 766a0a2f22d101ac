import { createContext, useContext, useSyncExternalStore } from 'react';
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

/** useSaleState for the component that owns the store (it sits above the provider). */
export function useStoreSlice<S>(store: SaleStore, select: (s: SaleState) => S): S {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}

export const selectedLine = (s: SaleState): CartLine | null =>
  s.cart?.lines.find((l) => l.id === s.selectedId) ?? s.cart?.lines.at(-1) ?? null;
