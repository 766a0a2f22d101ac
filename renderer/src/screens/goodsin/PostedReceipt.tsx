import { Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation } from '../../api/hooks';
import type { Doc } from '../../api/types';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { LabelsDialog } from '../catalog/LabelsDialog';

/** A posted receipt's or supplier return's supplier side: who, their invoice, the order; for a receipt, what comes next. */
export function PostedReceipt({ d }: { d: Doc }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const [labels, setLabels] = useState(false);
  const s = d.supplier;
  const live = d.status === 'posted' && d.reversalOf == null;
  return (
    <Stack data-testid="posted-supplier-doc">
      {s && (
        <Text data-testid="posted-supplier">
          {t('goodsin.supplier')}: {s.supplierName}
          {s.invoiceNo ? ` · ${t('goodsin.invoice', { number: s.invoiceNo })}` : ''}
          {s.invoiceDate ? ` ${s.invoiceDate}` : ''}
          {s.purchaseOrderId != null && (
            <>
              {' · '}
              <Link to="/goodsin/orders/$id" params={{ id: s.purchaseOrderId }}>
                {t('goodsin.tabs.orders')} #{s.purchaseOrderId}
              </Link>
            </>
          )}
        </Text>
      )}
      {d.type === 'receipt' && live && (
        <Group>
          <Button variant="default" data-testid="posted-labels" onClick={() => setLabels(true)}>
            {t('goodsin.printLabels')}
          </Button>
          {can('stock.receive') && s && (
            <Button
              variant="default"
              data-testid="posted-return"
              onClick={() => void navigate({ to: '/goodsin/return', search: { receipt: d.id } })}
            >
              {t('goodsin.returnToSupplier')}
            </Button>
          )}
        </Group>
      )}
      {d.type === 'receipt' && live && can('price.edit') && <MarkupPanel receiptId={d.id} />}
      {labels && <LabelsDialog productIds={[...new Set(d.lines.map((l) => l.productId))]} onClose={() => setLabels(false)} />}
    </Stack>
  );
}

/** The retail prices the categories' markup gives from this receipt's costs: shown first, then applied exactly so. */
function MarkupPanel({ receiptId }: { receiptId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const preview = useApiMutation('price.markupPreview');
  const apply = useApiMutation('price.markupApply');
  const p = preview.data;
  return (
    <Paper withBorder p="sm" data-testid="markup">
      <Group justify="space-between">
        <Title order={4}>{t('goodsin.markup')}</Title>
        <Button variant="light" data-testid="markup-preview" loading={preview.isPending} onClick={() => preview.mutate({ receiptId })}>
          {t('goodsin.markupRun')}
        </Button>
      </Group>
      {p && !p.changes.length && <Text c="dimmed">{t('goodsin.markupNone')}</Text>}
      {p && p.changes.length > 0 && (
        <>
          <Table data-testid="markup-changes">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('goodsin.product')}</Table.Th>
                <Table.Th ta="right">{t('goodsin.unitCost')}</Table.Th>
                <Table.Th ta="right">{t('goodsin.from')}</Table.Th>
                <Table.Th ta="right">{t('goodsin.to')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.changes.map((c) => (
                <Table.Tr key={c.productId} data-testid="markup-change" data-product-id={c.productId} data-to={c.to}>
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td ta="right">{f.money(c.cost)}</Table.Td>
                  <Table.Td ta="right">{f.money(c.from)}</Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {f.money(c.to)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {p.unchanged > 0 && <Text size="sm">{t('goodsin.markupUnchanged', { count: p.unchanged })}</Text>}
          {apply.data ? (
            <Text c="teal" data-testid="markup-applied">
              {t('goodsin.markupApplied', { count: p.changes.length })}
            </Text>
          ) : (
            <Button
              mt="sm"
              data-testid="markup-apply"
              loading={apply.isPending}
              onClick={() => apply.mutate({ receiptId, token: p.token })}
            >
              {t('goodsin.markupApply')}
            </Button>
          )}
        </>
      )}
      <ErrorAlert error={preview.error ?? apply.error} testId="markup-error" />
    </Paper>
  );
}
