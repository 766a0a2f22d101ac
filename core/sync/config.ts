/**
 * The web store's settings. The API key is kept under its own settings key that loadSettings never reads, so it never
 * reaches settings.get, the renderer or an export; only the sync reads it.
 */
import type { Db } from '../../db/connection';
import { readSetting, writeSetting } from '../../db/queries/people';
import type { StoreSettingsView } from '../contract/store-types';

/** The store's settings as kept; the view the API gives adds only whether a key is stored. */
export type StoreConfig = Omit<StoreSettingsView, 'hasApiKey'>;

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
