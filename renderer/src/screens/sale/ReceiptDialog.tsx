import { Button, Code, Group, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import { useApiQuery } from '../../api/hooks';
import type { PostResult } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';

/** After a payment: change due in big type, the receipt as it printed, and a reprint for a jammed or lost one. */
export function ReceiptDialog({ sale, onClose }: { sale: PostResult; onClose(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const preview = useApiQuery('receipt.preview', { docId: sale.id }, { staleTime: Infinity });
  const [reprint, setReprint] = useState<'idle' | 'busy' | 'queued'>('idle');
  const [error, setError] = useState<unknown>(null);

  const doReprint = async () => {
    setReprint('busy');
    setError(null);
    try {
      await request('receipt.reprint', { docId: sale.id });
      setReprint('queued');
    } catch (err) {
      setError(err);
      setReprint('idle');
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('receipt.title', { number: sale.number })} size="lg" centered>
      <Stack data-testid="receipt-dialog" data-number={sale.number}>
        <Group justify="space-between">
          <Text size="xl">{t('receipt.change')}</Text>
          <Text size="40px" fw={700} data-testid="receipt-change" data-amount={sale.change}>
            {f.money(sale.change)}
          </Text>
        </Group>
        <ErrorAlert error={preview.error} testId="receipt-preview-error" />
        {preview.data && (
          <ScrollArea.Autosize mah={360}>
            <Code block data-testid="receipt-preview" style={{ whiteSpace: 'pre', fontSize: 13, width: 'fit-content', margin: '0 auto' }}>
              {preview.data.text}
            </Code>
          </ScrollArea.Autosize>
        )}
        <ErrorAlert error={error} testId="receipt-reprint-error" />
        {reprint === 'queued' && (
          <Text c="teal" data-testid="receipt-reprinted">
            {t('receipt.queued')}
          </Text>
        )}
        <Group grow>
          <Button variant="default" data-testid="receipt-reprint" loading={reprint === 'busy'} onClick={() => void doReprint()}>
            {t('receipt.reprint')}
          </Button>
          <Button data-testid="receipt-close" data-autofocus onClick={onClose}>
            {t('receipt.next')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
