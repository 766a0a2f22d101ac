// Money is integer minor units and quantities integer thousandths: numbers are turned into decimal
// strings by string surgery and handed to Intl as strings (ES2023), so no float ever rounds a kopeck.
import { currencyDigits, formatMoney, toDecimal } from '../../../core/contract/money-format';
import type { Unit } from '../api/types';

// One copy of the money formatting, the core's (labels, price tags): the screens show what the labels print.
export { currencyDigits, formatMoney, toDecimal };

/** "12,5" / "12.50" / "1 234,5" → integer scaled by 10^digits; null if not a plain non-negative number or too precise. */
export function parseDecimal(text: string, digits: number): number | null {
  const clean = text.replace(/[\s\u00a0\u202f']/g, '').replace(',', '.');
  const m = /^(\d*)(?:\.(\d*))?$/.exec(clean);
  if (!m || (m[1] === '' && !m[2])) return null;
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  const n = Number((m[1] || '0') + frac.padEnd(digits, '0'));
  return Number.isSafeInteger(n) ? n : null;
}

// Building an Intl formatter costs far more than using one, and a cart repaints dozens of amounts per scan.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, f);
  }
  return f;
}

/** For an input field: the plain decimal a cashier would type, e.g. "1234.50". */
export const moneyToInput = (minor: number, currency: string): string => toDecimal(minor, currencyDigits(currency));
export const parseMoney = (text: string, currency: string): number | null => parseDecimal(text, currencyDigits(currency));

/** Thousandths to a localized number: whole pieces show no decimals, weights up to three. */
export function formatQtyNumber(qty: number, locale: string): string {
  return numberFormat(locale, { maximumFractionDigits: 3 }).format(toDecimal(qty, 3));
}

export const qtyToInput = (qty: number): string => toDecimal(qty, 3).replace(/\.?0+$/, '');
export const parseQty = (text: string): number | null => parseDecimal(text, 3);

export function formatQty(qty: number, unit: Unit, locale: string, unitLabel: (u: Unit) => string): string {
  return `${formatQtyNumber(qty, locale)} ${unitLabel(unit)}`;
}

/** price per whole unit × thousandths, rounded half away from zero, as the core does; BigInt avoids 2^53 overflow. */
export function lineAmount(price: number, qty: number): number {
  const n = BigInt(price) * BigInt(qty);
  const q = (n * 2n + 1000n) / 2000n;
  return Number(q);
}

export function formatDateTime(iso: string | null, locale: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  let f = dateFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
    dateFormats.set(locale, f);
  }
  return f.format(d);
}
