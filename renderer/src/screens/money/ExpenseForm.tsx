import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPENSE_CATEGORIES } from '../../../../core/contract/methods/expenses';
import { useApiMutation } from '../../api/hooks';
import { SelectField } from '../../ui/form/fields';
import { useZodForm } from '../../ui/form/useZodForm';
import { useFormat } from '../../ui/format';
import { newUuid } from '../../ui/uuid';
import { MoneyEntryForm } from './MoneyEntryForm';
import { emptyExpense, expenseForm } from './moneyForms';

/** A new expense (expense.post): category, amount, from the drawer or the bank, a day gone by with doc.backdate. */
export function ExpenseForm({ onPosted }: { onPosted(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
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
    <MoneyEntryForm
      control={form.control}
      testId="expense"
      title={t('money.newExpense')}
      subject={
        <SelectField
          control={form.control}
          name="category"
          label={t('money.category')}
          data-testid="expense-category"
          data={EXPENSE_CATEGORIES.map((c) => ({ value: c, label: t(`money.categories.${c}`) }))}
        />
      }
      methods={(['bank', 'cash'] as const).map((m) => ({ value: m, label: t(`money.methods.${m}`) }))}
      submitLabel={t('money.record')}
      pending={post.isPending}
      error={post.error}
      done={done && t('money.recorded', { number: done })}
      onSubmit={(e) => void submit(e)}
    />
  );
}
