import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cart } from '../../api/types';
import { filler, slot } from '../../i18n/fill';
import { toDecimal } from '../../i18n/format';
import { useFormat } from '../../ui/format';
import css from './Totals.module.css';

/** Basis points as a percent string: 1000 → "10", 250 → "2.5". */
export const percent = (bp: number): string => toDecimal(bp, 2).replace(/\.?0+$/, '');

/** A row re-renders only when its own text changes: a scan changes the sums, rarely the labels or the other taxes. */
const Row = memo(function Row({
  label,
  value,
  testId,
  amount,
  strong,
}: {
  label: string;
  value: string;
  testId?: string;
  amount?: number;
  strong?: boolean;
}) {
  return (
    <div className={strong ? css.strong : css.row} data-testid={testId} data-amount={amount}>
      <span>{label}</span>
      <span>{value}</span>
    </div>
  );
});

/**
 * What the totals print that does not depend on the sums, made once per language by a part that does not re-render
 * per scan (Counter): a scan re-renders the totals, and each useTranslation and t() call costs (i18n/fill.ts).
 */
export function useTotalsText() {
  const { t } = useTranslation();
  const f = useFormat();
  return useMemo(
    () => ({
      f,
      subtotal: t('sale.subtotal'),
      receiptDiscount: t('sale.receiptDiscount'),
      total: t('sale.total'),
      cashTotal: t('sale.cashTotal'),
      loyalty: filler(t('sale.receiptDiscountLoyalty', { percent: slot(0) })),
      taxLine: filler(t('sale.taxLine', { rate: slot(0), amount: slot(1) })),
    }),
    [t, f],
  );
}
type TotalsText = ReturnType<typeof useTotalsText>;

/** One VAT rate's line: re-rendered only when its sums change (a scan touches one rate). */
const TaxRow = memo(function TaxRow({ rateBp, amount, tax, text }: { rateBp: number; amount: number; tax: number; text: TotalsText }) {
  return (
    <div className={css.tax} data-testid="sale-tax" data-rate={rateBp} data-tax={tax} data-amount={amount}>
      <span>{text.taxLine(percent(rateBp), text.f.money(amount))}</span>
      <span>{text.f.money(tax)}</span>
    </div>
  );
});

/** Plain elements, not Mantine's: they re-render with every scan (see CartLines.module.css). */
export function Totals({ cart, text }: { cart: Cart; text: TotalsText }) {
  const { f } = text;
  return (
    <div className={css.totals} aria-live="polite">
      <Row label={text.subtotal} value={f.money(cart.subtotal)} testId="sale-subtotal" amount={cart.subtotal} />
      {cart.receiptDiscount > 0 && (
        <Row
          label={cart.loyaltyBp ? text.loyalty(percent(cart.loyaltyBp)) : text.receiptDiscount}
          value={`−${f.money(cart.receiptDiscount)}`}
          testId="sale-receipt-discount"
          amount={cart.receiptDiscount}
        />
      )}
      <div className={css.taxes} data-testid="sale-taxes">
        {cart.taxes.map((tx) => (
          <TaxRow key={tx.rateBp} rateBp={tx.rateBp} amount={tx.amount} tax={tx.tax} text={text} />
        ))}
      </div>
      <hr className={css.divider} />
      <Row label={text.total} value={f.money(cart.total)} testId="sale-total" amount={cart.total} strong />
      {cart.cashTotal !== cart.total && (
        <Row label={text.cashTotal} value={f.money(cart.cashTotal)} testId="sale-cash-total" amount={cart.cashTotal} />
      )}
    </div>
  );
}
