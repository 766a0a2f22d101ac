import { Button, Group, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import type { ApiOutput } from '../../api/types';
import { parseQty, qtyToInput } from '../../i18n/format';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { newUuid } from '../../ui/uuid';

type TransferInTransit = ApiOutput<'transfer.inTransit'>[number];

/** Transfers sent and not yet received: each received as sent in one click, or line by line with what arrived. */
export function TransitList() {
  const { t } = useTranslation();
  const list = useApiQuery('transfer.inTransit', {});
  const locations = useApiQuery('locations.list', {}, { staleTime: Infinity });
  const place = (id: number) => locations.data?.find((l) => l.id === id)?.name ?? `#${id}`;
  return (
    <Stack data-testid="transit-list">
      <ErrorAlert error={list.error} />
      {list.data?.map((tr) => (
        <TransitTransfer key={tr.id} tr={tr} route={`${place(tr.fromLocationId)} → ${place(tr.toLocationId)}`} />
      ))}
      {list.data && !list.data.length && <Text c="dimmed">{t('stockdocs.noTransit')}</Text>}
    </Stack>
  );
}

/**
 * One transfer in transit. "Received with differences" asks what arrived of each line (as sent to begin with); less
 * than sent is the shortage the receipt records (the loss on the transfer), more is refused by the core.
 */
function TransitTransfer({ tr, route }: { tr: TransferInTransit; route: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const receive = useApiMutation('transfer.receive');
  const [got, setGot] = useState<Record<number, string> | null>(null);
  const arrived = tr.lines.map((l) => ({ line: l, qty: got ? parseQty(got[l.lineId] ?? '') : l.qty }));
  const valid = arrived.every((a) => a.qty != null && a.qty >= 0 && a.qty <= a.line.qty);
  const submit = (lines?: { lineId: number; qty: number }[]) =>
    receive.mutate(
      { transferId: tr.id, uuid: newUuid(), ...(lines ? { lines } : {}) },
      { onSuccess: (r) => void navigate({ to: '/stockdocs/$id', params: { id: r.id } }) },
    );
  return (
    <Paper withBorder p="sm" data-testid="transit-transfer" data-id={tr.id}>
      <Group justify="space-between">
        <Text fw={600}>
          <Link to="/stockdocs/$id" params={{ id: tr.id }}>
            {tr.number}
          </Link>{' '}
          · {route} · {tr.businessDate}
        </Text>
        <Group gap="xs">
          {!got && (
            <Button
              variant="light"
              data-testid="transit-differences"
              onClick={() => setGot(Object.fromEntries(tr.lines.map((l) => [l.lineId, qtyToInput(l.qty)])))}
            >
              {t('stockdocs.withDifferences')}
            </Button>
          )}
          <Button
            data-testid="transit-receive"
            loading={receive.isPending}
            disabled={!valid}
            onClick={() => submit(got ? arrived.map((a) => ({ lineId: a.line.lineId, qty: a.qty! })) : undefined)}
          >
            {t('stockdocs.receive')}
          </Button>
        </Group>
      </Group>
      {!got &&
        tr.lines.map((l) => (
          <Text key={l.lineId} size="sm">
            {l.productName}: {f.qty(l.qty, l.unit)} · {f.money(l.costAmount)}
          </Text>
        ))}
      {got && (
        <Table data-testid="transit-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('stockdocs.product')}</Table.Th>
              <Table.Th ta="right">{t('stockdocs.sent')}</Table.Th>
              <Table.Th w={160}>{t('stockdocs.received')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {arrived.map(({ line: l, qty }) => (
              <Table.Tr key={l.lineId}>
                <Table.Td>{l.productName}</Table.Td>
                <Table.Td ta="right">{f.qty(l.qty, l.unit)}</Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={`${t('stockdocs.received')}: ${l.productName}`}
                    data-testid="transit-received"
                    data-line-id={l.lineId}
                    inputMode="decimal"
                    value={got[l.lineId] ?? ''}
                    error={qty == null || qty < 0 || qty > l.qty}
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      setGot((g) => ({ ...g, [l.lineId]: v }));
                    }}
                  />
                </Table.Td>
                <Table.Td c="red" data-testid="transit-shortage">
                  {qty != null && qty < l.qty ? t('stockdocs.shortage', { qty: f.qty(l.qty - qty, l.unit) }) : ''}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ErrorAlert error={receive.error} />
    </Paper>
  );
}
