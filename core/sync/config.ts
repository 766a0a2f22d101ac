/**
 * The web store's settings. The API key is kept under its own settings key that loadSettings never reads, so it never
 * reaches settings.get, the renderer or an export; only the sync reads it.
 */
import type { Db } from '../../db/connection';
import { readSetting, writeSetting } from '../../db/queries/people';

export interface StoreConfig {
  enabled: boolean;
  kind: 'medusa';
  url: string;
  /** The store's stock location the shop's stock is pushed to. */
  stockLocationId: string;
  currency: string;
  /** The shop's location whose stock the store sells and where online orders reserve. */
  locationId: number;
  intervalSeconds: number;
  /** Which side's price wins: Lavka pushes its prices, or leaves the store's alone. */
  priceOwner: 'lavka' | 'store';
  /** Held back from the store, in thousandths per product. */
  safetyStock: number;
}

const CONFIG_KEY = 'store';
const KEY_KEY = 'store.apiKey';
const CURSOR_KEY = 'store.orderCursor';

export function storeConfig(db: Db): StoreConfig | null {
  const v = readSetting(db, CONFIG_KEY);
  return v && typeof v === 'object' ? (v as StoreConfig) : null;
}

export const saveStoreConfig = (db: Db, config: StoreConfig): void => writeSetting(db, CONFIG_KEY, config);

export function storeApiKey(db: Db): string | null {
  const v = readSetting(db, KEY_KEY);
  return typeof v === 'string' && v ? v : null;
}

export const saveStoreApiKey = (db: Db, key: string): void => writeSetting(db, KEY_KEY, key);

/** Where the next order pull starts; written in the transaction that imported the orders before it. */
export function orderCursor(db: Db): string | null {
  const v = readSetting(db, CURSOR_KEY);
  return typeof v === 'string' ? v : null;
}

export const saveOrderCursor = (db: Db, cursor: string): void => writeSetting(db, CURSOR_KEY, cursor);
