import { Alert, Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation } from '../api/hooks';
import type { BackupInfo, SystemInfo } from '../api/types';
import { formatDateTime } from '../i18n/format';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { ErrorAlert } from '../ui/ErrorAlert';

/** The database failed its check at start: the only way on is restoring a backup (the server allows nothing else). */
export function RecoveryScreen({ recovery }: { recovery: NonNullable<SystemInfo['recovery']> }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const restore = useApiMutation('recovery.restore');
  const [asked, setAsked] = useState<BackupInfo | null>(null);
  const locale = i18n.language;
  // Sizes are only a hint for picking a backup, so a float here rounds nothing that matters.
  const size = (bytes: number) =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(bytes / 1_000_000);
  // Newest first: the latest good copy loses the fewest sales.
  const backups = [...recovery.backups].sort((a, b) => b.at.localeCompare(a.at));

  return (
    <Center mih="100vh" p="md">
      <Stack w="100%" maw={720} data-testid="recovery">
        <Group justify="space-between">
          <Title order={2}>{t('recovery.title')}</Title>
          <LanguageSwitch />
        </Group>
        <Text>{t('recovery.intro')}</Text>
        <Alert color="red" variant="light" title={t('recovery.problem')}>
          <Text size="sm" ff="monospace">
            {recovery.problem}
          </Text>
        </Alert>
        <Title order={4}>{t('recovery.backups')}</Title>
        {!backups.length && <Text c="red">{t('recovery.none')}</Text>}
        {backups.map((b) => (
          <Paper key={b.name} withBorder p="sm">
            <Group justify="space-between" wrap="nowrap">
              <div>
                <Text fw={500}>{formatDateTime(b.at, locale)}</Text>
                <Text size="xs" c="dimmed">
                  {t(`backupReason.${b.reason}`)} · {size(b.bytes)} · {b.name}
                </Text>
              </div>
              <Button variant="light" onClick={() => setAsked(b)} disabled={restore.isPending}>
                {t('recovery.restore')}
              </Button>
            </Group>
          </Paper>
        ))}
        {asked && (
          <Alert color="orange" variant="light">
            <Stack>
              <Text>{t('recovery.confirm', { name: asked.name, at: formatDateTime(asked.at, locale) })}</Text>
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setAsked(null)} disabled={restore.isPending}>
                  {t('app.cancel')}
                </Button>
                <Button
                  color="orange"
                  loading={restore.isPending}
                  onClick={() =>
                    restore.mutate(
                      { name: asked.name },
                      { onSuccess: (info: SystemInfo) => client.setQueryData(['system.info', {}], info) },
                    )
                  }
                >
                  {t('recovery.yes')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        <ErrorAlert error={restore.error} />
      </Stack>
    </Center>
  );
}
