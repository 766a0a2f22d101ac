import { Badge } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';

/**
 * The serial scanner's link, from 'scanner.status' events (unplugged, back). Nothing shows until the first event:
 * a keyboard-wedge scanner, or none, has no status to report.
 */
export function ScannerStatus() {
  const { t } = useTranslation();
  const [connected, setConnected] = useState<boolean | null>(null);
  useEffect(
    () =>
      api.on((e) => {
        if (e.type === 'scanner.status') setConnected(e.connected);
      }),
    [],
  );
  if (connected === null) return null;
  return (
    <Badge size="lg" h={44} color={connected ? 'teal' : 'red'} variant={connected ? 'light' : 'filled'} data-testid="scanner-status" data-connected={connected} role="status">
      {connected ? t('scanner.connected') : t('scanner.disconnected')}
    </Badge>
  );
}
