import { Badge, Button, Group, NativeSelect, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { purchaseStatus } from '../../../../core/contract/methods/purchasing';
import type { PurchaseOrderStatus, PurchaseOrderSummary } from '../../../../core/contract/purchasing-types';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { newUuid } from '../../ui/uuid';
import { SupplierReturn } from './SupplierReturn';
import { SupplierSelect } from './SupplierSelect';

const TABS = ['orders', 'receipts', 'return'] as const;
type Tab = (typeof TABS)[number];

export const STATUS_COLOR: Record<PurchaseOrderStatus, string> = {
  draft: 'gray',
  sent: 'blue',
  partially_received: 'orange',
  received: 'teal',
  closed: 'dark',
  cancelled: 'red',
};

/** Goods in: orders to suppliers, receipts being checked against a delivery, and goods going back to a supplier. */
export function GoodsInScreen() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('orders');
  return (
    <Stack maw={1300} mx="auto">
      <Title order={2}>{t('goodsin.title')}</Title>
      <SegmentedControl
        data-testid="goodsin-tabs"
        value={tab}
        onChange={(v) => setTab(v as Tab)}
        data={TABS.map((k) => ({ value: k, label: t(`goodsin.tabs.${k}`) }))}
      />
      {tab === 'orders' && <OrderList />}
      {tab === 'receipts' && <ReceiptDrafts />}
      {tab === 'return' && <SupplierReturn receiptId={null} />}
    </Stack>
  );
}

function OrderList() {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { can } = useSession();
  const [supplier, setSupplier] = useState<number | null>(null);
  const [status, setStatus] = useState<PurchaseOrderStatus | ''>('');
  const filters = { ...(supplier ? { supplierId: supplier } : {}), ...(status ? { status } : {}) };
  const list = useApiQuery('purchase.list', { limit: 200, filters });
  const create = useApiMutation('purchase.create');
  const [key] = useState(newUuid);
  const [newFor, setNewFor] = useState<number | null>(null);
  return (
    <Stack data-testid="goodsin-orders">
      <Group align="end">
        <SupplierSelect label={t('goodsin.supplier')} value={supplier} onChange={setSupplier} empty={t('goodsin.anySupplier')} />
        <NativeSelect
          label={t('goodsin.status')}
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as PurchaseOrderStatus | '')}
          data={[
            { value: '', label: t('goodsin.anyStatus') },
            ...purchaseStatus.options.map((s) => ({ value: s, label: t(`goodsin.statuses.${s}`) })),
          ]}
        />
        {can('purchase.manage') && (
          <Group align="end" ml="auto">
            <SupplierSelect label={t('goodsin.supplier')} value={newFor} onChange={setNewFor} testId="goodsin-new-supplier" />
            <Button
              data-testid="goodsin-new-order"
              disabled={!newFor}
              loading={create.isPending}
              onClick={() =>
                create.mutate(
                  { uuid: key, supplierId: newFor!, expectedDate: null, note: null, lines: [] },
                  { onSuccess: (o) => void navigate({ to: '/goodsin/orders/$id', params: { id: o.id } }) },
                )
              }
            >
              {t('goodsin.newOrder')}
            </Button>
          </Group>
        )}
      </Group>
      <ErrorAlert error={list.error ?? create.error} />
      <Paper withBorder>
        <Table data-testid="goodsin-order-list" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('goodsin.number')}</Table.Th>
              <Table.Th>{t('goodsin.supplier')}</Table.Th>
              <Table.Th>{t('goodsin.status')}</Table.Th>
              <Table.Th>{t('goodsin.date')}</Table.Th>
              <Table.Th>{t('goodsin.expected')}</Table.Th>
              <Table.Th ta="right">{t('goodsin.total')}</Table.Th>
              <Table.Th ta="right">{t('goodsin.due')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data?.rows.map((o) => (
              <Table.Tr key={o.id} data-testid="goodsin-order-row" data-order-id={o.id} data-status={o.status}>
                <Table.Td>
                  <Link to="/goodsin/orders/$id" params={{ id: o.id }}>
                    {o.number}
                  </Link>
                </Table.Td>
                <Table.Td>{o.supplierName}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOR[o.status]} variant="light">
                    {t(`goodsin.statuses.${o.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{f.date(o.createdAt)}</Table.Td>
                <Table.Td>{o.expectedDate ?? ''}</Table.Td>
                <Table.Td ta="right">{f.money(o.total)}</Table.Td>
                <Table.Td ta="right">
                  <StillDue o={o} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {list.data && !list.data.rows.length && (
          <Text c="dimmed" p="md">
            {t('goodsin.noOrders')}
          </Text>
        )}
      </Paper>
    </Stack>
  );
}

/** The cost of what is still to come on an open order (nothing on a draft, a closed or a cancelled one). */
function StillDue({ o }: { o: PurchaseOrderSummary }) {
  const f = useFormat();
  if (o.status !== 'sent' && o.status !== 'partially_received') return null;
  return <span data-testid="goodsin-order-due">{f.money(o.due)}</span>;
}

function ReceiptDrafts() {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { can } = useSession();
  const drafts = useApiQuery('draft.list', { type: 'receipt', status: 'open', limit: 200 });
  const create = useApiMutation('draft.create');
  const [key] = useState(newUuid);
  return (
    <Stack data-testid="goodsin-drafts">
      {can('stock.receive') && (
        <Group>
          <Button
            data-testid="goodsin-new-receipt"
            loading={create.isPending}
            onClick={() =>
              create.mutate(
                { uuid: key, type: 'receipt', toLocationId: null, businessDate: null, note: null, extra: {}, lines: [] },
                { onSuccess: (d) => void navigate({ to: '/goodsin/receipts/$id', params: { id: d.id } }) },
              )
            }
          >
            {t('goodsin.newReceipt')}
          </Button>
        </Group>
      )}
      <ErrorAlert error={drafts.error ?? create.error} />
      <Paper withBorder>
        <Table highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('goodsin.receipt')}</Table.Th>
              <Table.Th>{t('goodsin.invoiceNo')}</Table.Th>
              <Table.Th>{t('goodsin.date')}</Table.Th>
              <Table.Th ta="right">{t('goodsin.lineCount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {drafts.data?.items.map((d) => (
              <Table.Tr key={d.id} data-testid="goodsin-draft-row" data-draft-id={d.id}>
                <Table.Td>
                  <Link to="/goodsin/receipts/$id" params={{ id: d.id }}>
                    {t('goodsin.open')} #{d.id} · {d.authorName}
                  </Link>
                </Table.Td>
                <Table.Td>{typeof d.extra.invoiceNo === 'string' ? d.extra.invoiceNo : ''}</Table.Td>
                <Table.Td>{f.date(d.updatedAt)}</Table.Td>
                <Table.Td ta="right">{d.lineCount}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {drafts.data && !drafts.data.items.length && (
          <Text c="dimmed" p="md">
            {t('goodsin.noDrafts')}
          </Text>
        )}
      </Paper>
    </Stack>
  );
}
