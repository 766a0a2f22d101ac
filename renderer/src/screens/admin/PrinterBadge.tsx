import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PRINTER_COLOR, usePrinterStatus } from '../../api/usePrinterStatus';
import { useFormat } from '../../ui/format';

/** printer.status next to the printer settings, kept live by 'printer.status' events. */
export function PrinterBadge() {
  const { t } = useTranslation();
  const f = useFormat();
  const status = usePrinterStatus(0);

  const s = status.data;
  return (
    <Group gap="xs" role="status" aria-label={t('admin.settings.printerStatus')}>
      <Badge
        size="lg"
        color={s ? PRINTER_COLOR[s.state] : 'gray'}
        variant={s?.state === 'ok' ? 'light' : 'filled'}
        data-testid="settings-printer-status"
        data-state={s?.state ?? 'unknown'}
      >
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
