// The settings screen's model: what the fields hold (text as typed), how it is read from settings.get and turned
// back into one complete settings.set input, and what is wrong with it. Pure functions, no React.
import type { ApiInput, ApiOutput } from '../../api/types';
import { z } from 'zod';
import { HOST_NAME, settingsSetInput } from '../../../../core/contract/schemas';
import { parseDecimal, toDecimal } from '../../i18n/format';

export { withCheckDigit } from '../../../../core/contract/gtin';

type Settings = ApiOutput<'settings.get'>;
type Counter = Settings['counter'];
export type SetInput = ApiInput<'settings.set'>;
export type Transport = Counter['printer']['transport'];
export type Suffix = NonNullable<Counter['scanner']>['suffix'];
export type RuleKind = Counter['barcodeRules'][number]['kind'];

let seq = 0;
/** React keys for rows the user adds and removes. */
export const rowKey = (): number => ++seq;

export interface TaxRow {
  key: number;
  name: string;
  rate: string;
}
export interface RuleRow {
  key: number;
  prefix: string;
  itemDigits: string;
  kind: RuleKind;
}
export interface TierRow {
  key: number;
  minTotal: string;
  percent: string;
}

export interface Form {
  shopName: string;
  shopAddress: string;
  currency: string;
  locale: 'en' | 'ru';
  negativeStock: 'allow' | 'block';
  taxes: TaxRow[];
  printer: {
    transport: Transport;
    host: string;
    port: string;
    path: string;
    baud: string;
    width: '58' | '80';
    codePage: Counter['printer']['codePage'];
    drawer: boolean;
  };
  scanner: { on: boolean; path: string; baud: string; suffix: Suffix };
  rules: RuleRow[];
  rounding: string;
  /** Per role id, percent as typed. */
  maxDiscount: Record<string, string>;
  tiers: TierRow[];
  autoLock: string;
  /** Extra LAN names of this computer, as typed: separated by spaces or commas. */
  lanHosts: string;
}

/** Basis points as a percent for a field: 2000 → "20", 1050 → "10.5". */
export const bpToPercent = (bp: number): string => toDecimal(bp, 2).replace(/\.?0+$/, '');
/** A percent with at most two decimals as basis points, within max. */
export function percentToBp(text: string, maxBp = 10000): number | null {
  const bp = parseDecimal(text, 2);
  return bp !== null && bp <= maxBp ? bp : null;
}

/** A whole number typed into a field, within bounds; null if anything else. */
export function intIn(text: string, min: number, max: number): number | null {
  const s = text.trim();
  if (!/^\d{1,9}$/.test(s)) return null;
  const n = Number(s);
  return n >= min && n <= max ? n : null;
}

export function fromSettings(s: Settings, moneyInput: (minor: number) => string): Form {
  const c = s.counter;
  const p = c.printer;
  return {
    shopName: s.shopName,
    shopAddress: s.shopAddress,
    currency: s.currency,
    locale: s.locale,
    negativeStock: s.negativeStock ?? 'allow',
    taxes: s.taxRates.map((r) => ({ key: rowKey(), name: r.name, rate: bpToPercent(r.rateBp) })),
    printer: {
      transport: p.transport,
      host: p.host ?? '',
      port: p.port !== undefined ? String(p.port) : '9100',
      path: p.path ?? '',
      baud: p.baudRate !== undefined ? String(p.baudRate) : '9600',
      width: p.width === 58 ? '58' : '80',
      codePage: p.codePage,
      drawer: p.drawer,
    },
    scanner: {
      on: c.scanner !== null,
      path: c.scanner?.path ?? '',
      baud: String(c.scanner?.baudRate ?? 9600),
      suffix: c.scanner?.suffix ?? 'CR',
    },
    rules: c.barcodeRules.map((r) => ({ key: rowKey(), prefix: r.prefix, itemDigits: String(r.itemDigits), kind: r.kind })),
    rounding: moneyInput(c.cashRoundingStep),
    maxDiscount: Object.fromEntries(Object.entries(c.maxDiscountBp).map(([role, bp]) => [role, bpToPercent(bp)])),
    tiers: c.loyaltyTiers.map((t) => ({ key: rowKey(), minTotal: moneyInput(t.minTotal), percent: bpToPercent(t.percentBp) })),
    autoLock: String(c.autoLockMinutes),
    lanHosts: s.lanHostNames.join(', '),
  };
}

