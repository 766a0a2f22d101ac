// Money as people read it, shared by the core (labels, price tags) and meant for the renderer too: the same
// functions as renderer/src/i18n/format.ts, which can re-export these instead of keeping its own copy.
// Minor units are turned into a decimal string by string surgery and handed to Intl as a string (ES2023), so no
// float ever rounds a kopeck.

type Decimal = `${number}`;

/** Inserts a decimal point `digits` places from the right of an integer: (123450, 2) -> "1234.50". */
export function toDecimal(units: number, digits: number): Decimal {
  const sign = units < 0 ? '-' : '';
  const abs = String(Math.abs(Math.trunc(units)));
  if (digits === 0) return `${sign}${abs}` as Decimal;
  const padded = abs.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}` as Decimal;
}

const digitsCache = new Map<string, number>();
// Building an Intl formatter costs far more than using one; a label sheet formats hundreds of prices.
const formats = new Map<string, Intl.NumberFormat>();

/** ISO 4217 minor-unit digits as Intl knows them (RUB 2, JPY 0). */
export function currencyDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    try {
      d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      // A code Intl does not know (a typo in settings): most currencies have 2 minor digits.
      d = 2;
    }
    digitsCache.set(currency, d);
  }
  return d;
}

/**
 * "1 234,50 ₽" (ru, NBSP between groups and before the sign), "$1,234.50" (en, USD); with `display` 'code'
 * "1 234,50 RUB", for a printer whose code page has no sign for the currency.
 */
export function formatMoney(minor: number, locale: string, currency: string, display: 'symbol' | 'code' = 'symbol'): string {
  const digits = currencyDigits(currency);
  const key = `${locale}|${currency}|${display}`;
  let f = formats.get(key);
  if (!f) {
    const options = {
      style: 'currency',
      currency,
      currencyDisplay: display,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    } as const;
    f = new Intl.NumberFormat(locale, options);
    formats.set(key, f);
  }
  return f.format(toDecimal(minor, digits));
}
