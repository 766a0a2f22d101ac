/**
 * Turns one scanned string into what the till should look up. Pure, no I/O.
 *
 * - GTIN (EAN-8 / UPC-A / EAN-13 / GTIN-14): check digit validated; a bad one is a typed error, never a guess
 *   (a misread that happens to match another product is worse than a beep).
 * - Restricted circulation (EAN-13 20-29, UPC-A number system 2): in-store codes. With a matching shop rule they
 *   carry an item code and an embedded weight or price; without one they are looked up as-is, never as global GTINs.
 * - GS1 element strings (DataMatrix, GS1-128; Честный знак marking): the raw string is kept byte-exact (GS included)
 *   because it is what gets reported; the GTIN (01) is extracted for the product lookup.
 */
import { hasValidCheckDigit, isGtin } from '../barcode';

export const GS = '\x1d';

/** A shop's layout for variable-measure codes, e.g. {prefix:'21', itemDigits:5, valueDigits:5, kind:'weight_g'} = 21 PPPPP WWWWW C. */
export interface WeighedRule {
  /** Leading digits of the 13-digit form ('2'..'29'; UPC-A number system 2 is '02'). */
  prefix: string;
  itemDigits: number;
  /** Taken right before the check digit; digits between item and value (e.g. a price check digit) are skipped. */
  valueDigits: number;
  /** weight_g: grams, which are thousandths of a kg, the ledger's qty unit. price_minor: minor units. */
  kind: 'weight_g' | 'price_minor';
}

export interface Gs1Element {
  ai: string;
  value: string;
}

export type ParsedScan =
  /** A global GTIN as scanned; `lookup` lists the forms a product may be stored under (EAN-13 inside a GTIN-14...). */
  | { ok: true; kind: 'gtin'; code: string; lookup: string[] }
  /** Restricted circulation code without a matching rule: look up the exact code only. */
  | { ok: true; kind: 'restricted'; code: string; lookup: string[] }
  | { ok: true; kind: 'weighed'; code: string; itemCode: string; measure: 'weight_g'; qty: number; rule: WeighedRule }
  | { ok: true; kind: 'weighed'; code: string; itemCode: string; measure: 'price_minor'; price: number; rule: WeighedRule }
  /**
   * GS1 element string. `raw` is exactly what the scanner sent (symbology identifier and GS bytes included).
   * `complete` is false when something after the GTIN could not be split (e.g. a wedge dropped the GS bytes).
   */
  | { ok: true; kind: 'gs1'; raw: string; gtin: string; lookup: string[]; elements: Gs1Element[]; complete: boolean }
  /** Anything else (SKU, receipt number "S-000123"): look up as text. */
  | { ok: true; kind: 'text'; code: string }
  | { ok: false; error: ScanErrorCode; raw: string; message: string };

export type ScanErrorCode = 'empty' | 'bad_check_digit' | 'bad_gs1';

const fail = (error: ScanErrorCode, raw: string, message: string): ParsedScan => ({ ok: false, error, raw, message });

/** Checks a rule once, when settings are saved; parse() trusts validated rules. */
export function validateRule(r: WeighedRule): string | null {
  if (!/^\d{1,3}$/.test(r.prefix)) return 'prefix must be 1-3 digits';
  const ean13 = r.prefix.length === 1 ? r.prefix === '2' : /^(2\d|02)/.test(r.prefix);
  if (!ean13) return 'prefix must be restricted circulation (2, 20-29, or 02 for UPC-A)';
  if (!Number.isInteger(r.itemDigits) || !Number.isInteger(r.valueDigits) || r.itemDigits < 1 || r.valueDigits < 1)
    return 'itemDigits and valueDigits must be positive integers';
  if (r.prefix.length + r.itemDigits + r.valueDigits > 12) return 'prefix + item + value must fit in 12 data digits';
  return null;
}

/** 13-digit form of a restricted code, or null when the code is not restricted circulation. */
function restricted13(code: string): string | null {
  if (code.length === 13 && code[0] === '2') return code;
  if (code.length === 12 && code[0] === '2') return '0' + code; // UPC-A number system 2
  return null;
}

/** Forms a product's barcode may be stored under: the GTIN-14 of a GS1 code is often an EAN-13 with a leading 0. */
export function gtinLookupForms(code: string): string[] {
  const g14 = code.padStart(14, '0');
  const forms = [code];
  for (const len of [14, 13, 12, 8]) {
    const form = g14.slice(14 - len);
    if (g14.startsWith('0'.repeat(14 - len)) && !forms.includes(form)) forms.push(form);
  }
  return forms;
}

