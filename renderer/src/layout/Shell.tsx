import { AppShell, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api/types';
import { ScanProvider } from '../scanner/ScanProvider';
import { LossScreen } from '../screens/loss/LossScreen';
import { ReturnsScreen } from '../screens/returns/ReturnsScreen';
import { AdminScreen } from '../screens/admin/AdminScreen';
import { IdleLock } from '../screens/admin/IdleLock';
import { OfficeMenu } from '../screens/admin/OfficeMenu';
import { isAdminScreen } from '../screens/admin/screens';
import { SwitchUser } from '../screens/admin/SwitchUser';
import { SaleScreen } from '../screens/sale/SaleScreen';
import { SalesScreen } from '../screens/sales/SalesScreen';
import { StockScreen } from '../screens/stock/StockScreen';
import { useSession } from '../session/session';
import { ApprovalProvider } from '../ui/approval/ApprovalProvider';
import { LanguageSwitch } from './LanguageSwitch';
import { allowedScreens, screenFromHash, type ScreenId } from './screens';

export function Shell({ user }: { user: Me }) {
  const { t } = useTranslation();
  const { info, can, logout } = useSession();
  const allowed = allowedScreens(can);
  const [screen, setScreen] = useState<ScreenId | null>(() => screenFromHash(allowed));
  const [leaving, setLeaving] = useState(false);

  useEffect(() => {
    if (screen) history.replaceState(null, '', `#${screen}`);
  }, [screen]);

  return (
    <AppShell header={{ height: 64 }} padding="md">
      <IdleLock user={user} />
      <AppShell.Header>
        <Group h="100%" px="md" gap="md" justify="space-between" wrap="nowrap">
          <Group gap="md" wrap="nowrap" miw={0}>
            <Stack gap={0} miw={0} maw={220}>
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
              {allowed.filter((id) => !isAdminScreen(id)).map((id) => (
                <Button key={id} flex="none" data-testid={`nav-${id}`} variant={id === screen ? 'filled' : 'subtle'} aria-current={id === screen ? 'page' : undefined} onClick={() => setScreen(id)}>
                  {t(`nav.${id}`)}
                </Button>
              ))}
              <OfficeMenu allowed={allowed} screen={screen} onPick={setScreen} />
            </Group>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <SwitchUser user={user} />
            <LanguageSwitch compact />
            <Button
              variant="default"
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
            {screen === 'sale' && <SaleScreen />}
            {screen === 'returns' && <ReturnsScreen />}
            {screen === 'sales' && <SalesScreen />}
            {screen === 'stock' && <StockScreen />}
            {screen === 'loss' && <LossScreen />}
            <AdminScreen screen={screen} />
          </ApprovalProvider>
        </ScanProvider>
      </AppShell.Main>
    </AppShell>
  );
}
