import { Button, Center, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation } from '../../api/hooks';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';

/** No open shift, no sale: the cashier counts the float into the drawer and opens one. */
export function OpenShift() {
  const { t } = useTranslation();
  const f = useFormat();
  const client = useQueryClient();
  const open = useApiMutation('shift.open');
  const [text, setText] = useState('');
  const float = text.trim() ? f.parseMoney(text) : 0;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (float === null || open.isPending) return;
    open.mutate({ float }, { onSuccess: (shift) => client.setQueryData(['shift.current', {}], shift) });
  };

  return (
    <Center py="xl">
      <Paper withBorder p="xl" maw={480} w="100%">
        <form onSubmit={submit} data-testid="shift-closed">
          <Stack>
            <Title order={3}>{t('shift.closedTitle')}</Title>
            <Text c="dimmed">{t('shift.closedHint')}</Text>
            <TextInput
              label={t('shift.float')}
              data-testid="shift-float"
              inputMode="decimal"
              autoComplete="off"
              autoFocus
              placeholder="0"
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              error={float === null ? t('pay.invalid') : null}
              styles={{ input: { fontSize: 24, textAlign: 'right' } }}
            />
            <ErrorAlert error={open.error} testId="shift-open-error" />
            <Button type="submit" size="xl" data-testid="shift-open" loading={open.isPending} disabled={float === null}>
              {t('shift.open')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
