import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation } from '../../api/hooks';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { newUuid } from '../../ui/uuid';

/** Cancels an expense or a supplier payment (doc.cancel): the reversal is posted today, the reason is required. */
export function CancelDialog({ doc, onClose }: { doc: { id: number; number: string } | null; onClose(done: boolean): void }) {
  const { t } = useTranslation();
  const cancel = useApiMutation('doc.cancel');
  const [reason, setReason] = useState('');
  const close = (done: boolean) => {
    setReason('');
    cancel.reset();
    onClose(done);
  };
  return (
    <Modal opened={doc !== null} onClose={() => close(false)} title={doc ? t('money.cancelTitle', { number: doc.number }) : ''}>
      <Stack>
        <Text size="sm">{t('money.cancelHint')}</Text>
        <TextInput label={t('money.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
        <ErrorAlert error={cancel.error} testId="money-cancel-error" />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => close(false)}>
            {t('money.close')}
          </Button>
          <Button
            color="red"
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
