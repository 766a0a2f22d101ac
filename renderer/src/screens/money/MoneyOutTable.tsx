import { Button, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ApiOutput } from '../../api/types';
import { useFormat } from '../../ui/format';

type Row = ApiOutput<'expense.list'>['rows'][number];

/** Expenses or supplier payments of the period; a posted original can be cancelled by whoever may enter one. */
export function MoneyOutTable({
  list,
  kind,
  onCancel,
  testId,
}: {
  list: ApiOutput<'expense.list'> | undefined;
  kind: 'expense' | 'supplier_payment';
  onCancel?: (row: Row) => void;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const dayText = (d: string) => new Date(`${d}T00:00:00`).toLocaleDateString(i18n.language);
  if (!list) return null;
  if (!list.rows.length)
    return (
      <Text c="dimmed" data-testid={testId}>
        {t('money.none')}
      </Text>
    );
  return (
    <Table striped data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('money.date')}</Table.Th>
          <Table.Th>{t('money.number')}</Table.Th>
          <Table.Th>{kind === 'expense' ? t('money.category') : t('money.supplier')}</Table.Th>
          <Table.Th>{t('money.method')}</Table.Th>
          <Table.Th ta="right">{t('money.amount')}</Table.Th>
          <Table.Th>{t('money.note')}</Table.Th>
          <Table.Th>{t('money.status')}</Table.Th>
          {onCancel && <Table.Th aria-label={t('money.cancel')} />}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {list.rows.map((r) => (
          <Table.Tr key={r.id} data-number={r.number} data-status={r.reversalOf ? 'reversal' : r.status}>
            <Table.Td>{dayText(r.businessDate)}</Table.Td>
            <Table.Td>{r.number}</Table.Td>
            <Table.Td>{r.category ? t(`money.categories.${r.category}`) : r.supplierName}</Table.Td>
            <Table.Td>{kind === 'expense' ? t(`money.methods.${r.method}`) : t(`money.payMethods.${r.method}`)}</Table.Td>
            <Table.Td ta="right">{fmt.money(r.amount)}</Table.Td>
            <Table.Td>{r.note}</Table.Td>
            <Table.Td>
              <Text size="sm" fw={r.status === 'cancelled' ? 600 : undefined}>
                {r.reversalOf ? t('money.reversal') : t(`money.${r.status}`)}
              </Text>
            </Table.Td>
            {onCancel && (
              <Table.Td>
                {r.status === 'posted' && !r.reversalOf && (
                  <Button size="xs" variant="subtle" color="red" onClick={() => onCancel(r)}>
                    {t('money.cancel')}
                  </Button>
                )}
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
      <Table.Tfoot>
        <Table.Tr>
          <Table.Th colSpan={4}>{t('money.total')}</Table.Th>
          <Table.Th ta="right" data-testid={`${testId}-total`}>
            {fmt.money(list.total)}
          </Table.Th>
          <Table.Th colSpan={onCancel ? 3 : 2} />
        </Table.Tr>
      </Table.Tfoot>
    </Table>
  );
}
