import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, request, type ApiFailure } from './client';
import type { ApiEvent, ApiInput, ApiOutput, Method } from './types';

type QueryOpts<M extends Method> = Omit<UseQueryOptions<ApiOutput<M>, ApiFailure>, 'queryKey' | 'queryFn'>;

/** Keys start with the method name so an event can invalidate every query of a method at once. */
export function useApiQuery<M extends Method>(method: M, input: ApiInput<M>, opts?: QueryOpts<M>) {
  return useQuery<ApiOutput<M>, ApiFailure>({
    queryKey: [method, input],
    queryFn: () => request(method, input),
    ...opts,
  });
}

export function useApiMutation<M extends Method>(method: M) {
  return useMutation<ApiOutput<M>, ApiFailure, ApiInput<M>>({ mutationFn: (input) => request(method, input) });
}

/** Which cached answers a pushed event makes stale; events not listed (device status and the like) change no query. */
const STALE_AFTER: Partial<Record<ApiEvent['type'], Method[]>> = {
  'doc.posted': ['sale.list', 'receipt.search', 'report.loss', 'catalog.search', 'catalog.get', 'stock.onHand', 'doc.get'],
  'doc.cancelled': ['sale.list', 'catalog.search', 'catalog.get', 'stock.onHand', 'doc.get'],
  'catalog.changed': ['catalog.search', 'catalog.get'],
  // cart.current is refreshed by the sale screen itself, which knows whether its own change is still in flight.
  'cart.changed': ['cart.parked'],
  'shift.changed': ['shift.current'],
};

/** Keeps other tills' sales and stock changes visible without polling. */
export function useApiEvents(onSessionEnded: () => void): void {
  const client = useQueryClient();
  useEffect(
    () =>
      api.on((e) => {
        if (e.type === 'session.ended') onSessionEnded();
        for (const method of STALE_AFTER[e.type] ?? []) void client.invalidateQueries({ queryKey: [method] });
      }),
    [client, onSessionEnded],
  );
}
