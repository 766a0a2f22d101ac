import { Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { businessDate } from '../../../../core/contract/primitives';
import { useApiQuery } from '../../api/hooks';
import type { LossRow } from '../../api/types';
import { qtyToInput } from '../../i18n/format';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';

/** A local date (yyyy-mm-dd) as the start of that day, or of the next one for an inclusive "to". */
function dayStart(date: string, next = false): string | undefined {
  if (!businessDate.safeParse(date).success) return undefined;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + (next ? 1 : 0)).toISOString();
}

const COLUMNS: { key: keyof LossRow; money?: boolean }[] = [
  { key: 'voidedLines' },
  { key: 'voidedAmount', money: true },
  { key: 'priceOverrides' },
  { key: 'discounts' },
  { key: 'discountAmount', money: true },
  { key: 'drawerOpenings' },
  { key: 'returnsWithoutReceipt' },
  { key: 'returnsWithoutReceiptAmount', money: true },
  { key: 'deniedAttempts' },
];

/** Loss control: per cashier, the actions that let money or goods leave without a sale, and stock-count shortages. */
export function LossScreen() {
  const { t } = useTranslation();
  const f = useFormat();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const report = useApiQuery('report.loss', { from: dayStart(from), to: dayStart(to, true) }, { placeholderData: (prev) => prev });
  const r = report.data;

  return (
    <Stack maw={1300} mx="auto">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('loss.title')}</Title>
        <Group>
          <TextInput
            type="date"
            label={t('loss.from')}
            data-testid="loss-from"
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
          />
          <TextInput type="date" label={t('loss.to')} data-testid="loss-to" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </Group>
      </Group>
      <ErrorAlert error={report.error} testId="loss-error" />
      <Paper withBorder style={{ overflowX: 'auto' }}>
        <Table striped data-testid="loss-users">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('loss.user')}</Table.Th>
              {COLUMNS.map((c) => (
                <Table.Th key={c.key} ta="right">
                  {t(`loss.${c.key as Exclude<keyof LossRow, 'userId' | 'userName'>}`)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r?.byUser.map((row) => (
              <Table.Tr
                key={row.userId}
                data-testid="loss-user"
                data-user-id={row.userId}
                data-denied={row.deniedAttempts}
                data-voided={row.voidedLines}
              >
                <Table.Td>{row.userName}</Table.Td>
                {COLUMNS.map((c) => (
                  <Table.Td key={c.key} ta="right" data-testid={`loss-${c.key}`}>
                    {c.money ? f.money(row[c.key] as number) : String(row[c.key])}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {r && !r.byUser.length && (
          <Text c="dimmed" p="md">
            {t('loss.empty')}
          </Text>
        )}
      </Paper>
      <Title order={4}>{t('loss.shortages')}</Title>
      <Paper withBorder>
        <Table data-testid="loss-shortages">
          <Table.Tbody>
            {r?.countShortages.map((s) => (
              <Table.Tr key={`${s.docId}-${s.productId}`} data-testid="loss-shortage">
                <Table.Td>{s.number}</Table.Td>
                <Table.Td>{s.name}</Table.Td>
                <Table.Td ta="right">{qtyToInput(s.qty)}</Table.Td>
                <Table.Td ta="right">{f.money(s.value)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {r && !r.countShortages.length && (
          <Text c="dimmed" p="md">
            {t('loss.noShortages')}
          </Text>
        )}
      </Paper>
    </Stack>
  );
}
