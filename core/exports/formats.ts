/** How values look in a spreadsheet: Excel number formats per kind, and dates as Excel serial numbers. */
import { currencyDigits } from '../contract/money-format';

const decimals = (n: number): string => (n > 0 ? `.${'0'.repeat(n)}` : '');

/** A literal in an Excel format: in double quotes, which cannot themselves be quoted, so they are dropped. */
const literal = (s: string): string => `"${s.replace(/"/g, '')}"`;

/**
 * The Excel number format for money in this currency, e.g. `#,##0.00 "₽"` (RUB) or `"$"#,##0.00` (USD): the symbol
 * where the currency's home convention puts it (Intl's narrow symbol), the currency's minor digits. Excel shows the
 * separators of the reader's own locale. An unknown code is written after the number as it is.
 */
export function moneyFormat(currency: string): string {
  const number = `#,##0${decimals(currencyDigits(currency))}`;
  let parts: Intl.NumberFormatPart[];
  try {
    parts = new Intl.NumberFormat(homeLocale(currency), { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(1);
  } catch {
    return /^[A-Za-z]{3}$/.test(currency) ? `${number} ${literal(currency.toUpperCase())}` : number;
  }
  const at = parts.findIndex((p) => p.type === 'currency');
  const num = parts.findIndex((p) => p.type === 'integer');
  const symbol = literal(parts[at]!.value);
  if (at < num) return parts[at + 1]?.type === 'literal' ? `${symbol} ${number}` : `${symbol}${number}`;
  return parts[at - 1]?.type === 'literal' ? `${number} ${symbol}` : `${number}${symbol}`;
}

/** A locale where the currency is at home, so the symbol sits where its users expect it; English otherwise. */
const HOME: Record<string, string> = {
  RUB: 'ru',
  BYN: 'be',
  KZT: 'kk',
  UAH: 'uk',
  EUR: 'de',
  PLN: 'pl',
  CZK: 'cs',
  TRY: 'tr',
  GBP: 'en-GB',
};
const homeLocale = (currency: string): string => HOME[currency.toUpperCase()] ?? 'en';

export const qtyFormat = (unitDecimals: number): string => `#,##0${decimals(unitDecimals)}`;
export const INT_FORMAT = '#,##0';
export const PERCENT_FORMAT = '0.00%';
export const DATE_FORMAT = 'yyyy-mm-dd';
export const DATETIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';

const DAY_MS = 86_400_000;
/** Days from Excel's 1900 epoch (as Excel counts it, with its 1900 leap day) to 1970-01-01. */
const EPOCH_DAYS = 25569;

/** YYYY-MM-DD to its Excel serial day; null for anything else. */
export function excelDate(ymd: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(ymd)) return null;
  const y = Number(ymd.slice(0, 4));
  const m = Number(ymd.slice(5, 7));
  const d = Number(ymd.slice(8, 10));
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS + EPOCH_DAYS;
}

const QUARTER_MS = 15 * 60_000;

/**
 * ISO instants to Excel serial date-times on the wall clock of one time zone. Zones change offset on whole quarter
 * hours, so the offset is found once per quarter hour of UTC (Intl is slow for a million rows) and kept.
 */
export class WallClock {
  private readonly parts: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {
    this.parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Milliseconds to add to a UTC instant for the zone's wall clock then. */
  offsetMs(utcMs: number): number {
    const quarter = Math.floor(utcMs / QUARTER_MS);
    let off = this.offsets.get(quarter);
    if (off === undefined) {
      const at = quarter * QUARTER_MS;
      const p: Record<string, number> = {};
      for (const x of this.parts.formatToParts(at)) if (x.type !== 'literal') p[x.type] = Number(x.value);
      off = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - at;
      if (this.offsets.size > 50_000) this.offsets.clear();
      this.offsets.set(quarter, off);
    }
    return off;
  }

  /** An ISO instant (or epoch ms) to the Excel serial of its wall-clock time; null when it is not a time. */
  excel(value: string | number): number | null {
    const ms = typeof value === 'number' ? value : Date.parse(value);
    if (!Number.isFinite(ms)) return null;
    return (ms + this.offsetMs(ms)) / DAY_MS + EPOCH_DAYS;
  }

  /** The wall-clock time as `YYYY-MM-DD HH:MM:SS` (CSV). */
  text(value: string | number): string | null {
    const ms = typeof value === 'number' ? value : Date.parse(value);
    if (!Number.isFinite(ms)) return null;
    return new Date(ms + this.offsetMs(ms)).toISOString().slice(0, 19).replace('T', ' ');
  }
}
