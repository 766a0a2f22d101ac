import { AppShell, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ScanProvider } from '../scanner/ScanProvider';
import { IdleLock } from '../screens/admin/IdleLock';
import { OfficeMenu } from '../screens/admin/OfficeMenu';
import { isAdminScreen } from '../screens/admin/screens';
import { SwitchUser } from '../screens/admin/SwitchUser';
import { SyncIndicator } from '../screens/sync/SyncIndicator';
import { useSession } from '../session/session';
import { ApprovalProvider } from '../ui/approval/ApprovalProvider';
import { screenPath } from '../router/guard';
import { LanguageSwitch } from './LanguageSwitch';
import { allowedScreens, MENU_SCREENS, type ScreenId } from './screens';

/** Counter screens kept as header buttons on a narrow screen; with the menu, the user, language and log-out they fit 1024 px in Russian. */
const NARROW_BUTTONS = 3;

/** The screen in front: the first segment of the route's path (`/sales/42` is the sales screen). */
export function useCurrentScreen(): string | null {
  return useRouterState({ select: (s) => s.location.pathname.split('/')[1] || null });
}

/** Header and the routed screen under it; rendered by the router's root route once a user is signed in. */
export function AppFrame() {
  const { t } = useTranslation();
  const { info, user, can, logout } = useSession();
  const navigate = useNavigate();
  const allowed = allowedScreens(can);
  const screen = useCurrentScreen();
  const [leaving, setLeaving] = useState(false);
  // Below 1280 px (the 4:3 tills) the header keeps the first counter screens as buttons and lists the rest under the
  // menu, rather than cutting labels off or scrolling the nav.
  const narrow = useMediaQuery('(max-width: 1279.98px)', false, { getInitialValueInEffect: false });
  const counterScreens = allowed.filter((id) => !isAdminScreen(id) && !MENU_SCREENS.includes(id));
  const shown = narrow ? counterScreens.slice(0, NARROW_BUTTONS) : counterScreens;
  const more = [...counterScreens.slice(shown.length), ...allowed.filter((id) => MENU_SCREENS.includes(id))];
  const open = (id: ScreenId) => void navigate({ to: screenPath(id) });
  if (!user) return null;

  return (
    <AppShell header={{ height: 64 }} padding="md">
      <IdleLock user={user} />
      <AppShell.Header>
        <Group h="100%" px="md" gap={narrow ? 'xs' : 'md'} justify="space-between" wrap="nowrap">
          <Group gap={narrow ? 'xs' : 'md'} wrap="nowrap" miw={0}>
            <Stack gap={0} miw={0} maw={narrow ? 120 : 160}>
              <Text fw={700} data-testid="shop-name" truncate>
                {info.shopName}
              </Text>
              {info.demo && (
                <Badge variant="light" size="sm">
                  {t('header.demo')}
                </Badge>
              )}
            </Stack>
            <Group component="nav" gap={4} wrap="nowrap" miw={0} style={{ overflowX: 'auto', scrollbarWidth: 'thin' }}>
              {shown.map((id) => (
                <Button
                  key={id}
                  flex="none"
                  px="sm"
                  data-testid={`nav-${id}`}
                  variant={id === screen ? 'filled' : 'subtle'}
                  aria-current={id === screen ? 'page' : undefined}
                  onClick={() => open(id)}
                >
                  {t(`nav.${id}`)}
                </Button>
              ))}
              <OfficeMenu allowed={allowed} more={more} screen={screen} onPick={open} />
            </Group>
          </Group>
          <Group gap="xs" wrap="nowrap" flex="none">
            <SyncIndicator canOpen={allowed.includes('sync')} />
            <SwitchUser user={user} />
            <LanguageSwitch compact />
            <Button
              variant="default"
              px="sm"
              data-testid="logout"
              loading={leaving}
              onClick={() => {
                setLeaving(true);
                void logout().finally(() => setLeaving(false));
              }}
            >
              {t('header.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <ScanProvider>
          <ApprovalProvider>
            <Outlet />
          </ApprovalProvider>
        </ScanProvider>
      </AppShell.Main>
    </AppShell>
  );
}
