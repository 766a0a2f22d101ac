import { Alert, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import type { ApiOutput } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { Loading } from '../../ui/Loading';
import { newUuid } from '../../ui/uuid';
import { CancelOrder } from './CancelOrder';
import { OrderLines } from './OrderLines';
import { PickPanel, StartPicking } from './PickPanel';
import { ShortBadge, StatusBadge } from './StatusBadge';

type Order = ApiOutput<'store.order'>;

function Row({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Group justify="space-between" wrap="nowrap">
      <Text c="dimmed">{label}</Text>
      <Text data-testid={testId} ta="right" style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Text>
    </Group>
  );
}

/**
 * One order: its goods, customer, what it holds on the shelf and what was paid. A reserved one is picked by scanning
 * (Start picking, then the pick mode until Ready for pickup) or shipped as it is; an open one can be cancelled.
 */
export function OrderDetail({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const order = useApiQuery('store.order', { orderId });
  if (order.isError) return <ErrorAlert error={order.error} testId="order-error" />;
  if (!order.data) return <Loading />;
  const o = order.data;
  return (
    <Stack data-testid="order-detail" data-status={o.status}>
      <Group justify="space-between">
        <Title order={3}>{t('orders.detail', { number: o.displayId })}</Title>
        <Group gap={4}>
          <StatusBadge status={o.status} />
          {o.short && <ShortBadge />}
        </Group>
      </Group>
      {o.short && (
        <Alert color="red" variant="light" data-testid="order-short-hint">
          {t('orders.shortHint')}
        </Alert>
      )}
      {o.reason && (
        <Text c="orange.9" data-testid="order-reason">
          {o.reason}
        </Text>
      )}
      <Row label={t('orders.customer')} value={o.customerName ?? '—'} testId="order-customer" />
      <Row label={t('orders.contact')} value={[o.phone, o.email].filter(Boolean).join(' · ') || '—'} />
      <Row label={t('orders.received')} value={f.date(o.importedAt)} />
      {o.status === 'picking' ? <PickPanel order={o} /> : <OrderLines order={o} />}
      <Row label={t('webOrder.goods')} value={f.money(o.goods)} />
      <Row label={t('webOrder.paidOnline')} value={f.money(o.paid)} testId="order-paid" />
      <Row label={t('webOrder.due')} value={f.money(o.due)} />
      {o.saleId !== null && <Row label={t('orders.sale')} value={String(o.saleId)} testId="order-sale" />}
      <Reservations order={o} />
      {o.status === 'reserved' && <StartPicking order={o} />}
      <Ship order={o} />
      <CancelOrder order={o} />
    </Stack>
  );
}

function Reservations({ order }: { order: Order }) {
  const { t } = useTranslation();
  const f = useFormat();
  const lineOf = (productId: number) => order.lines.find((l) => l.productId === productId);
  return (
    <Stack gap="xs">
      <Title order={4}>{t('orders.reservation')}</Title>
      {order.reservations.length ? (
        <Table data-testid="order-reservations">
          <Table.Tbody>
            {order.reservations.map((r, i) => (
              <Table.Tr key={i} data-testid="order-reservation" data-status={r.status} data-qty={r.qty}>
                <Table.Td>{lineOf(r.productId)?.name ?? r.productId}</Table.Td>
                <Table.Td ta="right">{f.qty(r.qty, lineOf(r.productId)?.unit ?? 'pcs')}</Table.Td>
                <Table.Td>{t(`orders.reservationStatus.${r.status}`)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text c="dimmed">{t('orders.reservationNone')}</Text>
      )}
    </Stack>
  );
}

/** Shipped: one sale paid online, the reservation consumed, the store told (store.fulfil); asked once more first. */
function Ship({ order }: { order: Order }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const fulfil = useApiMutation('store.fulfil');
  const [uuid] = useState(newUuid);
  const [asking, setAsking] = useState(false);
  const ship = () =>
    fulfil.mutate(
      { orderId: order.orderId, uuid },
      {
        onSettled: () => {
          void client.invalidateQueries({ queryKey: ['store.orders'] });
          void client.invalidateQueries({ queryKey: ['store.order'] });
        },
      },
    );
  if (fulfil.data)
    return (
      <Alert color="teal" variant="light" data-testid="order-shipped">
        {t('orders.shipped', { number: fulfil.data.number })}
      </Alert>
    );
  if (order.status !== 'reserved' && order.status !== 'ready') return null;
  return (
    <Stack gap="xs">
      <ErrorAlert error={fulfil.error} testId="order-ship-error" />
      {asking ? (
        <>
          <Text>{t('orders.shipConfirm')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsking(false)} disabled={fulfil.isPending}>
              {t('app.cancel')}
            </Button>
            <Button data-testid="order-ship-confirm" loading={fulfil.isPending} onClick={ship}>
              {t('orders.ship')}
            </Button>
          </Group>
        </>
      ) : (
        <Button data-testid="order-ship" onClick={() => setAsking(true)}>
          {t('orders.ship')}
        </Button>
      )}
    </Stack>
  );
}
