import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cart } from '../../api/types';
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

/** One VAT rate's line: translated only when its sums change (each t() call costs; a scan touches one rate). */
const TaxRow = memo(function TaxRow({ rateBp, amount, tax }: { rateBp: number; amount: number; tax: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div className={css.tax} data-testid="sale-tax" data-rate={rateBp} data-tax={tax} data-amount={amount}>
      <span>{t('sale.taxLine', { rate: percent(rateBp), amount: f.money(amount) })}</span>
      <span>{f.money(tax)}</span>
    </div>
  );
});

/** Plain elements, not Mantine's: they re-render with every scan (see CartLines.module.css). */
export function Totals({ cart }: { cart: Cart }) {
  const { t } = useTranslation();
  const f = useFormat();
  // The labels that do not depend on the sums, translated once per language.
  const label = useMemo(
    () => ({
      subtotal: t('sale.subtotal'),
      receiptDiscount: t('sale.receiptDiscount'),
      total: t('sale.total'),
      cashTotal: t('sale.cashTotal'),
    }),
    [t],
  );
  return (
    <div className={css.totals} aria-live="polite">
      <Row label={label.subtotal} value={f.money(cart.subtotal)} testId="sale-subtotal" amount={cart.subtotal} />
      {cart.receiptDiscount > 0 && (
        <Row
          label={cart.loyaltyBp ? t('sale.receiptDiscountLoyalty', { percent: percent(cart.loyaltyBp) }) : label.receiptDiscount}
          value={`−${f.money(cart.receiptDiscount)}`}
          testId="sale-receipt-discount"
          amount={cart.receiptDiscount}
        />
      )}
      <div data-testid="sale-taxes">
        {cart.taxes.map((tx) => (
          <TaxRow key={tx.rateBp} rateBp={tx.rateBp} amount={tx.amount} tax={tx.tax} />
        ))}
      </div>
      <hr className={css.divider} />
      <Row label={label.total} value={f.money(cart.total)} testId="sale-total" amount={cart.total} strong />
      {cart.cashTotal !== cart.total && (
        <Row label={label.cashTotal} value={f.money(cart.cashTotal)} testId="sale-cash-total" amount={cart.cashTotal} />
      )}
    </div>
  );
}