export const MAX_LAN_HOSTS = 20;
/** The names typed into the LAN names field, lower case, each once. */
export const lanHostList = (text: string): string[] => [
  ...new Set(
    text
      .toLowerCase()
      .split(/[\s,;]+/)
      .filter(Boolean),
  ),
];

/** Digits of a rule's value part: prefix (2) + item + value make the 12 data digits of an EAN-13. */
export const valueDigits = (itemDigits: number): number => 10 - itemDigits;

/** Each field's problem as a translation key (null: fine); `ok` when settings.set can be sent. */
export type Problem =
  | 'admin.settings.required'
  | 'admin.settings.currencyInvalid'
  | 'admin.settings.percentInvalid'
  | 'admin.settings.loyaltyInvalid'
  | 'admin.settings.moneyInvalid'
  | 'admin.settings.autoLockInvalid'
  | 'admin.settings.lanHostsInvalid'
  | 'admin.settings.prefixTaken';

export interface Checked {
  input: SetInput | null;
  shopName: Problem | null;
  currency: Problem | null;
  taxName: (Problem | null)[];
  taxRate: (Problem | null)[];
  host: Problem | null;
  port: Problem | null;
  path: Problem | null;
  baud: Problem | null;
  scannerPath: Problem | null;
  scannerBaud: Problem | null;
  prefix: (Problem | null)[];
  rounding: Problem | null;
  maxDiscount: Record<string, Problem | null>;
  tierMin: (Problem | null)[];
  tierPercent: (Problem | null)[];
  autoLock: Problem | null;
  lanHosts: Problem | null;
}

/** settings.set's own field rules, so the screen refuses what the API would. */
const rule = { shopName: settingsSetInput.shape.shopName.unwrap(), currency: settingsSetInput.shape.currency.unwrap() };

