// A real web store for tests (issue #13): Medusa v2 on 127.0.0.1 over a throwaway PostgreSQL cluster, set up as a
// shop's store (roubles, one stock location, courier shipping, admin and storefront keys). Start it once per test
// file in beforeAll and close() it in afterAll; stop()/restart() take the Medusa process down and up again while its
// database stays, as a store outage does.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { storeAdmin, type StoreAdmin } from './admin';
import type { StoreSetup } from './bootstrap';
import { ensureMedusaInstalled } from './install';
import { medusaEnv, medusaServer } from './medusa';
import { makeClusterDir, startCluster, workDir, type Cluster } from './postgres';
import { freePort, run } from './processes';
import { shopper, type Shopper } from './shopper';
import { DATABASE, ensureSnapshot } from './snapshot';

export type { CreatedProduct, NewVariant, StockLevel, StoreOrder } from './admin';
export type { PlacedOrder } from './shopper';
export type { StoreSetup } from './bootstrap';
export { StoreHttpError } from './http';

export interface TestStore {
  /** http://127.0.0.1:port, the store's own address (a fault proxy goes in front of it). */
  readonly url: string;
  readonly port: number;
  readonly setup: StoreSetup;
  /** The admin API with the secret key, at the store's own address. */
  readonly admin: StoreAdmin;
  /** A shopper on the store API with the publishable key, at the store's own address. */
  readonly shopper: Shopper;
  /** The same helpers at another address (through a proxy). */
  adminAt(url: string): StoreAdmin;
  shopperAt(url: string): Shopper;
  /** Milliseconds: installing Medusa and building the snapshot (0 when cached), then starting this store. */
  readonly timings: { installMs: number; snapshotMs: number; startMs: number };
  /** Resident memory in kB: the Medusa process, and PostgreSQL's processes summed. */
  rssKb(): { medusa: number; postgres: number };
  logTail(lines?: number): string;
  /** SQL on the store's own database, for what a test must make the store do behind its API. */
  sql(query: string): Promise<string>;
  /** Medusa down (connections refused); the database stays. */
  stop(): Promise<void>;
  /** Medusa killed at once (SIGKILL), mid-request if one is in flight; the database stays. */
  kill(): Promise<void>;
  /** Medusa up again on the same port. */
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Everything down and removed. Safe to call twice and after a failed start. */
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Where the store's subscriber posts order, variant and inventory events (JSON {name, data, at}). */
  eventsUrl?: string;
  /** Where the store's order.placed subscriber wakes Lavka (store/medusa/src/subscribers/lavka-hook.js), and its secret. */
  hook?: { url: string; secret: string };
}

export async function startStore(options: StoreOptions = {}): Promise<TestStore> {
  const installMs = await ensureMedusaInstalled();
  const snapshot = await ensureSnapshot();
  const started = Date.now();
  const work = workDir('lavka-store-');
  let cluster: Cluster | null = null;
  let server: ReturnType<typeof medusaServer> | null = null;
  const closeAll = async () => {
    await server?.stop();
    await cluster?.stop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const pgDir = path.join(work, 'pg');
    makeClusterDir(pgDir);
    await run('cp', ['-a', snapshot.data, path.join(pgDir, 'data')]);
    cluster = await startCluster(pgDir, await freePort());
    server = medusaServer(
      await freePort(),
      medusaEnv(cluster.url(DATABASE), options.eventsUrl, options.hook),
      path.join(work, 'medusa.log'),
    );
    await server.start();
  } catch (error) {
    await closeAll();
    throw error;
  }
  const medusa = server;
  const pg = cluster;
  const url = `http://127.0.0.1:${medusa.port}`;
  const setup = snapshot.setup;
  let closed = false;
  return {
    url,
    port: medusa.port,
    setup,
    admin: storeAdmin(url, setup),
    shopper: shopper(url, setup),
    adminAt: (at) => storeAdmin(at, setup),
    shopperAt: (at) => shopper(at, setup),
    timings: { installMs, snapshotMs: snapshot.builtMs, startMs: Date.now() - started },
    rssKb: () => ({ medusa: medusa.rssKb(), postgres: pg.rssKb() }),
    logTail: (lines) => medusa.logTail(lines),
    sql: (query) => pg.sql(DATABASE, query),
    stop: () => medusa.stop(),
    kill: () => medusa.kill(),
    start: () => medusa.start(),
    async restart() {
      await medusa.stop();
      await medusa.start();
    },
    async close() {
      if (closed) return;
      closed = true;
      await closeAll();
    },
  };
}
