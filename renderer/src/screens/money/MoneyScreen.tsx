import { Button, Grid, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { CancelDialog, type Cancelling } from './CancelDialog';
import { ExpenseForm } from './ExpenseForm';
import { MoneyOutTable } from './MoneyOutTable';
import { PayForm } from './PayForm';

const localDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/**
 * The bookkeeper's money: the period's expenses and a form for a new one (expense.post), what each supplier is owed
 * now (report.settlements) with a payment form (supplier.pay), and the period's payments; an expense or a payment is
 * corrected by cancelling it (expense.cancel or supplier.cancelPayment post the reversal today).
 */
export function MoneyScreen() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const qc = useQueryClient();
  const today = localDay(new Date());
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const [chosen, setChosen] = useState<number | null>(null);
  const [cancelling, setCancelling] = useState<Cancelling | null>(null);
  const period = from && to && from <= to ? { from, to } : null;
  const expenses = useApiQuery('expense.list', { ...(period ?? { from: today, to: today }), type: 'expense' }, { enabled: !!period });
  const payments = useApiQuery(
    'expense.list',
    { ...(period ?? { from: today, to: today }), type: 'supplier_payment' },
    { enabled: !!period },
  );
  // What is owed now: everything up to today.
  const owed = useApiQuery('report.settlements', { from: today, to: today });
  const suppliers = (owed.data?.rows ?? []).map((r) => ({
    id: r.supplierId as number,
    name: r.name as string,
    closing: r.closing as number,
  }));
  const refresh = () => {
    for (const key of ['expense.list', 'report.settlements', 'report.pnl', 'report.cashflow'])
      void qc.invalidateQueries({ queryKey: [key] });
  };
  const cancelOf = (method: Cancelling['method']) => (r: { id: number; number: string }) => setCancelling({ ...r, method });
  const cancelExpense = can('expense.post') ? cancelOf('expense.cancel') : undefined;
  const cancelPayment = can('supplier.pay') ? cancelOf('supplier.cancelPayment') : undefined;

  return (
    <Stack maw={1500} mx="auto" data-testid="money-screen">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('money.title')}</Title>
        <Group>
          <TextInput
            type="date"
            label={t('money.from')}
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
            data-testid="money-from"
          />
          <TextInput type="date" label={t('money.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} data-testid="money-to" />
        </Group>
      </Group>
      <ErrorAlert error={expenses.error ?? payments.error ?? owed.error} testId="money-error" />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack>
            <Title order={3}>{t('money.expenses')}</Title>
            <MoneyOutTable list={expenses.data} kind="expense" onCancel={cancelExpense} testId="expense-list" />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>{can('expense.post') && <ExpenseForm onPosted={refresh} />}</Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack>
            <Title order={3}>{t('money.suppliers')}</Title>
            {suppliers.length ? (
              <Table striped data-testid="supplier-owed">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('money.supplier')}</Table.Th>
                    <Table.Th ta="right">{t('money.owed')}</Table.Th>
                    {can('supplier.pay') && <Table.Th aria-label={t('money.pay')} />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {suppliers.map((s) => (
                    <Table.Tr key={s.id} data-supplier={s.name}>
                      <Table.Td>{s.name}</Table.Td>
                      <Table.Td ta="right">{fmt.money(s.closing)}</Table.Td>
                      {can('supplier.pay') && (
                        <Table.Td>
                          <Button size="xs" variant="subtle" onClick={() => setChosen(s.id)} aria-label={`${t('money.pay')}: ${s.name}`}>
                            {t('money.pay')}
                          </Button>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            ) : (
              <Text c="dimmed">{t('money.noSuppliers')}</Text>
            )}
            <Title order={3}>{t('money.payments')}</Title>
            <MoneyOutTable list={payments.data} kind="supplier_payment" onCancel={cancelPayment} testId="payment-list" />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          {can('supplier.pay') && <PayForm suppliers={suppliers} chosen={chosen} onPosted={refresh} />}
        </Grid.Col>
      </Grid>
      <CancelDialog
        doc={cancelling}
        onClose={(done) => {
          setCancelling(null);
          if (done) refresh();
        }}
      />
    </Stack>
  );
}
