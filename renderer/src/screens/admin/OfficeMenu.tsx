import { Box, Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ADMIN_SCREENS, isAdminScreen, type AdminScreenId } from './screens';

/** The back-office screens the user may open, under one header button (the header has no room for four more). */
export function OfficeMenu({ allowed, screen, onPick }: { allowed: readonly string[]; screen: string | null; onPick(id: AdminScreenId): void }) {
  const { t } = useTranslation();
  const items = ADMIN_SCREENS.filter((s) => allowed.includes(s.id));
  if (!items.length) return null;
  const active = screen !== null && isAdminScreen(screen);
  return (
    <Menu position="bottom-start" shadow="md" withinPortal>
      <Menu.Target>
        <Button flex="none" data-testid="nav-office" variant={active ? 'filled' : 'subtle'} aria-current={active ? 'page' : undefined} aria-label={t('admin.office')} title={t('admin.office')} rightSection={<span aria-hidden>▾</span>}>
          <span aria-hidden>⚙</span>
          {/* The header is full on a 1280 px till: the name shows only where there is room. */}
          <Box component="span" visibleFrom="xl" ml={6}>
            {t('admin.office')}
          </Box>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {items.map(({ id }) => (
          <Menu.Item key={id} data-testid={`nav-${id}`} mih={44} fz="md" aria-current={id === screen ? 'page' : undefined} fw={id === screen ? 700 : undefined} onClick={() => onPick(id)}>
            {t(`nav.${id}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
