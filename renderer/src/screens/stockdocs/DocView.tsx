import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { newUuid } from '../../ui/uuid';
import { PostedReceipt } from '../goodsin/PostedReceipt';

/** A stock document by its URL (#/stockdocs/42): header, lines with reasons and cost, and cancelling it. */
export function DocView() {
  const { t } = useTranslation();
  const f = useFormat();
  const { id } = useParams({ from: '/stockdocs/$id' });
  const doc = useApiQuery('doc.get', { id });
  const locations = useApiQuery('locations.list', {}, { staleTime: Infinity });
  const place = (lid: number | null) => (lid == null ? '' : (locations.data?.find((l) => l.id === lid)?.name ?? `#${lid}`));
  const cancel = useApiMutation('doc.cancel');
  const [reason, setReason] = useState('');
  const d = doc.data;
  return (
    <Stack maw={1100} mx="auto" data-testid="stockdoc-view">
      <Anchor component={Link} to="/stockdocs">
        {t('stockdocs.back')}
      </Anchor>
      <ErrorAlert error={doc.error} />
      {d && (
        <>
          <Group justify="space-between">
            <Title order={2}>{t('stockdocs.doc', { type: t(`docType.${d.type}`), number: d.number })}</Title>
            {d.status === 'cancelled' && <Badge color="gray">{t('stockdocs.cancelled')}</Badge>}
          </Group>
          <Text>
            {t('stockdocs.date')}: {d.businessDate} · {t('stockdocs.author')}: {d.authorName} · {place(d.locationId)}
            {d.toLocationId != null ? ` → ${place(d.toLocationId)}` : ''}
            {d.note ? ` · ${d.note}` : ''}
          </Text>
          {(d.type === 'receipt' || d.type === 'supplier_return') && <PostedReceipt d={d} />}
          <Paper withBorder>
            <Table data-testid="stockdoc-view-lines">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('stockdocs.product')}</Table.Th>
                  <Table.Th ta="right">{t('stockdocs.qty')}</Table.Th>
                  <Table.Th>{t('stockdocs.reason')}</Table.Th>
                  <Table.Th ta="right">{t('stockdocs.cost')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.lines.map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td>{l.productName}</Table.Td>
                    <Table.Td ta="right">{f.qty(l.qty, l.unit)}</Table.Td>
                    <Table.Td>{l.reason ? t(`stockdocs.reasons.${l.reason}`) : ''}</Table.Td>
                    <Table.Td ta="right">{f.money(l.costAmount)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          <Text fw={600}>
            {t('stockdocs.total')}: {f.money(d.lines.reduce((s, l) => s + l.costAmount, 0))}
          </Text>
          {d.status === 'posted' && d.reversalOf == null && (
            <Group align="end">
              <TextInput
                style={{ flex: 1 }}
                label={t('stockdocs.cancelReason')}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
              />
              <Button
                color="red"
                data-testid="stockdoc-cancel"
                disabled={!reason.trim()}
                loading={cancel.isPending}
                onClick={() => cancel.mutate({ id, uuid: newUuid(), reason: reason.trim() }, { onSuccess: () => void doc.refetch() })}
              >
                {t('stockdocs.cancel')}
              </Button>
            </Group>
          )}
          <ErrorAlert error={cancel.error} />
        </>
      )}
    </Stack>
  );
}
