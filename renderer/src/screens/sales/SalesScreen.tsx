import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Outlet, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import type { DocStatus } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';

export const STATUS_COLOR: Record<DocStatus, string> = { draft: 'gray', posted: 'teal', cancelled: 'red' };

/** Today's and earlier sales and returns, newest first; a row opens the document. */
export function SalesScreen() {
  const { t } = useTranslation();
  const f = useFormat();
  const list = useApiQuery('sale.list', { limit: 200 });
  const navigate = useNavigate();
  const open = (id: number) => void navigate({ to: '/sales/$id', params: { id }, search: true });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('sales.title')}</Title>
        <Button variant="default" loading={list.isFetching} onClick={() => void list.refetch()}>
          {t('app.refresh')}
        </Button>
      </Group>
      <ErrorAlert error={list.error} />
      {list.isSuccess && !list.data.length && <Text c="dimmed">{t('sales.empty')}</Text>}
      {!!list.data?.length && (
        <Paper withBorder>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sales.number')}</Table.Th>
                <Table.Th>{t('sales.type')}</Table.Th>
                <Table.Th>{t('sales.time')}</Table.Th>
                <Table.Th>{t('sales.cashier')}</Table.Th>
                <Table.Th ta="right">{t('sales.total')}</Table.Th>
                <Table.Th>{t('sales.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((d) => (
                <Table.Tr
                  key={d.id}
                  data-testid="sales-row"
                  data-id={d.id}
                  data-number={d.number}
                  data-total={d.total}
                  tabIndex={0}
                  style={{ cursor: 'pointer', height: 52 }}
                  onClick={() => open(d.id)}
                  onKeyDown={(e) => e.key === 'Enter' && open(d.id)}
                >
                  <Table.Td fw={600}>{d.number}</Table.Td>
                  <Table.Td>{t(`docType.${d.type}`)}</Table.Td>
                  <Table.Td>{f.date(d.postedAt)}</Table.Td>
                  <Table.Td>{d.authorName}</Table.Td>
                  <Table.Td ta="right" data-testid="sales-row-total">
                    {f.money(d.total)}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOR[d.status]} variant="light">
                      {t(`docStatus.${d.status}`)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <Outlet />
    </Stack>
  );
}
