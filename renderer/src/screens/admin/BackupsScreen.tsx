import { Badge, Button, Group, Modal, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import type { BackupInfo } from '../../api/types';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { setSessionNotice } from './notice';

/** Backups in the data folder: make one now, or restore one (the server then ends every session, this one too). */
export function BackupsScreen() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const client = useQueryClient();
  const { logout } = useSession();
  const list = useApiQuery('backup.list', {}, { staleTime: 0 });
  const create = useApiMutation('backup.create');
  const restore = useApiMutation('backup.restore');
  const [asked, setAsked] = useState<BackupInfo | null>(null);
  // Sizes only help pick a backup, so a float here rounds nothing that matters.
  const size = (bytes: number) =>
    new Intl.NumberFormat(i18n.language, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(bytes / 1_000_000);
  const backups = [...(list.data ?? [])].sort((a, b) => b.at.localeCompare(a.at));

  const backUpNow = () =>
    create.mutate(
      {},
      {
        onSuccess: (b) =>
          client.setQueryData<BackupInfo[]>(['backup.list', {}], (old) => [b, ...(old ?? []).filter((x) => x.name !== b.name)]),
      },
    );

  const doRestore = (b: BackupInfo) =>
    restore.mutate(
      { name: b.name },
      {
        onSuccess: (done) => {
          setSessionNotice({ kind: 'restored', at: done.at });
          // The restored file has its own shop name, currency and users.
          void client.invalidateQueries({ queryKey: ['system.info'] });
          void logout();
        },
      },
    );

  return (
    <Stack maw={1000} mx="auto">
      <Group justify="space-between">
        <Title order={2}>{t('admin.backups.title')}</Title>
        <Button data-testid="backup-now" loading={create.isPending} disabled={restore.isPending} onClick={backUpNow}>
          {t('admin.backups.now')}
        </Button>
      </Group>
      {create.data && (
        <Text role="status" c="teal" data-testid="backup-created" data-name={create.data.name}>
          {t('admin.backups.created', { name: create.data.name })}
        </Text>
      )}
      <ErrorAlert error={create.error ?? list.error} testId="backup-error" />
      <Paper withBorder style={{ overflowX: 'auto' }}>
        <Table striped verticalSpacing="xs" data-testid="backup-list" data-count={list.data ? backups.length : undefined}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.backups.date')}</Table.Th>
              <Table.Th>{t('admin.backups.kind')}</Table.Th>
              <Table.Th ta="right">{t('admin.backups.size')}</Table.Th>
              <Table.Th>{t('admin.backups.name')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {backups.map((b) => (
              <Table.Tr key={b.name} data-testid="backup-row" data-name={b.name} data-reason={b.reason}>
                <Table.Td>{f.date(b.at)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={b.reason === 'manual' ? 'teal' : 'gray'}>
                    {t(`backupReason.${b.reason}`)}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">{size(b.bytes)}</Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {b.name}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Button
                    variant="light"
                    color="orange"
                    data-testid="backup-restore"
                    disabled={restore.isPending || create.isPending}
                    onClick={() => setAsked(b)}
                  >
                    {t('admin.backups.restore')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {list.data && !backups.length && (
          <Text c="dimmed" p="md">
            {t('admin.backups.empty')}
          </Text>
        )}
      </Paper>
      {asked && (
        <Modal
          opened
          onClose={restore.isPending ? () => {} : () => (setAsked(null), restore.reset())}
          title={t('admin.backups.confirmTitle')}
          centered
          size="lg"
        >
          <Stack data-testid="backup-restore-dialog">
            <Text>{t('admin.backups.confirm', { at: f.date(asked.at), name: asked.name })}</Text>
            <ErrorAlert error={restore.error} testId="backup-restore-error" />
            <Group grow>
              <Button variant="default" data-autofocus disabled={restore.isPending} onClick={() => (setAsked(null), restore.reset())}>
                {t('app.cancel')}
              </Button>
              <Button color="orange" data-testid="backup-restore-confirm" loading={restore.isPending} onClick={() => doRestore(asked)}>
                {t('admin.backups.confirmYes')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}
