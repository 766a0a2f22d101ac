import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Unit } from '../api/types';
import { formatDateTime, formatMoney, formatQty, moneyToInput, parseMoney } from '../i18n/format';
import { useSession } from '../session/session';

/** Formatters bound to the current language and the shop's currency. */
export function useFormat() {
  const { t, i18n } = useTranslation();
  const { info } = useSession();
  const locale = i18n.language;
  const currency = info.currency;
  return useMemo(() => {
    // A unit's name, translated once per language: a scan formats a quantity or two, and each t() call costs.
    const units = new Map<Unit, string>();
    const unitLabel = (u: Unit): string => {
      let label = units.get(u);
      if (label === undefined) units.set(u, (label = t(`units.${u}`)));
      return label;
    };
    return {
      money: (minor: number) => formatMoney(minor, locale, currency),
      moneyInput: (minor: number) => moneyToInput(minor, currency),
      parseMoney: (text: string) => parseMoney(text, currency),
      qty: (qty: number, unit: Unit) => formatQty(qty, unit, locale, unitLabel),
      date: (iso: string | null) => formatDateTime(iso, locale),
      /** A count (rows, products), grouped as the language writes thousands. */
      count: (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n),
    };
  }, [locale, currency, t]);
}
