import { memo } from 'react';
import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PRINTER_COLOR, usePrinterStatus } from '../../api/usePrinterStatus';

/** The receipt printer as the core last saw it, kept live by 'printer.status' events; queued receipts print when it is back. */
export const PrinterStatus = memo(function PrinterStatus() {
  const { t } = useTranslation();
  const status = usePrinterStatus(Infinity);

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
      <Badge
        size="lg"
        h={44}
        color={PRINTER_COLOR[state]}
        variant={state === 'ok' ? 'light' : 'filled'}
        data-testid="printer-status"
        data-state={state}
        data-queued={queued}
        role="status"
      >
        {t(`printer.${state}`)}
        {queued > 0 && ` · ${t('printer.queued', { count: queued })}`}
      </Badge>
    </Tooltip>
  );
});
