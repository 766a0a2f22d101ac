import { Button, Group, Paper, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../../ui/ErrorAlert';

/** The closed period: shown to whoever sees reports; locked and unlocked by those with period.lock. */
export function PeriodLockPanel() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const qc = useQueryClient();
  const lock = useApiQuery('period.get', {});
  const doLock = useApiMutation('period.lock');
  const doUnlock = useApiMutation('period.unlock');
  const [through, setThrough] = useState('');
  const [reason, setReason] = useState('');
  const refresh = () => void qc.invalidateQueries({ queryKey: ['period.get'] });
  const locked = lock.data?.lockedThrough ?? null;
  return (
    <Paper withBorder p="sm">
      <Group justify="space-between" align="flex-end">
        <Text fw={600} data-testid="period-state" data-locked-through={locked ?? ''}>
          {locked
            ? t('period.lockedThrough', { date: new Date(`${locked}T00:00:00`).toLocaleDateString(i18n.language) })
            : t('period.open')}
        </Text>
        {can('period.lock') && (
          <Group align="flex-end">
            <TextInput type="date" label={t('period.through')} value={through} onChange={(e) => setThrough(e.currentTarget.value)} />
            <Button disabled={!through} loading={doLock.isPending} onClick={() => doLock.mutate({ through }, { onSuccess: refresh })}>
              {t('period.lock')}
            </Button>
            {locked && (
              <>
                <TextInput label={t('period.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
                <Button
                  variant="default"
                  disabled={!reason.trim()}
                  loading={doUnlock.isPending}
                  onClick={() => doUnlock.mutate({ through: null, reason }, { onSuccess: refresh })}
                >
                  {t('period.unlock')}
                </Button>
              </>
            )}
          </Group>
        )}
      </Group>
      <ErrorAlert error={doLock.error ?? doUnlock.error} testId="period-error" />
    </Paper>
  );
}
