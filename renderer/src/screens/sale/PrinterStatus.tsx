import { Badge, Tooltip } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useApiQuery } from '../../api/hooks';
import type { PrinterState, PrinterStatus as Status } from '../../api/types';

const COLOR: Record<PrinterState, string> = { not_configured: 'gray', ok: 'teal', offline: 'red', cover_open: 'red', paper_out: 'red', paper_near_end: 'yellow', error: 'red' };

/** The receipt printer as the core last saw it, kept live by 'printer.status' events; queued receipts print when it is back. */
export function PrinterStatus() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const status = useApiQuery('printer.status', {}, { staleTime: Infinity });

  useEffect(
    () =>
      api.on((e) => {
        if (e.type !== 'printer.status') return;
        client.setQueryData<Status>(['printer.status', {}], (old) => ({ state: e.state, queued: e.queued, checkedAt: old?.checkedAt ?? null }));
      }),
    [client],
  );

  if (status.isError) {
    return (
      <Badge size="lg" color="gray" variant="outline" data-testid="printer-status" data-state="unknown">
        {t('printer.unknown')}
      </Badge>
    );
  }
  if (!status.data) return null;
  const { state, queued } = status.data;
  return (
    <Tooltip label={queued ? t('printer.queuedHint', { count: queued }) : t(`printer.${state}`)}>
      <Badge size="lg" h={44} color={COLOR[state]} variant={state === 'ok' ? 'light' : 'filled'} data-testid="printer-status" data-state={state} data-queued={queued} role="status">
        {t(`printer.${state}`)}
        {queued > 0 && ` · ${t('printer.queued', { count: queued })}`}
      </Badge>
    </Tooltip>
  );
}
