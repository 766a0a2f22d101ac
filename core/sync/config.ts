/**
 * The web store's settings. The API key is kept under its own settings key that loadSettings never reads, so it never
 * reaches settings.get, the renderer or an export; only the sync reads it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/connection';
import { readSetting, writeSetting } from '../../db/queries/people';
import type { StoreSettingsView } from '../contract/store-types';

/** The store's settings as kept; the view the API gives adds only whether a key is stored. */
export type StoreConfig = Omit<StoreSettingsView, 'hasApiKey' | 'hasHookSecret'>;

const CONFIG_KEY = 'store';
const KEY_KEY = 'store.apiKey';
const CURSOR_KEY = 'store.orderCursor';
const HOOK_KEY = 'store.hookSecret';

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

/** The shared secret the store's order hook must send; like the API key, its own row that settings.get never reads. */
export function storeHookSecret(db: Db): string | null {
  const v = readSetting(db, HOOK_KEY);
  return typeof v === 'string' && v ? v : null;
}

export const saveStoreHookSecret = (db: Db, secret: string): void => writeSetting(db, HOOK_KEY, secret);

/** Whether a hook call carries the stored secret (compared in constant time); no secret stored: no hook accepted. */
export function storeHookAllowed(db: Db, given: unknown): boolean {
  const secret = storeHookSecret(db);
  if (!secret || typeof given !== 'string' || !given) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(secret), digest(given));
}

/** Where the next order pull starts; written in the transaction that imported the orders before it. */
export function orderCursor(db: Db): string | null {
  const v = readSetting(db, CURSOR_KEY);
  return typeof v === 'string' ? v : null;
}

export const saveOrderCursor = (db: Db, cursor: string): void => writeSetting(db, CURSOR_KEY, cursor);
