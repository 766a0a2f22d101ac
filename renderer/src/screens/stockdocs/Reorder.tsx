import { Button, Group, NativeSelect, NumberInput, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { purchaseFromReorder } from '../../../../core/contract/reorder-order';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import type { ApiOutput } from '../../api/types';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { newUuid } from '../../ui/uuid';

type Group = ApiOutput<'reorder.suggest'>['groups'][number];

/** What to order, per supplier: each supplier's group becomes a purchase order in one click. */
export function ReorderView() {
  const { t } = useTranslation();
  const [basis, setBasis] = useState<'max' | 'velocity'>('max');
  const [days, setDays] = useState(28);
  const s = useApiQuery('reorder.suggest', { basis, days });
  return (
    <Stack data-testid="reorder">
      <Group align="end">
        <NativeSelect
          label={t('stockdocs.basis')}
          value={basis}
          onChange={(e) => setBasis(e.currentTarget.value as 'max' | 'velocity')}
          data={(['max', 'velocity'] as const).map((b) => ({ value: b, label: t(`stockdocs.bases.${b}`) }))}
        />
        {basis === 'velocity' && (
          <NumberInput label={t('stockdocs.days')} min={1} max={365} value={days} onChange={(v) => setDays(Number(v) || 28)} />
        )}
      </Group>
      <ErrorAlert error={s.error} />
      {s.data?.groups.map((g) => (
        <ReorderGroup key={g.supplierId ?? 0} g={g} />
      ))}
      {s.data && !s.data.groups.length && <Text c="dimmed">{t('stockdocs.noReorder')}</Text>}
    </Stack>
  );
}

function ReorderGroup({ g }: { g: Group }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const create = useApiMutation('purchase.create');
  // One key per group as shown: a second click (or a retry) returns the order already made.
  const [key] = useState(newUuid);
  const input = purchaseFromReorder(g, { uuid: key });
  return (
    <Paper withBorder p="sm" data-testid="reorder-group" data-supplier-id={g.supplierId ?? ''}>
      <Group justify="space-between">
        <Title order={4}>
          {g.supplierName ?? t('stockdocs.noSupplier')} · {t('stockdocs.leadTime', { days: g.leadTimeDays })} · {f.money(g.total)}
        </Title>
        {input && can('purchase.manage') && (
          <Button data-testid="reorder-order" loading={create.isPending} disabled={create.isSuccess} onClick={() => create.mutate(input)}>
            {t('stockdocs.makeOrder')}
          </Button>
        )}
      </Group>
      {create.data && (
        <Text c="teal" data-testid="reorder-ordered" data-order-id={create.data.id}>
          <Link to="/goodsin/orders/$id" params={{ id: create.data.id }}>
            {t('stockdocs.ordered', { number: create.data.number })}
          </Link>
        </Text>
      )}
      <ErrorAlert error={create.error} />
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('stockdocs.product')}</Table.Th>
            <Table.Th ta="right">{t('stockdocs.onHandNow')}</Table.Th>
            <Table.Th ta="right">{t('stockdocs.min')}</Table.Th>
            <Table.Th ta="right">{t('stockdocs.max')}</Table.Th>
            <Table.Th ta="right">{t('stockdocs.sold')}</Table.Th>
            <Table.Th ta="right">{t('stockdocs.order')}</Table.Th>
            <Table.Th ta="right">{t('stockdocs.cost')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {g.lines.map((l) => (
            <Table.Tr key={l.productId} data-testid="reorder-line" data-product-id={l.productId} data-qty={l.qty}>
              <Table.Td>{l.name}</Table.Td>
              <Table.Td ta="right">{f.qty(l.onHand, l.unit)}</Table.Td>
              <Table.Td ta="right">{f.qty(l.minStock, l.unit)}</Table.Td>
              <Table.Td ta="right">{l.maxStock == null ? '' : f.qty(l.maxStock, l.unit)}</Table.Td>
              <Table.Td ta="right">{f.qty(l.soldInPeriod, l.unit)}</Table.Td>
              <Table.Td ta="right" fw={600}>
                {f.qty(l.qty, l.unit)}
              </Table.Td>
              <Table.Td ta="right">{f.money(l.amount)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
