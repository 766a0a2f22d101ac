import { Button, Checkbox, Group, NativeSelect, NumberInput, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiMore, useApiQuery } from '../../api/hooks';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { newUuid } from '../../ui/uuid';

const DocLink = ({ id, number }: { id: number; number: string }) => (
  <Link to="/stockdocs/$id" params={{ id }}>
    {number}
  </Link>
);

/** Transfers sent and not yet received; receiving one takes everything as sent (a short receipt: open the document). */
export function TransitList() {
  const { t } = useTranslation();
  const f = useFormat();
  const list = useApiQuery('transfer.inTransit', {});
  const locations = useApiQuery('locations.list', {}, { staleTime: Infinity });
  const place = (id: number) => locations.data?.find((l) => l.id === id)?.name ?? `#${id}`;
  const receive = useApiMutation('transfer.receive');
  return (
    <Stack data-testid="transit-list">
      <ErrorAlert error={list.error ?? receive.error} />
      {list.data?.map((tr) => (
        <Paper withBorder p="sm" key={tr.id} data-testid="transit-transfer">
          <Group justify="space-between">
            <Text fw={600}>
              <DocLink id={tr.id} number={tr.number} /> · {place(tr.fromLocationId)} → {place(tr.toLocationId)} · {tr.businessDate}
            </Text>
            <Button
              loading={receive.isPending}
              onClick={() => receive.mutate({ transferId: tr.id, uuid: newUuid() }, { onSuccess: () => void list.refetch() })}
            >
              {t('stockdocs.receive')}
            </Button>
          </Group>
          {tr.lines.map((l) => (
            <Text key={l.lineId} size="sm">
              {l.productName}: {f.qty(l.qty, l.unit)} · {f.money(l.costAmount)}
            </Text>
          ))}
        </Paper>
      ))}
      {list.data && !list.data.length && <Text c="dimmed">{t('stockdocs.noTransit')}</Text>}
    </Stack>
  );
}

/** Each time an item went below zero, newest first, with the document that took it there. */
export function NegativeReport() {
  const { t } = useTranslation();
  const f = useFormat();
  const [still, setStill] = useState(false);
  const list = useApiMore('report.negativeStock', { limit: 100, filters: still ? { stillNegative: true } : {} });
  return (
    <Stack data-testid="negative-report">
      <Checkbox label={t('stockdocs.stillNegative')} checked={still} onChange={(e) => setStill(e.currentTarget.checked)} />
      <ErrorAlert error={list.error} />
      <Paper withBorder style={{ overflowX: 'auto' }}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('stockdocs.date')}</Table.Th>
              <Table.Th>{t('stockdocs.product')}</Table.Th>
              <Table.Th>{t('stockdocs.location')}</Table.Th>
              <Table.Th>{t('stockdocs.document')}</Table.Th>
              <Table.Th ta="right">{t('stockdocs.after')}</Table.Th>
              <Table.Th ta="right">{t('stockdocs.onHandNow')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((r) => (
              <Table.Tr key={r.id} data-testid="negative-row">
                <Table.Td>{f.date(r.at)}</Table.Td>
                <Table.Td>{r.name}</Table.Td>
                <Table.Td>{r.locationName}</Table.Td>
                <Table.Td>
                  {t(`docType.${r.docType}`)} <DocLink id={r.documentId} number={r.docNumber} /> · {r.authorName}
                </Table.Td>
                <Table.Td ta="right">{f.qty(r.qtyAfter, r.unit)}</Table.Td>
                <Table.Td ta="right">{f.qty(r.onHandNow, r.unit)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {list.isSuccess && !list.rows.length && (
          <Text c="dimmed" p="md">
            {t('stockdocs.noNegative')}
          </Text>
        )}
      </Paper>
      {list.hasNextPage && (
        <Button variant="light" onClick={() => void list.fetchNextPage()}>
          {t('stockdocs.more')}
        </Button>
      )}
    </Stack>
  );
}

/** What to order, per supplier: the grouping a purchase order is made from. */
export function ReorderView() {
  const { t } = useTranslation();
  const f = useFormat();
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
        <Paper withBorder p="sm" key={g.supplierId ?? 0} data-testid="reorder-group">
          <Title order={4}>
            {g.supplierName ?? t('stockdocs.noSupplier')} · {t('stockdocs.leadTime', { days: g.leadTimeDays })} · {f.money(g.total)}
          </Title>
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
                <Table.Tr key={l.productId}>
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
      ))}
      {s.data && !s.data.groups.length && <Text c="dimmed">{t('stockdocs.noReorder')}</Text>}
    </Stack>
  );
}
