/**
 * The sync's heartbeat: every interval (and when asked) it matches the catalog if it has not yet, pulls the store's
 * changed orders, then pushes what the store must learn until the queue is empty. Offline is the shop's normal state,
 * not an error: a failed cycle waits longer each time (exponential, with jitter so several shops do not retry in
 * step, capped), and after several failures in a row the breaker opens: cycles stop hammering a dead store and only
 * the timer's probe tries again. A wrong key or an address that answers HTML stops the sync until the settings change.
 */
import { inTransaction, type Db } from '../../db/connection';
import { enqueue } from '../../db/queries/outbox';
import { allStoreLinks, matchKeys, PRICE_TOPIC, replaceStoreLinks, STOCK_TOPIC } from '../../db/queries/store';
import { storeApiKey, storeConfig, type StoreConfig } from './config';
import { StoreError, type StoreConnector } from './connector';
import type { LinkProblem, SyncState, SyncStatus } from '../contract/store-types';
import { matchItems } from './links';
import { medusaConnector } from './medusa';
import { dropVanishedOrders, pullOrders } from './pull';
import { pushFulfilments } from './fulfil';
import { LevelWatch } from './level-watch';
import { PUSH_BATCH, pushBatch, recheckLevels } from './push';
import { storeDeadLetters, storeQueueDepth } from './queues';

export type { SyncState, SyncStatus } from '../contract/store-types';

export interface StoreSyncOptions {
  db: () => Db;
  /** Builds the connector from the settings (tests may pass their own). */
  connect?: (config: StoreConfig, apiKey: string) => StoreConnector;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Failures in a row that open the breaker. */
  breakerAfter?: number;
  onStatus?: (s: SyncStatus) => void;
}

export const defaultConnect = (config: StoreConfig, apiKey: string): StoreConnector =>
  medusaConnector({ url: config.url, apiKey, stockLocationId: config.stockLocationId, currency: config.currency });

export class StoreSync {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** The cycle asked for while one ran (which may have read the store and the shop before the change that asked). */
  private next: Promise<void> | null = null;
  /** How many times stop() was called: a cycle asked for before a stop does not start after it. */
  private stops = 0;
  private stopped = true;
  private matched = false;
  private problems: LinkProblem[] = [];
  private failures = 0;
  private lastSuccessAt: string | null = null;
  private lastError: string | null = null;
  private state: SyncState = 'off';
  /** Levels whose store reservations Lavka's count did not explain, sent again on later cycles (level-watch.ts). */
  private readonly watch = new LevelWatch();
  private readonly o: Required<Omit<StoreSyncOptions, 'onStatus'>> & Pick<StoreSyncOptions, 'onStatus'>;

  constructor(options: StoreSyncOptions) {
    this.o = { connect: defaultConnect, baseDelayMs: 1000, maxDelayMs: 5 * 60_000, breakerAfter: 5, ...options };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stops++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    await this.next?.catch(() => undefined);
  }

  /** The catalog is matched again on the next cycle (after products or store items were added). */
  rematch(): void {
    this.matched = false;
  }

  /**
   * A cycle that starts now, or right after the one running: that one may have matched, pulled or pushed before the
   * change the caller wants sent ("sync now" after an edit, the store's order hook). Callers while a cycle runs share
   * the one after it. Resolves when it is over, rejecting with its failure; one asked for before stop() does not start.
   */
  runNow(): Promise<void> {
    if (!this.running) {
      this.running = this.cycle().finally(() => (this.running = null));
      return this.running;
    }
    const stops = this.stops;
    this.next ??= this.running
      .catch(() => undefined) // recorded in the status; the next cycle runs all the same
      .then(() => {
        this.next = null;
        return this.stops === stops ? this.runNow() : undefined;
      });
    return this.next;
  }

  /**
   * The store said something changed (its order hook): a cycle now, or once more right after the one running. The
   * hook only wakes the sync; the pull reads the orders from the store itself, the one way orders come in.
   */
  wake(): void {
    if (!this.stopped) this.runNow().catch(() => undefined); // recorded in the status, as a timer's cycle is
  }

  status(): SyncStatus {
    const db = this.o.db();
    return {
      state: this.state,
      lastSuccessAt: this.lastSuccessAt,
      lastError: this.lastError,
      queueDepth: storeQueueDepth(db),
      deadLetters: storeDeadLetters(db).length,
      linked: allStoreLinks(db).length,
      problems: this.problems,
      failures: this.failures,
    };
  }

