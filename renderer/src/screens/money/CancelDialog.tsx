import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation } from '../../api/hooks';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { newUuid } from '../../ui/uuid';

/** What is cancelled, and by which method: each kind by the right of whoever enters it. */
export interface Cancelling {
  id: number;
  number: string;
  method: 'expense.cancel' | 'supplier.cancelPayment';
}

/** Cancels an expense or a supplier payment: the reversal is posted today, the reason is required. */
export function CancelDialog({ doc, onClose }: { doc: Cancelling | null; onClose(done: boolean): void }) {
  const { t } = useTranslation();
  const expense = useApiMutation('expense.cancel');
  const payment = useApiMutation('supplier.cancelPayment');
  const cancel = doc?.method === 'supplier.cancelPayment' ? payment : expense;
  const [reason, setReason] = useState('');
  const close = (done: boolean) => {
    setReason('');
    expense.reset();
    payment.reset();
    onClose(done);
  };
  return (
    <Modal opened={doc !== null} onClose={() => close(false)} title={doc ? t('money.cancelTitle', { number: doc.number }) : ''}>
      <Stack>
        <Text size="sm">{t('money.cancelHint')}</Text>
        <TextInput
          label={t('money.reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          data-autofocus
          data-testid="money-cancel-reason"
        />
        <ErrorAlert error={cancel.error} testId="money-cancel-error" />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => close(false)}>
            {t('money.close')}
          </Button>
          <Button
            color="red"
            data-testid="money-cancel-confirm"
            disabled={!reason.trim()}
            loading={cancel.isPending}
            onClick={() => doc && cancel.mutate({ id: doc.id, uuid: newUuid(), reason: reason.trim() }, { onSuccess: () => close(true) })}
          >
            {t('money.confirmCancel')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
