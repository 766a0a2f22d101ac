import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation } from '../../api/hooks';
import type { ApiOutput } from '../../api/types';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../../ui/ErrorAlert';

type Order = ApiOutput<'store.order'>;
const OPEN: readonly Order['status'][] = ['parked', 'reserved', 'picking', 'ready'];

/** An open order cancelled in Lavka (store.cancel, a manager's call): its reservation released, the store told; asked once more first. */
export function CancelOrder({ order }: { order: Order }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const client = useQueryClient();
  const cancel = useApiMutation('store.cancel');
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  if (cancel.data)
    return (
      <Alert color="gray" variant="light" data-testid="order-cancelled">
        {t('orders.cancelDone')}
      </Alert>
    );
  if (!can('doc.cancel') || !OPEN.includes(order.status)) return null;
  const run = () =>
    cancel.mutate(
      { orderId: order.orderId, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      {
        onSuccess: (o) => {
          client.setQueryData(['store.order', { orderId: o.orderId }], o);
          void client.invalidateQueries({ queryKey: ['store.orders'] });
        },
      },
    );
  return (
    <Stack gap="xs">
      <ErrorAlert error={cancel.error} testId="order-cancel-error" />
      {asking ? (
        <>
          <Text>{t('orders.cancelConfirm')}</Text>
          <TextInput label={t('orders.cancelReason')} value={reason} maxLength={200} onChange={(e) => setReason(e.currentTarget.value)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsking(false)} disabled={cancel.isPending}>
              {t('orders.keep')}
            </Button>
            <Button color="red.9" data-testid="order-cancel-confirm" loading={cancel.isPending} onClick={run}>
              {t('orders.cancel')}
            </Button>
          </Group>
        </>
      ) : (
        <Button variant="subtle" color="red.9" data-testid="order-cancel" onClick={() => setAsking(true)}>
          {t('orders.cancel')}
        </Button>
      )}
    </Stack>
  );
}
