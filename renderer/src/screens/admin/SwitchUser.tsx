import { Group, Kbd, Stack, Text, Tooltip, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/types';
import { useSession } from '../../session/session';
import { roleLabel } from '../../ui/roles';
import { setSessionNotice } from './notice';

/**
 * The signed-in user in the header, as the quick cashier switch: one click (or F12 from anywhere) ends this session
 * and shows the login screen's user list. The open sale is safe: carts live on the server.
 */
export function SwitchUser({ user }: { user: Me }) {
  const { t } = useTranslation();
  const { logout } = useSession();
  const [leaving, setLeaving] = useState(false);
  const busy = useRef(false);

  const switchUser = useCallback(() => {
    if (busy.current) return;
    busy.current = true;
    setLeaving(true);
    setSessionNotice(null);
    void logout().finally(() => {
      busy.current = false;
      setLeaving(false);
    });
  }, [logout]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'F12' || e.altKey || e.ctrlKey || e.metaKey) return;
      // F12 would open the browser's developer tools in browser mode.
      e.preventDefault();
      if (!e.repeat) switchUser();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [switchUser]);

  return (
    <Tooltip label={t('admin.switchUserHint')}>
      <UnstyledButton
        data-testid="switch-user"
        aria-keyshortcuts="F12"
        aria-busy={leaving || undefined}
        disabled={leaving}
        onClick={switchUser}
        px="xs"
        mih={44}
        style={{ borderRadius: 6, border: '1px solid var(--mantine-color-default-border)', opacity: leaving ? 0.6 : 1 }}
      >
        {/* The accessible name starts with what the button does and contains the visible text (WCAG 2.5.3). */}
        <VisuallyHidden>{t('admin.switchUser')}: </VisuallyHidden>
        <Group gap="xs" wrap="nowrap">
          <Stack gap={0} data-testid="current-user" miw={0} maw={200}>
            <Text size="sm" fw={500} truncate>
              {user.name}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {roleLabel(t, user.role)}
            </Text>
          </Stack>
          <Stack gap={0} align="center">
            <Text size="lg" lh={1} aria-hidden>
              ⇄
            </Text>
            <Kbd size="xs">F12</Kbd>
          </Stack>
        </Group>
      </UnstyledButton>
    </Tooltip>
  );
}
