import { Box, Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ScreenId } from '../../layout/screens';
import { ADMIN_SCREENS } from './screens';

/**
 * The back-office screens the user may open, under one header button (the header has no room for four more). On a
 * narrow screen the counter screens that do not fit as buttons (`more`) are listed here too, above them.
 */
export function OfficeMenu({
  allowed,
  more = [],
  screen,
  onPick,
}: {
  allowed: readonly string[];
  more?: ScreenId[];
  screen: string | null;
  onPick(id: ScreenId): void;
}) {
  const { t } = useTranslation();
  const items: ScreenId[] = [...more, ...ADMIN_SCREENS.filter((s) => allowed.includes(s.id)).map((s) => s.id)];
  if (!items.length) return null;
  const active = screen !== null && (items as string[]).includes(screen);
  const label = more.length ? t('admin.more') : t('admin.office');
  return (
    <Menu position="bottom-start" shadow="md" withinPortal>
      <Menu.Target>
        <Button
          flex="none"
          px="sm"
          data-testid="nav-office"
          variant={active ? 'filled' : 'subtle'}
          aria-current={active ? 'page' : undefined}
          aria-label={label}
          title={label}
          rightSection={<span aria-hidden>▾</span>}
        >
          <span aria-hidden>{more.length ? '☰' : '⚙'}</span>
          {/* The header is full on a 1280 px till: the name shows only where there is room. */}
          <Box component="span" visibleFrom="xl" ml={6}>
            {label}
          </Box>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {items.map((id, i) => (
          <Box key={id}>
            {i === more.length && i > 0 && <Menu.Divider />}
            <Menu.Item
              data-testid={`nav-${id}`}
              mih={44}
              fz="md"
              aria-current={id === screen ? 'page' : undefined}
              fw={id === screen ? 700 : undefined}
              onClick={() => onPick(id)}
            >
              {t(`nav.${id}`)}
            </Menu.Item>
          </Box>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
