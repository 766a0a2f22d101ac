import { Divider, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Cart } from '../../api/types';
import { toDecimal } from '../../i18n/format';
import { useFormat } from '../../ui/format';

/** Basis points as a percent string: 1000 → "10", 250 → "2.5". */
export const percent = (bp: number): string => toDecimal(bp, 2).replace(/\.?0+$/, '');

function Row({ label, value, testId, amount, strong }: { label: string; value: string; testId?: string; amount?: number; strong?: boolean }) {
  return (
    <Group justify="space-between" wrap="nowrap" data-testid={testId} data-amount={amount}>
      <Text size={strong ? 'xl' : 'md'}>{label}</Text>
      <Text size={strong ? '32px' : 'md'} fw={strong ? 700 : 500}>
        {value}
      </Text>
    </Group>
  );
}

export function Totals({ cart }: { cart: Cart }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Stack gap={4} aria-live="polite">
      <Row label={t('sale.subtotal')} value={f.money(cart.subtotal)} testId="sale-subtotal" amount={cart.subtotal} />
      {cart.receiptDiscount > 0 && (
        <Row
          label={cart.loyaltyBp ? t('sale.receiptDiscountLoyalty', { percent: percent(cart.loyaltyBp) }) : t('sale.receiptDiscount')}
          value={`−${f.money(cart.receiptDiscount)}`}
          testId="sale-receipt-discount"
          amount={cart.receiptDiscount}
        />
      )}
      <Stack gap={0} data-testid="sale-taxes">
        {cart.taxes.map((tx) => (
          <Group key={tx.rateBp} justify="space-between" data-testid="sale-tax" data-rate={tx.rateBp} data-tax={tx.tax} data-amount={tx.amount}>
            <Text size="sm" c="dimmed">
              {t('sale.taxLine', { rate: percent(tx.rateBp), amount: f.money(tx.amount) })}
            </Text>
            <Text size="sm" c="dimmed">
              {f.money(tx.tax)}
            </Text>
          </Group>
        ))}
      </Stack>
      <Divider />
      <Row label={t('sale.total')} value={f.money(cart.total)} testId="sale-total" amount={cart.total} strong />
      {cart.cashTotal !== cart.total && <Row label={t('sale.cashTotal')} value={f.money(cart.cashTotal)} testId="sale-cash-total" amount={cart.cashTotal} />}
    </Stack>
  );
}