export function parseScan(input: string, rules: readonly WeighedRule[] = []): ParsedScan {
  // Scanners often append CR/LF; nothing else is trimmed (GS and spaces inside GS1 data are data).
  const raw = input.replace(/[\r\n]+$/, '');
  if (raw.length === 0) return fail('empty', input, 'empty scan');
  if (looksLikeGs1(raw)) return parseGs1(raw);
  if (isGtin(raw)) {
    if (!hasValidCheckDigit(raw)) return fail('bad_check_digit', raw, `${raw}: check digit is wrong (misread?)`);
    const r13 = restricted13(raw);
    if (r13) return weighed(raw, r13, rules);
    return { ok: true, kind: 'gtin', code: raw, lookup: gtinLookupForms(raw) };
  }
  return { ok: true, kind: 'text', code: raw };
}

function weighed(code: string, c13: string, rules: readonly WeighedRule[]): ParsedScan {
  // Longest prefix wins, so a shop can have '2' as a catch-all and '21' for its scale.
  const rule = [...rules].sort((a, b) => b.prefix.length - a.prefix.length).find((r) => c13.startsWith(r.prefix));
  if (!rule) return { ok: true, kind: 'restricted', code, lookup: [code] };
  const itemCode = c13.slice(rule.prefix.length, rule.prefix.length + rule.itemDigits);
  const value = Number(c13.slice(12 - rule.valueDigits, 12)); // all digits: isGtin() checked
  return rule.kind === 'weight_g'
    ? { ok: true, kind: 'weighed', code, itemCode, measure: 'weight_g', qty: value, rule }
    : { ok: true, kind: 'weighed', code, itemCode, measure: 'price_minor', price: value, rule };
}

// ---------------------------------------------------------------------------------------------------------------
// GS1 element strings

/** AIM symbology identifiers a scanner may prepend: GS1 DataMatrix, GS1-128, GS1 QR, GS1 DataBar. */
const SYMBOLOGY_ID = /^\](d2|C1|Q3|e0)/;

function looksLikeGs1(s: string): boolean {
  if (SYMBOLOGY_ID.test(s) || s.startsWith(GS)) return true;
  // Without identifier: (01) + 14 digits, possibly followed by more elements. 16+ digits is never a plain GTIN.
  return /^01\d{14}/.test(s);
}

/** Element strings of predefined length by the AI's first two digits (GS1 General Specifications), total length. */
const PREDEFINED: Record<string, number> = {
  '00': 20,
  '01': 16,
  '02': 16,
  '03': 16,
  '04': 18,
  '11': 8,
  '12': 8,
  '13': 8,
  '14': 8,
  '15': 8,
  '16': 8,
  '17': 8,
  '18': 8,
  '19': 8,
  '20': 4,
  '31': 10,
  '32': 10,
  '33': 10,
  '34': 10,
  '35': 10,
  '36': 10,
  '41': 16,
};

/** Length of the AI itself (2, 3 or 4 digits), by its first two digits. */
function aiLength(first2: string): number {
  const n = Number(first2);
  if (n <= 22 || n === 30 || n === 37 || n >= 90) return 2;
  if ((n >= 23 && n <= 29) || (n >= 40 && n <= 42) || n === 71) return 3;
  return 4; // 31-36, 39, 43, 70, 72, 80-82 ...
}

function parseGs1(raw: string): ParsedScan {
  let s = raw.replace(SYMBOLOGY_ID, '');
  if (s.startsWith(GS)) s = s.slice(1); // FNC1 in first position, sent as GS by some scanners
  const elements: Gs1Element[] = [];
  let complete = true;
  let i = 0;
  while (i < s.length) {
    if (s[i] === GS) {
      i++;
      continue;
    }
    const first2 = s.slice(i, i + 2);
    if (!/^\d\d$/.test(first2)) {
      complete = false;
      break;
    }
    const aLen = aiLength(first2);
    const ai = s.slice(i, i + aLen);
    const fixed = PREDEFINED[first2];
    let end: number;
    if (fixed !== undefined) end = i + fixed;
    else {
      const gs = s.indexOf(GS, i + aLen);
      end = gs === -1 ? s.length : gs;
    }
    if (end > s.length || !/^\d+$/.test(ai) || ai.length < aLen) {
      complete = false;
      break;
    }
    elements.push({ ai, value: s.slice(i + aLen, end) });
    i = end;
  }
  const gtinEl = elements.find((e) => e.ai === '01' || e.ai === '02');
  if (!gtinEl || !/^\d{14}$/.test(gtinEl.value)) return fail('bad_gs1', raw, 'GS1 code without a GTIN (01)');
  if (!hasValidCheckDigit(gtinEl.value)) return fail('bad_check_digit', raw, `GTIN ${gtinEl.value}: check digit is wrong`);
  return { ok: true, kind: 'gs1', raw, gtin: gtinEl.value, lookup: gtinLookupForms(gtinEl.value), elements, complete };
}
