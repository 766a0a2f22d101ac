import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../ui/format';

// What the till takes; `online` is only ever the web store's prepayment.
export type Payment = { method: 'cash' | 'card'; amount: number };

/**
 * Cash, card, or both against an amount due: card takes its part exactly, cash covers the rest with change. The sale's
 * pay dialog and a web order's remainder share it; `cashTotal` is the amount after the shop's cash rounding (the
 * same as `total` where none applies).
 */
export function usePayment(total: number, cashTotal: number) {
  const f = useFormat();
  const [cardText, setCardText] = useState('');
  const [cashText, setCashText] = useState(() => f.moneyInput(cashTotal));

  const card = cardText.trim() ? f.parseMoney(cardText) : 0;
  const cardTooBig = card !== null && card > total;
  // All in cash: the shop's cash rounding applies. Partly by card: cash covers exactly the rest.
  const due = card === null || cardTooBig ? null : card === 0 ? cashTotal : total - card;
  const tendered = due === 0 ? 0 : cashText.trim() ? f.parseMoney(cashText) : 0;
  const short = due !== null && tendered !== null && tendered < due ? due - tendered : 0;
  const change = due !== null && tendered !== null && !short ? tendered - due : 0;
  const valid = due !== null && tendered !== null && !short && (card ?? 0) + tendered > 0;

  const payments = (): Payment[] => [
    ...(card ? [{ method: 'card' as const, amount: card }] : []),
    ...(due && tendered ? [{ method: 'cash' as const, amount: tendered }] : []),
  ];
  return {
    total,
    cardText,
    setCardText,
    cashText,
    setCashText,
    card,
    cardTooBig,
    due,
    tendered,
    short,
    change,
    valid,
    payments,
    allCard: () => (setCardText(f.moneyInput(total)), setCashText('')),
    allCash: () => (setCardText(''), setCashText(f.moneyInput(cashTotal))),
  };
}

export type PaymentState = ReturnType<typeof usePayment>;

/** The all-cash and all-card buttons, the card and cash fields and the change. */
export function PayFields({ p, cashRef }: { p: PaymentState; cashRef?: Ref<HTMLInputElement> }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Stack>
      <Group grow>
        <Button variant="light" data-testid="pay-all-cash" onClick={p.allCash}>
          {t('pay.allCash')}
        </Button>
        <Button variant="light" data-testid="pay-all-card" onClick={p.allCard}>
          {t('pay.allCard')}
        </Button>
      </Group>
      <TextInput
        label={t('pay.card')}
        data-testid="card-input"
        inputMode="decimal"
        autoComplete="off"
        value={p.cardText}
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => p.setCardText(e.currentTarget.value)}
        error={p.card === null ? t('pay.invalid') : p.cardTooBig ? t('pay.cardTooBig') : null}
        styles={{ input: { fontSize: 22, textAlign: 'right' } }}
      />
      <TextInput
        label={p.due ? t('pay.tenderedFor', { due: f.money(p.due) }) : t('pay.tendered')}
        data-testid="tendered-input"
        ref={cashRef}
        inputMode="decimal"
        autoComplete="off"
        data-autofocus
        disabled={p.due === 0}
        value={p.due === 0 ? '' : p.cashText}
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => p.setCashText(e.currentTarget.value)}
        error={p.tendered === null ? t('pay.invalid') : p.short ? t('pay.short', { missing: f.money(p.short) }) : null}
        styles={{ input: { fontSize: 24, textAlign: 'right' } }}
      />
      <Group justify="space-between">
        <Text size="lg">{t('pay.change')}</Text>
        <Text size="xl" fw={700} data-testid="pay-change" data-amount={p.change}>
          {f.money(p.change)}
        </Text>
      </Group>
    </Stack>
  );
}
