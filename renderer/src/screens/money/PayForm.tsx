import { Alert, Button, Group, Paper, Stack, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation } from '../../api/hooks';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/form/fields';
import { useZodForm } from '../../ui/form/useZodForm';
import { useFormat } from '../../ui/format';
import { newUuid } from '../../ui/uuid';
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
  const { can } = useSession();
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
    <Paper withBorder p="sm">
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="pay-form">
        <Stack gap="xs">
          <Title order={3}>{t('money.paySupplier')}</Title>
          <Group align="flex-start" grow>
            <SelectField
              control={form.control}
              name="supplierId"
              label={t('money.supplier')}
              data-testid="pay-supplier"
              data={[{ value: '', label: t('money.choose') }, ...suppliers.map((s) => ({ value: String(s.id), label: s.name }))]}
            />
            <TextField
              control={form.control}
              name="amount"
              label={t('money.amount')}
              messages={{ too_small: 'money.badMoney' }}
              inputMode="decimal"
              autoComplete="off"
              data-testid="pay-amount"
              required
            />
            <SelectField
              control={form.control}
              name="method"
              label={t('money.method')}
              data-testid="pay-method"
              data={(['bank', 'cash'] as const).map((m) => ({ value: m, label: t(`money.payMethods.${m}`) }))}
            />
            {can('doc.backdate') && (
              <TextField
                control={form.control}
                name="businessDate"
                type="date"
                label={t('money.date')}
                description={t('money.dateHint')}
                data-testid="pay-date"
              />
            )}
          </Group>
          <TextField control={form.control} name="note" label={t('money.note')} maxLength={500} data-testid="pay-note" />
          <ErrorAlert error={pay.error} testId="pay-error" />
          {done && (
            <Alert color="green" variant="light" data-testid="pay-done">
              {t('money.paid', { number: done })}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={pay.isPending} data-testid="pay-submit">
              {t('money.pay')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
