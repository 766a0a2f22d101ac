import type { Db } from '../db/connection';
import { readSetting, readSettings, writeSetting } from '../db/queries/people';
import type { ApiParsed } from './contract/api';
import type { CounterSettings, Settings } from './contract/types';

/** The zone this machine is set to: a shop starts in it (ensureBaseRows keeps it, so moving the PC changes nothing). */
export const machineTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export const DEFAULT_SETTINGS: Settings = {
  shopName: 'Lavka',
  shopAddress: '',
  currency: 'RUB',
  locale: 'ru',
  timeZone: machineTimeZone(),
  taxRates: [
    { name: 'VAT 20%', rateBp: 2000 },
    { name: 'VAT 10%', rateBp: 1000 },
    { name: 'No VAT', rateBp: 0 },
  ],
  defaultLocationId: 1,
  counter: {
    // The common scale label layout: 2X PPPPP WWWWW C, five-digit item code, weight in grams.
    barcodeRules: [
      { prefix: '21', itemDigits: 5, valueDigits: 5, kind: 'weight_g' },
      { prefix: '22', itemDigits: 5, valueDigits: 5, kind: 'weight_g' },
    ],
    scanner: null,
    printer: { transport: 'none', width: 80, codePage: 'cp866', drawer: true },
    cashRoundingStep: 1,
    maxDiscountBp: { owner: 10000, manager: 3000, cashier: 500, bookkeeper: 0 },
    loyaltyTiers: [
      { minTotal: 500000, percentBp: 300 },
      { minTotal: 2000000, percentBp: 500 },
    ],
    autoLockMinutes: 10,
  },
  lanHostNames: [],
  negativeStock: 'allow',
};

export function loadSettings(db: Db): Settings {
  const stored = readSettings(db);
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS)) if (key in stored) out[key] = stored[key];
  return out as unknown as Settings;
}

/** One setting as loadSettings would give it (the default when not stored), read alone. */
export function setting<K extends keyof Settings>(db: Db, key: K): Settings[K] {
  const stored = readSetting(db, key);
  return (stored === undefined ? DEFAULT_SETTINGS[key] : stored) as Settings[K];
}

export function saveSettings(db: Db, patch: Partial<Settings>): void {
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) writeSetting(db, k, v);
}

/** The LAN names set by the owner, read as the HTTP server checks a Host header it does not already know. */
export function lanHostNames(db: Db): string[] {
  const v = readSettings(db)['lanHostNames'];
  return Array.isArray(v) ? v.filter((n): n is string => typeof n === 'string') : [];
}

type SettingsInput = ApiParsed<'settings.set'>;

/**
 * What settings.set stores: keys left out keep their value; the counter block is patched key by key (setting the
 * printer must not reset the barcode rules); see counterSettingsInput for the printer, scanner and discount limits.
 */
export function mergeSettings(before: Settings, input: SettingsInput): Partial<Settings> {
  const { counter, ...rest } = input;
  // A database from an older version may lack counter keys: they start from the defaults, as counterSettings reads them.
  return { ...rest, counter: counter ? mergeCounter({ ...DEFAULT_SETTINGS.counter, ...before.counter }, counter) : undefined };
}

function mergeCounter(before: CounterSettings, input: NonNullable<SettingsInput['counter']>): CounterSettings {
  const { printer, scanner, maxDiscountBp, ...rest } = input;
  const out: CounterSettings = { ...before, ...rest };
  if (printer) {
    const { width, codePage, drawer } = before.printer;
    out.printer = { ...printer, width: printer.width ?? width, codePage: printer.codePage ?? codePage, drawer: printer.drawer ?? drawer };
  }
  if (scanner !== undefined) {
    out.scanner = scanner && {
      path: scanner.path,
      baudRate: scanner.baudRate ?? before.scanner?.baudRate ?? 9600,
      suffix: scanner.suffix ?? before.scanner?.suffix ?? 'CR',
    };
  }
  if (maxDiscountBp) out.maxDiscountBp = { ...before.maxDiscountBp, ...maxDiscountBp };
  return out;
}
