import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { api, request, type ApiFailure } from './client';
import type { ApiEvent, ApiInput, ApiOutput, Method, PageCursor } from './types';

type QueryOpts<M extends Method> = Omit<UseQueryOptions<ApiOutput<M>, ApiFailure>, 'queryKey' | 'queryFn'>;

/** Keys start with the method name so an event can invalidate every query of a method at once. */
export function useApiQuery<M extends Method>(method: M, input: ApiInput<M>, opts?: QueryOpts<M>) {
  return useQuery<ApiOutput<M>, ApiFailure>({
    queryKey: [method, input],
    queryFn: () => request(method, input),
    ...opts,
  });
}

/** Methods that answer a page of a long list ({rows, nextCursor, count}). */
export type PagedMethod = { [M in Method]: ApiOutput<M> extends { rows: unknown[]; nextCursor: PageCursor | null } ? M : never }[Method];

/**
 * A long list a page at a time (keyset cursors); the next page is fetched when the table asks for it. The key holds
 * the method and the filters, so a new filter starts from the first page.
 */
export function useApiPages<M extends PagedMethod>(method: M, input: Omit<ApiInput<M>, 'cursor'>) {
  const q = useInfiniteQuery({
    queryKey: [method, input],
    queryFn: ({ pageParam }) => request(method, { ...input, ...(pageParam ? { cursor: pageParam } : {}) } as ApiInput<M>),
    initialPageParam: null as PageCursor | null,
    getNextPageParam: (last: ApiOutput<M>) => (last as { nextCursor: PageCursor | null }).nextCursor,
    // Switching filters keeps the old rows on screen until the new first page is there.
    placeholderData: (prev) => prev,
  });
  const pages = q.data?.pages as { rows: RowOf<M>[]; count: number | null }[] | undefined;
  // Flattened once per new page, not on every render (a scroll re-renders many times between pages).
  const rows = useMemo(() => pages?.flatMap((p) => p.rows) ?? (EMPTY as RowOf<M>[]), [pages]);
  return { ...q, rows, count: pages?.[0]?.count ?? null };
}
type RowOf<M extends Method> = ApiOutput<M> extends { rows: (infer R)[] } ? R : never;
const EMPTY: never[] = [];

export function useApiMutation<M extends Method>(method: M) {
  return useMutation<ApiOutput<M>, ApiFailure, ApiInput<M>>({ mutationFn: (input) => request(method, input) });
}

/** Which cached answers a pushed event makes stale; events not listed (device status and the like) change no query. */
const STALE_AFTER: Partial<Record<ApiEvent['type'], Method[]>> = {
  'doc.posted': ['sale.list', 'receipt.search', 'report.loss', 'catalog.search', 'catalog.get', 'catalog.list', 'stock.onHand', 'doc.get'],
  'doc.cancelled': ['sale.list', 'catalog.search', 'catalog.get', 'catalog.list', 'stock.onHand', 'doc.get'],
  'catalog.changed': ['catalog.search', 'catalog.get', 'catalog.list', 'category.list', 'supplier.list', 'supplier.get'],
  // cart.current is refreshed by the sale screen itself, which knows whether its own change is still in flight.
  'cart.changed': ['cart.parked'],
  'shift.changed': ['shift.current'],
  'count.changed': ['count.get', 'count.list', 'count.variance'],
};

const PAGED = new Set<Method>(['sale.list', 'stock.onHand']);

/** Keeps other tills' sales and stock changes visible without polling. */
export function useApiEvents(onSessionEnded: () => void): void {
  const client = useQueryClient();
  useEffect(
    () =>
      api.on((e) => {
        if (e.type === 'session.ended') onSessionEnded();
        // A long list with many pages loaded is only marked stale: refetching every loaded page on each sale at
        // another till would load the server; its screen refreshes from the first page when asked or reopened.
        for (const method of STALE_AFTER[e.type] ?? [])
          void client.invalidateQueries({ queryKey: [method], ...(PAGED.has(method) ? { refetchType: 'none' } : {}) });
      }),
    [client, onSessionEnded],
  );
}
