import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import type { SyncStatus } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { STATE_COLOR } from './SyncIndicator';

/** Figures refresh this often while the panel is open: the queue drains in the background. */
const REFRESH_MS = 5_000;

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}

function StatusPart({ status }: { status: SyncStatus }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Figure label={t('sync.queueDepth')} value={f.count(status.queueDepth)} testId="sync-queue-depth" />
        <Figure label={t('sync.deadLetterCount')} value={f.count(status.deadLetters)} testId="sync-dead-count" />
        <Figure label={t('sync.linked')} value={f.count(status.linked)} testId="sync-linked" />
        <Figure
          label={t('sync.lastSuccess')}
          value={status.lastSuccessAt ? f.date(status.lastSuccessAt) : t('sync.never')}
          testId="sync-last-success"
        />
      </SimpleGrid>
      <Paper withBorder p="sm">
        <Text size="sm" c="dimmed">
          {t('sync.lastError')}
        </Text>
        <Text data-testid="sync-last-error" c={status.lastError ? 'red.8' : undefined} style={{ overflowWrap: 'anywhere' }}>
          {status.lastError ?? t('sync.none')}
        </Text>
      </Paper>
    </Stack>
  );
}

/** The owner's view of the web-store sync: how much waits, what failed and why, what is set aside, unlinked items, orders. */
export function SyncScreen() {
  const { t } = useTranslation();
  const f = useFormat();
  const client = useQueryClient();
  const panel = useApiQuery('store.panel', {}, { refetchInterval: REFRESH_MS });
  const settings = useApiQuery('store.settings', {});
  const orders = useApiQuery('store.orders', { limit: 100 }, { refetchInterval: REFRESH_MS });
  const syncNow = useApiMutation('store.syncNow');
  const retry = useApiMutation('store.retryDeadLetter');
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['store.panel'] });
    void client.invalidateQueries({ queryKey: ['store.status'] });
    void client.invalidateQueries({ queryKey: ['store.orders'] });
  };
  const status = panel.data?.status;

  return (
    <Stack gap="md" data-testid="sync-screen" data-state={status?.state}>
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={2}>{t('sync.title')}</Title>
          {status && (
            <Badge color={STATE_COLOR[status.state]} variant="light" data-testid="sync-state">
              {t(`sync.indicator.${status.state}`)}
            </Badge>
          )}
        </Group>
        <Button data-testid="sync-now" loading={syncNow.isPending} onClick={() => syncNow.mutate({}, { onSettled: refresh })}>
          {t('sync.syncNow')}
        </Button>
      </Group>
      <ErrorAlert error={panel.error ?? syncNow.error ?? retry.error} />
      {settings.data === null && <Alert data-testid="sync-not-configured">{t('sync.notConfigured')}</Alert>}
      {status && <StatusPart status={status} />}

      <Title order={3}>{t('sync.deadLetters')}</Title>
      {panel.data?.deadLetters.length ? (
        <Table data-testid="sync-dead-letters">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('sync.topic')}</Table.Th>
              <Table.Th>{t('sync.reason')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {panel.data.deadLetters.map((d) => (
              <Table.Tr key={d.id} data-testid="sync-dead-letter" data-id={d.id}>
                <Table.Td>{d.topic}</Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{d.reason}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="default"
                    data-testid="sync-retry"
                    loading={retry.isPending && retry.variables?.id === d.id}
                    onClick={() => retry.mutate({ id: d.id }, { onSuccess: refresh })}
                  >
                    {t('sync.retry')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text c="dimmed">{t('sync.deadLettersEmpty')}</Text>
      )}
      {retry.isSuccess && (
        <Text size="sm" data-testid="sync-retried">
          {t('sync.retried')}
        </Text>
      )}

      <Title order={3}>{t('sync.problems')}</Title>
      {status?.problems.length ? (
        <Table data-testid="sync-problems">
          <Table.Tbody>
            {status.problems.map((p, i) => (
              <Table.Tr key={`${p.itemId}-${i}`} data-testid="sync-problem" data-kind={p.kind}>
                <Table.Td>{p.title ?? p.itemId}</Table.Td>
                <Table.Td>{[p.sku, p.barcode].filter(Boolean).join(' · ')}</Table.Td>
                <Table.Td>{t(`sync.problem.${p.kind}`)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text c="dimmed">{t('sync.problemsEmpty')}</Text>
      )}

      <Title order={3}>{t('sync.orders')}</Title>
      {orders.data?.length ? (
        <Table data-testid="sync-orders">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('sync.order.number')}</Table.Th>
              <Table.Th>{t('sync.order.status')}</Table.Th>
              <Table.Th>{t('sync.order.contact')}</Table.Th>
              <Table.Th>{t('sync.order.total')}</Table.Th>
              <Table.Th>{t('sync.order.paid')}</Table.Th>
              <Table.Th>{t('sync.order.imported')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {orders.data.map((o) => (
              <Table.Tr key={o.orderId} data-testid="sync-order" data-status={o.status}>
                <Table.Td>#{o.displayId}</Table.Td>
                <Table.Td>
                  {t(`sync.orderStatus.${o.status}`)}
                  {o.reason ? (
                    <Text size="xs" c="dimmed">
                      {o.reason}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>{[o.email, o.phone].filter(Boolean).join(', ')}</Table.Td>
                <Table.Td>{f.money(o.total)}</Table.Td>
                <Table.Td>{f.money(o.paid)}</Table.Td>
                <Table.Td>{f.date(o.importedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text c="dimmed">{t('sync.ordersEmpty')}</Text>
      )}

      <Title order={3}>{t('sync.log')}</Title>
      <Table data-testid="sync-log">
        <Table.Tbody>
          {(panel.data?.log ?? []).slice(0, 50).map((l) => (
            <Table.Tr key={l.id} data-ok={l.ok}>
              <Table.Td>{f.date(l.at)}</Table.Td>
              <Table.Td>{l.direction === 'out' ? '→' : '←'}</Table.Td>
              <Table.Td>{l.kind}</Table.Td>
              <Table.Td c={l.ok ? undefined : 'red.8'} style={{ overflowWrap: 'anywhere' }}>
                {l.summary}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
