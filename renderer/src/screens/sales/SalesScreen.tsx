import { Badge, Box, Button, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { Outlet, useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiWindow } from '../../api/hooks';
import type { DocStatus, DocSummary } from '../../api/types';
import type { SalesSearch } from '../../router/search';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { DataTable, type Column } from '../../ui/table/DataTable';
import { dayRange } from './days';

export const STATUS_COLOR: Record<DocStatus, string> = { draft: 'gray', posted: 'teal', cancelled: 'red' };

/** Every sale and return, newest first by default, a page at a time; filters live in the URL; a row opens the document. */
export function SalesScreen() {
  const { t } = useTranslation();
  const f = useFormat();
  const search = useSearch({ from: '/sales' });
  const navigate = useNavigate({ from: '/sales' });
  const client = useQueryClient();
  const setSearch = (patch: Partial<SalesSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });
  const sort = { by: search.sort ?? 'postedAt', dir: search.dir ?? 'desc' } as const;
  const filters = {
    ...dayRange(search.from, search.to),
    ...(search.type ? { type: search.type } : {}),
    ...(search.number ? { number: search.number } : {}),
  };
  const list = useApiWindow('sale.list', { sort, filters });

  // The number field types freely; the URL (and the query) follow once typing pauses.
  const [number, setNumber] = useState(search.number ?? '');
  const commitNumber = useDebouncedCallback((v: string) => setSearch({ number: v.trim() || undefined }), 300);

  const columns = useMemo<Column<DocSummary>[]>(
    () => [
      { id: 'number', header: t('sales.number'), min: 7, cell: (d) => <Text fw={600}>{d.number}</Text> },
      { id: 'type', header: t('sales.type'), min: 6, cell: (d) => t(`docType.${d.type}`) },
      { id: 'postedAt', header: t('sales.time'), min: 10, grow: 1.4, sortable: true, cell: (d) => f.date(d.postedAt) },
      { id: 'cashier', header: t('sales.cashier'), min: 7, grow: 1.2, cell: (d) => d.authorName },
      {
        id: 'total',
        header: t('sales.total'),
        min: 7,
        align: 'right',
        sortable: true,
        cell: (d) => <span data-testid="sales-row-total">{f.money(d.total)}</span>,
      },
      {
        id: 'status',
        header: t('sales.status'),
        min: 7,
        cell: (d) => (
          <Badge color={STATUS_COLOR[d.status]} variant="light">
            {t(`docStatus.${d.status}`)}
          </Badge>
        ),
      },
    ],
    [t, f],
  );
  const filtered = !!(search.from || search.to || search.type || search.number);

  return (
    <Stack h="calc(100dvh - var(--app-shell-header-offset, 64px) - 2 * var(--mantine-spacing-md))" gap="sm">
      <Group justify="space-between" wrap="nowrap">
        <Title order={2}>{t('sales.title')}</Title>
        <Group gap="sm" wrap="nowrap">
          <Text c="dimmed" data-testid="sales-count" data-count={list.count ?? undefined}>
            {list.count !== null ? t('table.count', { count: list.count }) : ''}
          </Text>
          <Button variant="default" loading={list.isFetching} onClick={() => void client.resetQueries({ queryKey: ['sale.list'] })}>
            {t('app.refresh')}
          </Button>
        </Group>
      </Group>
      <Group gap="sm" align="end" wrap="wrap">
        <TextInput
          type="date"
          size="md"
          w={170}
          label={t('sales.from')}
          data-testid="sales-from"
          value={search.from ?? ''}
          max={search.to}
          onChange={(e) => setSearch({ from: e.currentTarget.value || undefined })}
        />
        <TextInput
          type="date"
          size="md"
          w={170}
          label={t('sales.to')}
          data-testid="sales-to"
          value={search.to ?? ''}
          min={search.from}
          onChange={(e) => setSearch({ to: e.currentTarget.value || undefined })}
        />
        <NativeSelect
          size="md"
          w={200}
          label={t('sales.typeFilter')}
          data-testid="sales-type"
          value={search.type ?? ''}
          onChange={(e) => setSearch({ type: (e.currentTarget.value || undefined) as SalesSearch['type'] })}
          data={[
            { value: '', label: t('sales.anyType') },
            { value: 'sale', label: t('docType.sale') },
            { value: 'return', label: t('docType.return') },
          ]}
        />
        <TextInput
          size="md"
          w={160}
          label={t('sales.numberFilter')}
          data-testid="sales-number"
          autoComplete="off"
          value={number}
          onChange={(e) => {
            setNumber(e.currentTarget.value);
            commitNumber(e.currentTarget.value);
          }}
        />
        {filtered && (
          <Button
            variant="subtle"
            size="md"
            data-testid="sales-clear"
            onClick={() => {
              setNumber('');
              void navigate({ search: { sort: search.sort, dir: search.dir }, replace: true });
            }}
          >
            {t('sales.clear')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={list.error} />
      <Box style={{ flex: 1, minHeight: 0 }}>
        <DataTable
          label={t('sales.list')}
          testId="sales-table"
          height="100%"
          columns={columns}
          list={list}
          rowKey={(d) => d.id}
          sort={sort}
          onSort={(s) => setSearch({ sort: s.by as SalesSearch['sort'], dir: s.dir })}
          onOpen={(d) => void navigate({ to: '/sales/$id', params: { id: d.id }, search: true })}
          rowAttrs={(d) => ({ 'data-testid': 'sales-row', 'data-id': d.id, 'data-number': d.number, 'data-total': d.total })}
          empty={list.isSuccess ? <Text c="dimmed">{t('sales.empty')}</Text> : null}
        />
      </Box>
      <Outlet />
    </Stack>
  );
}
