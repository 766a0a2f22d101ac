import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cart } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';

// What the till takes; `online` is only ever the web store's prepayment.
export type Payment = { method: 'cash' | 'card'; amount: number };

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
  const [cardText, setCardText] = useState('');
  const [cashText, setCashText] = useState(() => f.moneyInput(cart.cashTotal));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const card = cardText.trim() ? f.parseMoney(cardText) : 0;
  const cardTooBig = card !== null && card > cart.total;
  // All in cash: the shop's cash rounding applies. Partly by card: cash covers exactly the rest.
  const due = card === null || cardTooBig ? null : card === 0 ? cart.cashTotal : cart.total - card;
  const tendered = due === 0 ? 0 : cashText.trim() ? f.parseMoney(cashText) : 0;
  const short = due !== null && tendered !== null && tendered < due ? due - tendered : 0;
  const change = due !== null && tendered !== null && !short ? tendered - due : 0;
  const canPay = due !== null && tendered !== null && !short && !busy && (card ?? 0) + tendered > 0;

  const payments = (): Payment[] => [
    ...(card ? [{ method: 'card' as const, amount: card }] : []),
    ...(due && tendered ? [{ method: 'cash' as const, amount: tendered }] : []),
  ];

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!canPay) return;
    setBusy(true);
    setError(null);
    try {
      await onPay(payments());
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const allCard = () => (setCardText(f.moneyInput(cart.total)), setCashText(''));
  const allCash = () => (setCardText(''), setCashText(f.moneyInput(cart.cashTotal)));

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
          <Group grow>
            <Button variant="light" data-testid="pay-all-cash" onClick={allCash}>
              {t('pay.allCash')}
            </Button>
            <Button variant="light" data-testid="pay-all-card" onClick={allCard}>
              {t('pay.allCard')}
            </Button>
          </Group>
          <TextInput
            label={t('pay.card')}
            data-testid="card-input"
            inputMode="decimal"
            autoComplete="off"
            value={cardText}
            onFocus={(e) => e.currentTarget.select()}
            onChange={(e) => setCardText(e.currentTarget.value)}
            error={card === null ? t('pay.invalid') : cardTooBig ? t('pay.cardTooBig') : null}
            styles={{ input: { fontSize: 22, textAlign: 'right' } }}
          />
          <TextInput
            label={due ? t('pay.tenderedFor', { due: f.money(due) }) : t('pay.tendered')}
            data-testid="tendered-input"
            inputMode="decimal"
            autoComplete="off"
            data-autofocus
            disabled={due === 0}
            value={due === 0 ? '' : cashText}
            onFocus={(e) => e.currentTarget.select()}
            onChange={(e) => setCashText(e.currentTarget.value)}
            error={tendered === null ? t('pay.invalid') : short ? t('pay.short', { missing: f.money(short) }) : null}
            styles={{ input: { fontSize: 24, textAlign: 'right' } }}
          />
          <Group justify="space-between">
            <Text size="lg">{t('pay.change')}</Text>
            <Text size="xl" fw={700} data-testid="pay-change" data-amount={change}>
              {f.money(change)}
            </Text>
          </Group>
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
