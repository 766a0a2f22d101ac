import { Badge, UnstyledButton } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import type { SyncState } from '../../api/types';

export const STATE_COLOR: Record<SyncState, string> = { off: 'gray', idle: 'teal', syncing: 'blue', offline: 'yellow', error: 'red' };

/** How often the header asks: the state changes with the sync's cycles (30 s by default), not by the keystroke. */
const POLL_MS = 15_000;

/**
 * The web store's state on every screen; a shop without a store sees nothing. Offline is the normal state of a shop's
 * internet, so it is a quiet yellow; red is for what needs the owner (a wrong key, an address answering HTML).
 */
export function SyncIndicator({ canOpen }: { canOpen: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const status = useApiQuery('store.status', {}, { refetchInterval: POLL_MS });
  if (!status.data || status.data.state === 'off') return null;
  const { state, queueDepth } = status.data;
  const badge = (
    <Badge color={STATE_COLOR[state]} variant="dot" size="lg" data-testid="sync-indicator" data-state={state} tt="none">
      {t(`sync.indicator.${state}`)}
      {queueDepth ? ` · ${queueDepth}` : ''}
    </Badge>
  );
  return canOpen ? <UnstyledButton onClick={() => void navigate({ to: '/sync' })}>{badge}</UnstyledButton> : badge;
}
