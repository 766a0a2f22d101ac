import { Badge } from '@mantine/core';
import { memo, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';

/**
 * The serial scanner's link: asked once on load, then kept current by 'scanner.status' events (unplugged, back).
 * Nothing shows when no serial scanner is configured: a keyboard-wedge scanner has no status to report.
 */
export const ScannerStatus = memo(function ScannerStatus() {
  const { t } = useTranslation();
  const [connected, setConnected] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    void api.call('scanner.status', {}).then((r) => {
      if (live && r.ok && r.value.configured) setConnected((c) => c ?? r.value.connected);
    });
    const off = api.on((e) => {
      if (e.type === 'scanner.status') setConnected(e.connected);
    });
    return () => {
      live = false;
      off();
    };
  }, []);
  if (connected === null) return null;
  return (
    <Badge
      size="lg"
      h={44}
      color={connected ? 'teal' : 'red'}
      variant={connected ? 'light' : 'filled'}
      data-testid="scanner-status"
      data-connected={connected}
      role="status"
    >
      {connected ? t('scanner.connected') : t('scanner.disconnected')}
    </Badge>
  );
});
