// Cell values of supplier files into the shop's units: money as integer minor units (kopecks), barcodes as digit
// strings, quantities as thousandths. Text amounts are taken apart as decimal strings, never through a float.
import type { RawCell } from './types';

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: 'not_a_number' | 'negative' | 'too_large' };

/** Above 10^10 minor units (100 million roubles) a "price" is a barcode or an article pasted in the wrong column. */
const MAX_MINOR = 1e10;

// Spaces of every width suppliers' software puts between thousands, and currency marks around amounts.
const SPACES = /[\s\u00a0\u2007\u2009\u202f']/g;
const CURRENCY = /^(?:₽|руб\.?|р\.?|rub|rur|\$|€|usd|eur)|(?:₽|руб\.?|р\.?|rub|rur|\$|€|usd|eur)$/giu;

const QUICK = /^(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[.,](\d{1,2}))?$/;

export const isBlank = (cell: RawCell): boolean => cell === null || (typeof cell === 'string' && cell.trim() === '');

export const cellText = (cell: RawCell): string => (cell === null ? '' : typeof cell === 'number' ? numberText(cell) : cell.trim());

/** A number cell as its digits: no exponent for 13-digit barcodes, no float tail. */
export function numberText(n: number): string {
  if (Number.isInteger(n)) return BigInt(n).toString();
  return String(Number(n.toPrecision(15)));
}

/** Minor units from a number cell (float noise like 12.300000001 rounds to the kopeck) or from text. */
export function parseMoney(cell: RawCell): Parsed<number> | null {
  if (isBlank(cell)) return null;
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return { ok: false, code: 'not_a_number' };
    return checked(Math.round(Number((cell * 100).toFixed(6))));
  }
  return parseDecimal(cell as string, 2);
}

/** Thousandths from a quantity cell ("1 200", "0,5"). */
export function parseQty(cell: RawCell): Parsed<number> | null {
  if (isBlank(cell)) return null;
  if (typeof cell === 'number') return checked(Math.round(Number((cell * 1000).toFixed(6))));
  return parseDecimal(cell as string, 3);
}

/**
 * "1 234,50", "1234.5", "1 234,50 ₽", "1.234,50", "1,234.50", "-12,5". With both marks the later one is the
 * decimal point; with one kind only, a single mark is the decimal point and repeated ones separate thousands.
 */
function parseDecimal(text: string, scale: number): Parsed<number> {
  // The common shapes ("1234", "1 234,50", "89.9") without the general path's regexes: a price list is mostly these.
  const quick = QUICK.exec(text);
  if (quick && scale === 2) {
    const whole = Number(quick[1]!.replace(/[ \u00a0]/g, ''));
    return checked(whole * 100 + Number((quick[2] ?? '').padEnd(2, '0')));
  }
  let s = text.replace(SPACES, ' ').trim().replace(CURRENCY, '').trim().replace(/ +/g, ' ');
  // Spaces may only separate thousands: "1 23,50" is a typo, not 123.50.
  if (s.includes(' ') && !/^[-−+(]?\d{1,3}(?: \d{3})+(?:[.,]\d*)?\)?$/.test(s)) return { ok: false, code: 'not_a_number' };
  s = s.replace(/ /g, '');
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true; // accounting style (12,50)
    s = s.slice(1, -1);
  }
  if (s.startsWith('-') || s.startsWith('−')) {
    negative = true;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return { ok: false, code: 'not_a_number' };
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  let point: string | null = null;
  if (lastComma >= 0 && lastDot >= 0) point = lastComma > lastDot ? ',' : '.';
  else if (lastComma >= 0) point = s.indexOf(',') === lastComma ? ',' : null;
  else if (lastDot >= 0) point = s.indexOf('.') === lastDot ? '.' : null;
  const thousands = point === ',' ? '.' : point === '.' ? ',' : lastComma >= 0 ? ',' : '.';
  const [intPart = '', fracPart = '', ...rest] = point ? s.split(point) : [s];
  if (rest.length) return { ok: false, code: 'not_a_number' };
  if (!validGroups(intPart, thousands) || /[^\d]/.test(fracPart)) return { ok: false, code: 'not_a_number' };
  const digits = intPart.split(thousands).join('') || '0';
  const frac = fracPart.padEnd(scale + 1, '0');
  let value = Number(digits) * 10 ** scale + Number(frac.slice(0, scale) || '0');
  if (Number(frac[scale]) >= 5) value += 1; // half away from zero on the first dropped digit
  if (negative && value > 0) return { ok: false, code: 'negative' };
  return checked(value);
}

// Thousands groups after the first are exactly three digits; anything else is not a number we can trust.
function validGroups(intPart: string, sep: string): boolean {
  if (!intPart.includes(sep)) return /^\d*$/.test(intPart);
  const groups = intPart.split(sep);
  return /^\d{1,3}$/.test(groups[0]!) && groups.slice(1).every((g) => /^\d{3}$/.test(g));
}

function checked(value: number): Parsed<number> {
  if (value < 0) return { ok: false, code: 'negative' };
  if (value > MAX_MINOR || !Number.isSafeInteger(value)) return { ok: false, code: 'too_large' };
  return { ok: true, value };
}

/** A barcode cell as digits: a number cell keeps every digit, text keeps its leading zeros; spaces are dropped. */
export function barcodeDigits(cell: RawCell): string {
  if (typeof cell === 'number') return Number.isInteger(cell) && cell >= 0 ? BigInt(cell).toString() : String(cell);
  return cellText(cell).replace(SPACES, '');
}
