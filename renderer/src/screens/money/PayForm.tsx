import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation } from '../../api/hooks';
import { SelectField } from '../../ui/form/fields';
import { useZodForm } from '../../ui/form/useZodForm';
import { useFormat } from '../../ui/format';
import { newUuid } from '../../ui/uuid';
import { MoneyEntryForm } from './MoneyEntryForm';
import { emptyPay, payForm } from './moneyForms';

/** Pays a supplier (supplier.pay): cash or bank; `chosen` preselects the supplier a row's Pay button named. */
export function PayForm({
  suppliers,
  chosen,
  onPosted,
}: {
  suppliers: { id: number; name: string }[];
  chosen: number | null;
  onPosted(): void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const pay = useApiMutation('supplier.pay');
  const [done, setDone] = useState<string | null>(null);
  const schema = useMemo(() => payForm(fmt.parseMoney), [fmt.parseMoney]);
  const form = useZodForm(schema, { defaultValues: emptyPay });
  useEffect(() => {
    if (chosen !== null) form.setValue('supplierId', String(chosen));
  }, [chosen, form]);
  const submit = form.handleSubmit((v) => {
    if (pay.isPending) return;
    setDone(null);
    pay.mutate(
      { uuid: newUuid(), ...v },
      {
        onSuccess: (r) => {
          setDone(r.number);
          form.reset(emptyPay);
          onPosted();
        },
      },
    );
  });
  return (
    <MoneyEntryForm
      control={form.control}
      testId="pay"
      title={t('money.paySupplier')}
      subject={
        <SelectField
          control={form.control}
          name="supplierId"
          label={t('money.supplier')}
          data-testid="pay-supplier"
          data={[{ value: '', label: t('money.choose') }, ...suppliers.map((s) => ({ value: String(s.id), label: s.name }))]}
        />
      }
      methods={(['bank', 'cash'] as const).map((m) => ({ value: m, label: t(`money.payMethods.${m}`) }))}
      submitLabel={t('money.pay')}
      pending={pay.isPending}
      error={pay.error}
      done={done && t('money.paid', { number: done })}
      onSubmit={(e) => void submit(e)}
    />
  );
}
