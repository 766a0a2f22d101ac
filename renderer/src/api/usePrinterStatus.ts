import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from './client';
import { useApiQuery } from './hooks';
import type { PrinterState, PrinterStatus } from './types';

export const PRINTER_COLOR: Record<PrinterState, string> = {
  not_configured: 'gray',
  ok: 'teal',
  offline: 'red',
  cover_open: 'red',
  paper_out: 'red',
  paper_near_end: 'yellow',
  error: 'red',
};

/** printer.status as the core last saw it, kept live by 'printer.status' events (one cache entry for every badge). */
export function usePrinterStatus(staleTime: number) {
  const client = useQueryClient();
  const status = useApiQuery('printer.status', {}, { staleTime });
  useEffect(
    () =>
      api.on((e) => {
        if (e.type !== 'printer.status') return;
        client.setQueryData<PrinterStatus>(['printer.status', {}], (old) => ({
          state: e.state,
          queued: e.queued,
          checkedAt: old?.checkedAt ?? null,
        }));
      }),
    [client],
  );
  return status;
}
