import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cart } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { PayFields, usePayment, type Payment } from './PayFields';

export type { Payment } from './PayFields';

interface Props {
  cart: Cart;
  /** Posts the sale; rejects with the failure to show. */
  onPay(payments: Payment[]): Promise<void>;
  onClose(): void;
}

/** Cash, card, or both: card takes its part of the total exactly, cash covers the rest with change. */
export function PayDialog({ cart, onPay, onClose }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const p = usePayment(cart.total, cart.cashTotal);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const canPay = p.valid && !busy;

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!canPay) return;
    setBusy(true);
    setError(null);
    try {
      await onPay(p.payments());
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Modal
      opened
      onClose={busy ? () => {} : onClose}
      title={t('pay.title')}
      size="lg"
      centered
      closeOnClickOutside={!busy}
      closeOnEscape={!busy}
    >
      <form onSubmit={(e) => void submit(e)} data-testid="pay-dialog">
        <Stack>
          <Group justify="space-between">
            <Text size="lg">{t('pay.total')}</Text>
            <Text size="xl" fw={700} data-testid="pay-total" data-amount={cart.total}>
              {f.money(cart.total)}
            </Text>
          </Group>
          <PayFields p={p} />
          <ErrorAlert error={error} testId="pay-error" />
          <Group justify="flex-end" grow>
            <Button variant="default" onClick={onClose} disabled={busy}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" data-testid="pay-confirm" loading={busy} disabled={!canPay}>
              {t('pay.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
