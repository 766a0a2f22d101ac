import { useTranslation } from 'react-i18next';
import type { Cart } from '../../api/types';
import { toDecimal } from '../../i18n/format';
import { useFormat } from '../../ui/format';
import css from './Totals.module.css';

/** Basis points as a percent string: 1000 → "10", 250 → "2.5". */
export const percent = (bp: number): string => toDecimal(bp, 2).replace(/\.?0+$/, '');

function Row({
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
}

/** Plain elements, not Mantine's: they re-render with every scan (see CartLines.module.css). */
export function Totals({ cart }: { cart: Cart }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div className={css.totals} aria-live="polite">
      <Row label={t('sale.subtotal')} value={f.money(cart.subtotal)} testId="sale-subtotal" amount={cart.subtotal} />
      {cart.receiptDiscount > 0 && (
        <Row
          label={cart.loyaltyBp ? t('sale.receiptDiscountLoyalty', { percent: percent(cart.loyaltyBp) }) : t('sale.receiptDiscount')}
          value={`−${f.money(cart.receiptDiscount)}`}
          testId="sale-receipt-discount"
          amount={cart.receiptDiscount}
        />
      )}
      <div data-testid="sale-taxes">
        {cart.taxes.map((tx) => (
          <div key={tx.rateBp} className={css.tax} data-testid="sale-tax" data-rate={tx.rateBp} data-tax={tx.tax} data-amount={tx.amount}>
            <span>{t('sale.taxLine', { rate: percent(tx.rateBp), amount: f.money(tx.amount) })}</span>
            <span>{f.money(tx.tax)}</span>
          </div>
        ))}
      </div>
      <hr className={css.divider} />
      <Row label={t('sale.total')} value={f.money(cart.total)} testId="sale-total" amount={cart.total} strong />
      {cart.cashTotal !== cart.total && (
        <Row label={t('sale.cashTotal')} value={f.money(cart.cashTotal)} testId="sale-cash-total" amount={cart.cashTotal} />
      )}
    </div>
  );
}
