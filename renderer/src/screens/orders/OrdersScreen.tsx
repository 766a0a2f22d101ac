import { Anchor, Drawer, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import type { OrdersSearch } from '../../router/search';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { OrderDetail } from './OrderDetail';
import { ShortBadge, StatusBadge } from './StatusBadge';

/** New orders arrive from the store in the background while the list is open. */
const REFRESH_MS = 5_000;
const STATUSES = ['reserved', 'parked', 'picking', 'ready', 'fulfilled', 'cancelled'] as const;

/** The web store's orders: by status, found by number or customer; one opens beside the list to be shipped. */
export function OrdersScreen() {
  const { t } = useTranslation();
  const f = useFormat();
  const search = useSearch({ from: '/orders' });
  const navigate = useNavigate({ from: '/orders' });
  const setSearch = (patch: Partial<OrdersSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });
  const [q, setQ] = useState(search.q ?? '');
  const commitQ = useDebouncedCallback((v: string) => setSearch({ q: v.trim() || undefined }), 250);
  const input = { limit: 200, ...(search.status ? { status: search.status } : {}), ...(search.q ? { search: search.q } : {}) };
  const orders = useApiQuery('store.orders', input, { refetchInterval: REFRESH_MS });

  return (
    <Stack gap="md" data-testid="orders-screen">
      <Title order={2}>{t('orders.title')}</Title>
      <Group align="flex-end">
        <NativeSelect
          label={t('orders.status')}
          data-testid="orders-status"
          value={search.status ?? ''}
          onChange={(e) => setSearch({ status: (e.currentTarget.value || undefined) as OrdersSearch['status'] })}
          data={[{ value: '', label: t('orders.all') }, ...STATUSES.map((s) => ({ value: s, label: t(`sync.orderStatus.${s}`) }))]}
        />
        <TextInput
          label={t('orders.search')}
          data-testid="orders-search"
          autoComplete="off"
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            commitQ(e.currentTarget.value);
          }}
        />
      </Group>
      <ErrorAlert error={orders.error} />
      {orders.data?.length ? (
        <Table data-testid="orders-list" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('orders.number')}</Table.Th>
              <Table.Th>{t('orders.status')}</Table.Th>
              <Table.Th>{t('orders.customer')}</Table.Th>
              <Table.Th ta="right">{t('orders.lines')}</Table.Th>
              <Table.Th ta="right">{t('orders.total')}</Table.Th>
              <Table.Th ta="right">{t('orders.paid')}</Table.Th>
              <Table.Th>{t('orders.received')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {orders.data.map((o) => (
              <Table.Tr
                key={o.orderId}
                data-testid="orders-row"
                data-status={o.status}
                data-number={o.displayId}
                data-short={o.short}
                aria-selected={o.orderId === search.order}
              >
                <Table.Td>
                  <Anchor component="button" type="button" data-testid="orders-open" onClick={() => setSearch({ order: o.orderId })}>
                    #{o.displayId}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="wrap">
                    <StatusBadge status={o.status} />
                    {o.short && <ShortBadge />}
                  </Group>
                </Table.Td>
                <Table.Td>{[o.customerName, o.phone, o.email].filter(Boolean).join(' · ')}</Table.Td>
                <Table.Td ta="right">{f.count(o.lines)}</Table.Td>
                <Table.Td ta="right">{f.money(o.total)}</Table.Td>
                <Table.Td ta="right">{f.money(o.paid)}</Table.Td>
                <Table.Td>{f.date(o.importedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        orders.data && (
          <Text c="dimmed" data-testid="orders-empty">
            {t('orders.empty')}
          </Text>
        )
      )}
      <Drawer
        opened={!!search.order}
        onClose={() => setSearch({ order: undefined })}
        position="right"
        size="xl"
        title={t('orders.title')}
        closeButtonProps={{ 'aria-label': t('orders.close') }}
      >
        {search.order && <OrderDetail key={search.order} orderId={search.order} />}
      </Drawer>
    </Stack>
  );
}
