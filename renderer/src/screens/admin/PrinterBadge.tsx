import { Badge, Group, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useApiQuery } from '../../api/hooks';
import type { PrinterState, PrinterStatus } from '../../api/types';
import { useFormat } from '../../ui/format';

const COLOR: Record<PrinterState, string> = { not_configured: 'gray', ok: 'teal', offline: 'red', cover_open: 'red', paper_out: 'red', paper_near_end: 'yellow', error: 'red' };

/** printer.status next to the printer settings, kept live by 'printer.status' events. */
export function PrinterBadge() {
  const { t } = useTranslation();
  const f = useFormat();
  const client = useQueryClient();
  const status = useApiQuery('printer.status', {}, { staleTime: 0 });

  useEffect(
    () =>
      api.on((e) => {
        if (e.type !== 'printer.status') return;
        client.setQueryData<PrinterStatus>(['printer.status', {}], (old) => ({ state: e.state, queued: e.queued, checkedAt: old?.checkedAt ?? null }));
      }),
    [client],
  );

  const s = status.data;
  return (
    <Group gap="xs" role="status" aria-label={t('admin.settings.printerStatus')}>
      <Badge size="lg" color={s ? COLOR[s.state] : 'gray'} variant={s?.state === 'ok' ? 'light' : 'filled'} data-testid="settings-printer-status" data-state={s?.state ?? 'unknown'}>
        {s ? t(`admin.printerState.${s.state}`) : t('admin.printerState.unknown')}
      </Badge>
      {!!s?.queued && <Text size="sm">{t('admin.printerState.queued', { n: s.queued })}</Text>}
      {s?.checkedAt && (
        <Text size="xs" c="dimmed">
          {t('admin.printerState.checked', { at: f.date(s.checkedAt) })}
        </Text>
      )}
    </Group>
  );
}
