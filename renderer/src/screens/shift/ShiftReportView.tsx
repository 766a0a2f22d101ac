import { Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PaymentMethod, ShiftReport } from '../../api/types';
import { useFormat } from '../../ui/format';
import { percent } from '../sale/Totals';

const METHODS: PaymentMethod[] = ['cash', 'card', 'online'];
/** Web-store prepayments show only in a shift that handed such orders over (the printed report does the same). */
const shown = (r: ShiftReport, m: PaymentMethod) => m !== 'online' || !!(r.byMethod[m]?.sales || r.byMethod[m]?.refunds);

/** X report (during the shift) or Z report (at close): what was sold and how, and the cash that should be there. */
export function ShiftReportView({ report: r }: { report: ShiftReport }) {
  const { t } = useTranslation();
  const f = useFormat();
  const row = (label: string, value: string, testId: string, data: Record<string, number | null> = {}) => (
    <Table.Tr data-testid={testId} {...Object.fromEntries(Object.entries(data).map(([k, v]) => [`data-${k}`, v ?? '']))}>
      <Table.Td>{label}</Table.Td>
      <Table.Td ta="right" fw={500}>
        {value}
      </Table.Td>
    </Table.Tr>
  );
  const diff = r.difference;
  return (
    <Stack gap="xs" data-testid={r.kind === 'Z' ? 'z-report' : 'x-report'} data-kind={r.kind}>
      <Group justify="space-between">
        <Title order={4}>{t(r.kind === 'Z' ? 'report.zTitle' : 'report.xTitle', { number: r.shift.number })}</Title>
        <Text size="sm" c="dimmed">
          {f.date(r.at)}
        </Text>
      </Group>
      <Table>
        <Table.Tbody>
          {row(t('report.sales', { count: r.sales.count }), f.money(r.sales.total), 'report-sales', {
            count: r.sales.count,
            total: r.sales.total,
          })}
          {row(t('report.returns', { count: r.returns.count }), f.money(r.returns.total), 'report-returns', {
            count: r.returns.count,
            total: r.returns.total,
          })}
          {METHODS.filter((m) => shown(r, m)).map((m) =>
            row(
              t('report.byMethod', { method: t(`payment.${m}`) }),
              `${f.money(r.byMethod[m]?.sales ?? 0)} / −${f.money(r.byMethod[m]?.refunds ?? 0)}`,
              `report-method-${m}`,
              {
                sales: r.byMethod[m]?.sales ?? 0,
                refunds: r.byMethod[m]?.refunds ?? 0,
              },
            ),
          )}
          {r.taxes.map((tx) =>
            row(t('report.tax', { rate: percent(tx.rateBp), amount: f.money(tx.amount) }), f.money(tx.tax), `report-tax-${tx.rateBp}`, {
              tax: tx.tax,
              amount: tx.amount,
            }),
          )}
          {row(t('report.discounts'), f.money(r.discounts), 'report-discounts', { amount: r.discounts })}
          {row(t('report.float'), f.money(r.shift.float), 'report-float', { amount: r.shift.float })}
          {row(t('report.cashIn'), f.money(r.cashIn), 'report-cash-in', { amount: r.cashIn })}
          {row(t('report.cashOut'), f.money(r.cashOut), 'report-cash-out', { amount: r.cashOut })}
          {row(t('report.expected'), f.money(r.expectedCash), 'report-expected', { amount: r.expectedCash })}
          {r.countedCash !== null && row(t('report.counted'), f.money(r.countedCash), 'report-counted', { amount: r.countedCash })}
        </Table.Tbody>
      </Table>
      {diff !== null && (
        <Group justify="space-between" data-testid="report-difference" data-amount={diff}>
          <Text fw={600}>{t('report.difference')}</Text>
          <Badge size="xl" color={diff === 0 ? 'teal' : diff < 0 ? 'red' : 'yellow'}>
            {diff === 0
              ? t('report.exact')
              : diff < 0
                ? t('report.short', { amount: f.money(-diff) })
                : t('report.over', { amount: f.money(diff) })}
          </Badge>
        </Group>
      )}
    </Stack>
  );
}
