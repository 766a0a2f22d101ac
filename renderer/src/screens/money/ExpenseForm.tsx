import { Alert, Button, Group, Paper, Stack, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPENSE_CATEGORIES } from '../../../../core/contract/methods/expenses';
import { useApiMutation } from '../../api/hooks';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/form/fields';
import { useZodForm } from '../../ui/form/useZodForm';
import { useFormat } from '../../ui/format';
import { newUuid } from '../../ui/uuid';
import { emptyExpense, expenseForm } from './moneyForms';

/** A new expense (expense.post): category, amount, from the drawer or the bank, a day gone by with doc.backdate. */
export function ExpenseForm({ onPosted }: { onPosted(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const post = useApiMutation('expense.post');
  const [done, setDone] = useState<string | null>(null);
  const schema = useMemo(() => expenseForm(fmt.parseMoney), [fmt.parseMoney]);
  const form = useZodForm(schema, { defaultValues: emptyExpense });
  const submit = form.handleSubmit((v) => {
    if (post.isPending) return;
    setDone(null);
    post.mutate(
      { uuid: newUuid(), ...v },
      {
        onSuccess: (r) => {
          setDone(r.number);
          form.reset(emptyExpense);
          onPosted();
        },
      },
    );
  });
  return (
    <Paper withBorder p="sm">
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="expense-form">
        <Stack gap="xs">
          <Title order={3}>{t('money.newExpense')}</Title>
          <Group align="flex-start" grow>
            <SelectField
              control={form.control}
              name="category"
              label={t('money.category')}
              data-testid="expense-category"
              data={EXPENSE_CATEGORIES.map((c) => ({ value: c, label: t(`money.categories.${c}`) }))}
            />
            <TextField
              control={form.control}
              name="amount"
              label={t('money.amount')}
              messages={{ too_small: 'money.badMoney' }}
              inputMode="decimal"
              autoComplete="off"
              data-testid="expense-amount"
              required
            />
            <SelectField
              control={form.control}
              name="method"
              label={t('money.method')}
              data-testid="expense-method"
              data={(['bank', 'cash'] as const).map((m) => ({ value: m, label: t(`money.methods.${m}`) }))}
            />
            {can('doc.backdate') && (
              <TextField
                control={form.control}
                name="businessDate"
                type="date"
                label={t('money.date')}
                description={t('money.dateHint')}
                data-testid="expense-date"
              />
            )}
          </Group>
          <TextField control={form.control} name="note" label={t('money.note')} maxLength={500} data-testid="expense-note" />
          <ErrorAlert error={post.error} testId="expense-error" />
          {done && (
            <Alert color="green" variant="light" data-testid="expense-done">
              {t('money.recorded', { number: done })}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={post.isPending} data-testid="expense-submit">
              {t('money.record')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
