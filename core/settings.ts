import type { Db } from '../db/connection';
import { readSettings, writeSetting } from '../db/queries/people';
import type { Settings } from './contract/types';

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
};

export function loadSettings(db: Db): Settings {
  const stored = readSettings(db);
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS)) if (key in stored) out[key] = stored[key];
  return out as unknown as Settings;
}

export function saveSettings(db: Db, patch: Partial<Settings>): void {
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) writeSetting(db, k, v);
}
