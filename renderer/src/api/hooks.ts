import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { api, request, type ApiFailure } from './client';
import { NewestOnly, pageWindow, type PageWindow } from './page-window';
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

/** Methods that answer a page of a long list ({rows, nextCursor, count}) and take a cursor or an offset. */
export type PagedMethod = { [M in Method]: ApiOutput<M> extends { rows: unknown[]; nextCursor: PageCursor | null } ? M : never }[Method];
type RowOf<M extends Method> = ApiOutput<M> extends { rows: (infer R)[] } ? R : never;
type WindowInput<M extends PagedMethod> = Omit<ApiInput<M>, 'cursor' | 'offset' | 'withCount' | 'limit'> & {
  sort: { by: string; dir: 'asc' | 'desc' };
};

/** Rows a page holds: about five screens, so a scroll asks for a page every few seconds, a jump asks for one. */
const WINDOW_PAGE = 100;

/**
 * A long list by row index for DataTable: the count, and pages fetched where the view is (see PageWindow). The list is
 * a query keyed [method, input, 'window'] whose fetch is "the first page with the count, then the pages in view", so
 * an event that makes the method stale (useApiEvents), or a reset of its key, refetches only what is on screen.
 * `idOf` names the row's id where it is not `id` (the keyset's tie-breaker).
 */
