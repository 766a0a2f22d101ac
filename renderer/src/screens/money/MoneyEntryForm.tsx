import { Alert, Button, Group, Paper, Stack, Title } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import type { Control, FieldPath, FieldValues } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/form/fields';

/** The fields every money entry has (an expense, a supplier payment), by the names both forms' schemas give them. */
interface EntryFields extends FieldValues {
  amount: string;
  method: string;
  businessDate?: string;
  note?: string;
}

interface Props<T extends EntryFields> {
  control: Control<T, unknown, FieldValues>;
  /** Test ids are `${testId}-form`, `${testId}-amount`, … */
  testId: string;
  title: string;
  /** What the entry is for (a category, a supplier): first in the row. */
  subject: ReactNode;
  methods: { value: string; label: string }[];
  submitLabel: string;
  pending: boolean;
  error: unknown;
  /** The text shown once posted (with the document's number), or null. */
  done: string | null;
  onSubmit(e: FormEvent<HTMLFormElement>): void;
}

/** One layout for a money entry: what for, amount, cash or bank, the day (with doc.backdate), a note, then post. */
export function MoneyEntryForm<T extends EntryFields>(p: Props<T>) {
  const { t } = useTranslation();
  const { can } = useSession();
  const field = (name: keyof EntryFields) => name as FieldPath<T>;
  return (
    <Paper withBorder p="sm">
      <form onSubmit={p.onSubmit} noValidate data-testid={`${p.testId}-form`}>
        <Stack gap="xs">
          <Title order={3}>{p.title}</Title>
          <Group align="flex-start" grow>
            {p.subject}
            <TextField
              control={p.control}
              name={field('amount')}
              label={t('money.amount')}
              messages={{ too_small: 'money.badMoney' }}
              inputMode="decimal"
              autoComplete="off"
              data-testid={`${p.testId}-amount`}
              required
            />
            <SelectField
              control={p.control}
              name={field('method')}
              label={t('money.method')}
              data-testid={`${p.testId}-method`}
              data={p.methods}
            />
            {can('doc.backdate') && (
              <TextField
                control={p.control}
                name={field('businessDate')}
                type="date"
                label={t('money.date')}
                description={t('money.dateHint')}
                data-testid={`${p.testId}-date`}
              />
            )}
          </Group>
          <TextField control={p.control} name={field('note')} label={t('money.note')} maxLength={500} data-testid={`${p.testId}-note`} />
          <ErrorAlert error={p.error} testId={`${p.testId}-error`} />
          {p.done && (
            <Alert color="green" variant="light" data-testid={`${p.testId}-done`}>
              {p.done}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={p.pending} data-testid={`${p.testId}-submit`}>
              {p.submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