/** Validates the form and builds the complete input: the printer object is always sent whole (settings.set replaces it). */
export function check(f: Form, parseMoney: (text: string) => number | null): Checked {
  const req = (s: string): Problem | null => (s.trim() ? null : 'admin.settings.required');
  const pr = f.printer;
  const port = intIn(pr.port, 1, 65535);
  const baud = intIn(pr.baud, 1, 10_000_000);
  const scannerBaud = intIn(f.scanner.baud, 1, 10_000_000);
  const rounding = parseMoney(f.rounding);
  const autoLock = intIn(f.autoLock, 0, 240);
  const prefixes = f.rules.map((r) => r.prefix);
  const lanHosts = lanHostList(f.lanHosts);

  const c: Checked = {
    input: null,
    shopName: rule.shopName.safeParse(f.shopName).success ? null : 'admin.settings.required',
    currency: rule.currency.safeParse(f.currency).success ? null : 'admin.settings.currencyInvalid',
    taxName: f.taxes.map((r) => req(r.name)),
    taxRate: f.taxes.map((r) => (percentToBp(r.rate) === null ? 'admin.settings.percentInvalid' : null)),
    host: pr.transport === 'tcp' ? req(pr.host) : null,
    port: pr.transport === 'tcp' && port === null ? 'admin.settings.required' : null,
    path: pr.transport === 'serial' || pr.transport === 'file' ? req(pr.path) : null,
    baud: pr.transport === 'serial' && baud === null ? 'admin.settings.required' : null,
    scannerPath: f.scanner.on ? req(f.scanner.path) : null,
    scannerBaud: f.scanner.on && scannerBaud === null ? 'admin.settings.required' : null,
    prefix: prefixes.map((p, i) => (prefixes.indexOf(p) !== i ? 'admin.settings.prefixTaken' : null)),
    rounding: rounding === null || rounding < 1 || rounding > 10000 ? 'admin.settings.moneyInvalid' : null,
    maxDiscount: Object.fromEntries(
      Object.entries(f.maxDiscount).map(([role, v]) => [role, percentToBp(v || '0') === null ? 'admin.settings.percentInvalid' : null]),
    ),
    tierMin: f.tiers.map((t) => (parseMoney(t.minTotal) === null ? 'admin.settings.moneyInvalid' : null)),
    tierPercent: f.tiers.map((t) => (percentToBp(t.percent, 5000) === null ? 'admin.settings.loyaltyInvalid' : null)),
    autoLock: autoLock === null ? 'admin.settings.autoLockInvalid' : null,
    lanHosts: lanHosts.length > MAX_LAN_HOSTS || !lanHosts.every((h) => HOST_NAME.test(h)) ? 'admin.settings.lanHostsInvalid' : null,
  };
  const problems = [
    c.shopName,
    c.currency,
    ...c.taxName,
    ...c.taxRate,
    c.host,
    c.port,
    c.path,
    c.baud,
    c.scannerPath,
    c.scannerBaud,
    ...c.prefix,
    c.rounding,
    ...Object.values(c.maxDiscount),
    ...c.tierMin,
    ...c.tierPercent,
    c.autoLock,
    c.lanHosts,
  ];
  if (problems.some((p) => p !== null) || !f.taxes.length) return c;

  const host = pr.host.trim();
  const path = pr.path.trim();
  c.input = {
    shopName: f.shopName.trim(),
    shopAddress: f.shopAddress.trim(),
    currency: f.currency,
    locale: f.locale,
    negativeStock: f.negativeStock,
    taxRates: f.taxes.map((r) => ({ name: r.name.trim(), rateBp: percentToBp(r.rate)! })),
    lanHostNames: lanHosts,
    counter: {
      printer: {
        transport: pr.transport,
        // Filled-in details are kept whatever the connection, so switching back and forth loses nothing.
        ...(host ? { host } : {}),
        ...(port !== null ? { port } : {}),
        ...(path ? { path } : {}),
        ...(baud !== null ? { baudRate: baud } : {}),
        width: pr.width === '58' ? 58 : 80,
        codePage: pr.codePage,
        drawer: pr.drawer,
      },
      scanner: f.scanner.on ? { path: f.scanner.path.trim(), baudRate: scannerBaud!, suffix: f.scanner.suffix } : null,
      barcodeRules: f.rules.map((r) => {
        const item = Number(r.itemDigits);
        return { prefix: r.prefix, itemDigits: item, valueDigits: valueDigits(item), kind: r.kind };
      }),
      cashRoundingStep: rounding!,
      maxDiscountBp: Object.fromEntries(Object.entries(f.maxDiscount).map(([role, v]) => [role, percentToBp(v || '0')!])),
      loyaltyTiers: f.tiers
        .map((t) => ({ minTotal: parseMoney(t.minTotal)!, percentBp: percentToBp(t.percent, 5000)! }))
        .sort((a, b) => a.minTotal - b.minTotal),
      autoLockMinutes: autoLock!,
    },
  };
  return c;
}

/** Where each of check()'s problems shows: the form field's path. */
function problemsByPath(c: Checked): [string, Problem | null][] {
  const each = (name: string, field: string, list: (Problem | null)[]) =>
    list.map((p, i): [string, Problem | null] => [`${name}.${i}.${field}`, p]);
  return [
    ['shopName', c.shopName],
    ['currency', c.currency],
    ...each('taxes', 'name', c.taxName),
    ...each('taxes', 'rate', c.taxRate),
    ['printer.host', c.host],
    ['printer.port', c.port],
    ['printer.path', c.path],
    ['printer.baud', c.baud],
    ['scanner.path', c.scannerPath],
    ['scanner.baud', c.scannerBaud],
    ...each('rules', 'prefix', c.prefix),
    ['rounding', c.rounding],
    ...Object.entries(c.maxDiscount).map(([role, p]): [string, Problem | null] => [`maxDiscount.${role}`, p]),
    ...each('tiers', 'minTotal', c.tierMin),
    ...each('tiers', 'percent', c.tierPercent),
    ['autoLock', c.autoLock],
    ['lanHosts', c.lanHosts],
  ];
}

/**
 * The form's resolver schema: the fields as typed are checked field by field (messages as translation keys, see
 * ui/form/messages.ts), turned into one settings.set input, and that input must pass the contract's own schema.
 */
export function settingsSchema(parseMoney: (text: string) => number | null) {
  return z
    .custom<Form>()
    .transform((f, ctx) => {
      const c = check(f, parseMoney);
      for (const [path, p] of problemsByPath(c))
        if (p) ctx.addIssue({ code: 'custom', path: path.split('.'), message: JSON.stringify({ key: p }) });
      return c.input ?? z.NEVER;
    })
    .pipe(settingsSetInput);
}
