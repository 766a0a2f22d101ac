import type { Db } from '../../db/connection';
import { saveStoreApiKey, saveStoreConfig, type StoreConfig } from '../../core/sync/config';
import { StoreSync } from '../../core/sync/service';
import { openShift, testCore } from '../helpers';
import { startStore, type TestStore } from './index';

/** The shop's settings for a test store (its address may be a proxy's in front of it), with the store's key. */
export function linkShop(db: Db, store: TestStore, config: Partial<StoreConfig> = {}): void {
  saveStoreConfig(db, {
    enabled: true,
    kind: 'medusa',
    url: store.url,
    stockLocationId: store.setup.locationId,
    currency: 'rub',
    locationId: 1,
    intervalSeconds: 30,
    priceOwner: 'lavka',
    safetyStock: 0,
    ...config,
  });
  saveStoreApiKey(db, store.setup.secretKey);
}

export interface StoreAndShop {
  store: TestStore;
  core: ReturnType<typeof testCore>;
  /** Cycles run when the test says (runNow); failures retry fast. */
  sync: StoreSync;
}

/** A real store, and a demo shop with a shift open linked to it: what most web-store test files start from. */
export async function storeAndShop(): Promise<StoreAndShop> {
  const store = await startStore();
  const core = testCore();
  openShift(core);
  linkShop(core.db, store);
  return { store, core, sync: new StoreSync({ db: () => core.db, baseDelayMs: 10, maxDelayMs: 50 }) };
}

/** Everything down, whatever part of it came up. */
export async function closeStoreAndShop(s: Partial<StoreAndShop>): Promise<void> {
  await s.sync?.stop();
  s.core?.cleanup();
  await s.store?.close();
}