  /** The wait before the next try after `failures` failures in a row: doubling, jittered, capped. */
  retryDelayMs(failures: number): number {
    const exp = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** Math.max(0, failures - 1));
    return Math.round(exp / 2 + Math.random() * (exp / 2));
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.runNow()
        .catch(() => undefined) // recorded in the status by cycle(); the timer goes on
        .finally(() => this.schedule(this.nextDelayMs()));
    }, ms);
    this.timer.unref();
  }

  private nextDelayMs(): number {
    const config = storeConfig(this.o.db());
    const interval = (config?.intervalSeconds ?? 30) * 1000;
    if (this.failures === 0) return interval;
    // Breaker open: a dead store is probed at the capped delay, not at every interval.
    if (this.failures >= this.o.breakerAfter) return this.o.maxDelayMs;
    return Math.min(interval, this.retryDelayMs(this.failures));
  }

  private setState(s: SyncState): void {
    this.state = s;
    this.o.onStatus?.(this.status());
  }

  private async cycle(): Promise<void> {
    const db = this.o.db();
    const config = storeConfig(db);
    const key = storeApiKey(db);
    if (!config?.enabled || !key) return this.setState('off');
    const store = this.o.connect(config, key);
    this.watch.nextCycle();
    this.setState('syncing');
    try {
      if (!this.matched) {
        const matching = matchItems(await store.listItems(), matchKeys(db));
        inTransaction(db, () => {
          replaceStoreLinks(db, matching.links, new Date().toISOString());
          // A new match sends every linked product's level and price once: the store may hold anything before it.
          const ids = matching.links.map((l) => l.productId);
          for (let i = 0; i < ids.length; i += PUSH_BATCH) {
            enqueue(db, STOCK_TOPIC, { productIds: ids.slice(i, i + PUSH_BATCH) });
            enqueue(db, PRICE_TOPIC, { productIds: ids.slice(i, i + PUSH_BATCH) });
          }
        });
        this.problems = matching.problems;
        this.matched = true;
      }
      // The pull and the push go side by side: neither needs the other's answer first, and a pull that fails on a
      // flaky line must not hold back the push (the store learning what is gone is what keeps it from overselling).
      // A level sent before the pull imported an order the store holds is put right by the push's answer (its
      // reservations) at once, and the import queues it again for the push below. The pull's failure still fails the
      // cycle, after the push had its go.
      let pullFailure: StoreError | null = null;
      const pull = pullOrders(db, store, config)
        // Only after a whole pull: an order read in it is not taken for one the store dropped.
        .then(() => dropVanishedOrders(db, store))
        .catch((error: unknown) => {
          if (!(error instanceof StoreError && error.transient)) throw error;
          pullFailure = error;
        });
      const retryAt = (n: number) => new Date(Date.now() + this.retryDelayMs(n));
      const push = (async () => {
        while ((await pushBatch(db, store, config, retryAt, this.watch)).rows > 0);
      })();
      // Both settle before the cycle goes on or fails: a pull still running must not overlap the next cycle's.
      const [pulled, pushed] = await Promise.allSettled([pull, push]);
      if (pushed.status === 'rejected') throw pushed.reason;
      if (pulled.status === 'rejected') throw pulled.reason;
      // Orders handed over or cancelled in Lavka; their stock levels went with the push above (the sale or the release
      // queued them).
      await pushFulfilments(db, store, retryAt);
      // A cancellation or fulfilment the store took queued its products' levels again (core/sync/fulfil.ts): sent in this
      // same cycle.
      while ((await pushBatch(db, store, config, retryAt, this.watch)).rows > 0);
      // Levels whose reservations in the store moved after an earlier cycle's answer: sent again until they agree.
      await recheckLevels(db, store, config, this.watch);
      if (pullFailure) throw pullFailure;
      this.failures = 0;
      this.lastError = null;
      this.lastSuccessAt = new Date().toISOString();
      this.setState('idle');
    } catch (error) {
      const e = error instanceof StoreError ? error : new StoreError('unavailable', (error as Error)?.message ?? String(error));
      this.failures++;
      this.lastError = e.message;
      this.setState(e.transient ? 'offline' : 'error');
      throw e;
    }
  }
}