export function useApiWindow<M extends PagedMethod>(method: M, input: WindowInput<M>, idOf?: (row: RowOf<M>) => number) {
  const key = JSON.stringify([method, input]);
  const [firstPages] = useState(() => new NewestOnly());
  // A first page asked for by `prefetch` before the render that needs it (a search at its key), by list key.
  const [early] = useState(() => new Map<string, Promise<{ rows: RowOf<M>[]; count: number | null }>>());
  const store = useMemo(
    () =>
      pageWindow<RowOf<M>>(
        WINDOW_PAGE,
        input.sort,
        (start) => {
          const call = () => request(method, { ...input, ...start } as ApiInput<M>) as Promise<{ rows: RowOf<M>[]; count: number | null }>;
          // First pages (a new filter, a search at every key) one at a time, the newest; pages of a scroll go at once.
          if (start.withCount === false) return call();
          const asked = early.get(key);
          early.delete(key);
          return asked ?? firstPages.run(call);
        },
        idOf ?? ((row) => (row as { id: number }).id),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key is the method and the input; idOf is stateless.
    [key],
  );
  // The screen re-renders when the count or an error changes; the table itself follows each page (RowWindow.subscribe).
  const count = useSyncExternalStore(store.subscribe, () => store.count);
  const pageError = useSyncExternalStore(store.subscribe, () => store.error);
  // gcTime 0: a store is made per mount, so a cached count from an earlier visit must not stand in for its pages.
  const q = useQuery<number, ApiFailure>({ queryKey: [method, input, 'window'], queryFn: store.refresh, gcTime: 0, staleTime: 0 });
  // Until the new list's first page is in, the last answered one stays in view, marked busy, rather than blanking
  // the table at every key of a search.
  const [answered, setAnswered] = useState<PageWindow<RowOf<M>> | null>(null);
  if (count !== null && answered !== store) setAnswered(store);
  const shown = count === null && !pageError && answered ? answered : store;
  return {
    key,
    /**
     * Asks for the first page of the list `next` will be, at once: called from a key's event, it saves the render
     * (the screen's, before the list's input changes) that would otherwise stand between the key and the request.
     */
    prefetch: (next: WindowInput<M>) => {
      const k = JSON.stringify([method, next]);
      if (k === key || early.has(k)) return;
      early.clear();
      early.set(
        k,
        firstPages.run(
          () => request(method, { ...next, limit: WINDOW_PAGE } as ApiInput<M>) as Promise<{ rows: RowOf<M>[]; count: number | null }>,
        ),
      );
    },
    count: shown.count,
    busy: shown !== store,
    rowAt: shown.rowAt,
    onView: store.setView,
    subscribe: shown.subscribe,
    getVersion: shown.getVersion,
    error: (q.error ?? pageError) as ApiFailure | null,
    isFetching: q.isFetching,
    isSuccess: q.isSuccess,
  };
}
/**
 * A short list read from the top a page at a time on request ("more" button: a product's movements, a report of
 * exceptions); long lists that scroll use useApiWindow.
 */
export function useApiMore<M extends PagedMethod>(method: M, input: Omit<ApiInput<M>, 'cursor' | 'offset' | 'withCount'>) {
  const q = useInfiniteQuery({
    queryKey: [method, input, 'more'],
    queryFn: ({ pageParam }) => request(method, { ...input, ...(pageParam ? { cursor: pageParam } : {}) } as ApiInput<M>),
    initialPageParam: null as PageCursor | null,
    getNextPageParam: (last: ApiOutput<M>) => (last as { nextCursor: PageCursor | null }).nextCursor,
  });
  const pages = q.data?.pages as { rows: RowOf<M>[] }[] | undefined;
  const rows = useMemo(() => pages?.flatMap((p) => p.rows) ?? [], [pages]);
  return { ...q, rows };
}

export function useApiMutation<M extends Method>(method: M) {
  return useMutation<ApiOutput<M>, ApiFailure, ApiInput<M>>({ mutationFn: (input) => request(method, input) });
}

/** Which cached answers a pushed event makes stale; events not listed (device status and the like) change no query. */
const STALE_AFTER: Partial<Record<ApiEvent['type'], Method[]>> = {
  'doc.posted': [
    'sale.list',
    'receipt.search',
    'report.loss',
    'catalog.search',
    'catalog.get',
    'catalog.list',
    'stock.onHand',
    'doc.get',
    // A receipt against an order changes what is still due on it; a posted draft leaves the list of drafts.
    'purchase.get',
    'purchase.list',
    'draft.list',
    'draft.get',
  ],
  'doc.cancelled': [
    'sale.list',
    'catalog.search',
    'catalog.get',
    'catalog.list',
    'stock.onHand',
    'doc.get',
    'purchase.get',
    'purchase.list',
  ],
  'catalog.changed': ['catalog.search', 'catalog.get', 'catalog.list', 'category.list', 'supplier.list', 'supplier.get'],
  // cart.current is refreshed by the sale screen itself, which knows whether its own change is still in flight.
  'cart.changed': ['cart.parked'],
  'shift.changed': ['shift.current'],
  'count.changed': ['count.get', 'count.list', 'count.variance'],
};

/**
 * Long lists: a refetch counts every matching row again (a million sales), on the server thread the tills use too;
 * however fast sales come in, such a list refetches at once and then at most every LIST_REFRESH_MS.
 */
const LONG_LISTS = new Set<Method>(['sale.list', 'stock.onHand', 'catalog.list']);
const LIST_REFRESH_MS = 5000;

/** Keeps other tills' sales and stock changes visible without polling. */
export function useApiEvents(onSessionEnded: () => void): void {
  const client = useQueryClient();
  useEffect(() => {
    const held = new Map<Method, { again: boolean; timer: ReturnType<typeof setTimeout> }>();
    const invalidate = (method: Method) => void client.invalidateQueries({ queryKey: [method] });
    const throttled = (method: Method) => {
      const h = held.get(method);
      if (h) {
        h.again = true;
        return;
      }
      invalidate(method);
      const next = {
        again: false,
        timer: setTimeout(() => {
          held.delete(method);
          if (next.again) throttled(method);
        }, LIST_REFRESH_MS),
      };
      held.set(method, next);
    };
    const off = api.on((e) => {
      if (e.type === 'session.ended') onSessionEnded();
      // A long list (useApiWindow) refetches its first page and the pages in view, not every page it once loaded.
      for (const method of STALE_AFTER[e.type] ?? []) (LONG_LISTS.has(method) ? throttled : invalidate)(method);
    });
    return () => {
      off();
      for (const h of held.values()) clearTimeout(h.timer);
    };
  }, [client, onSessionEnded]);
}
