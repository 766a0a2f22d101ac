// Migrating Medusa's database and bootstrapping the shop costs the better part of a minute on a busy machine, so it
// is done once: a cleanly stopped, bootstrapped cluster is kept beside the installed node_modules (reinstalling wipes
// it) with its keys and ids, and every store starts from a copy of it. The key hashes everything that shapes that
// database: Medusa's lockfile and config, the bootstrap, this file and PostgreSQL's version.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN, bootstrapStore, type StoreSetup } from './bootstrap';
import { lockfileHash, MEDUSA_DIR, MEDUSA_MODULES } from './install';
import { medusaCli, medusaEnv, medusaServer } from './medusa';
import { initCluster, makeClusterDir, postgresVersion, startCluster, workDir } from './postgres';
import { freePort, run, withLock } from './processes';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SNAPSHOTS = path.join(MEDUSA_MODULES, '.lavka-store-snapshot');
export const DATABASE = 'medusa';

export interface Snapshot {
  /** A stopped cluster's data directory: copy it, never start it in place. */
  data: string;
  setup: StoreSetup;
}

function snapshotKey(): string {
  const h = createHash('sha256').update(lockfileHash()).update(postgresVersion());
  for (const file of [path.join(MEDUSA_DIR, 'medusa-config.js'), path.join(HERE, 'bootstrap.ts'), path.join(HERE, 'snapshot.ts')]) {
    h.update(readFileSync(file));
  }
  return h.digest('hex').slice(0, 16);
}

/** The snapshot for this Medusa and bootstrap, built first if there is none; returns how long building took. */
export async function ensureSnapshot(): Promise<Snapshot & { builtMs: number }> {
  const key = snapshotKey();
  const dir = path.join(SNAPSHOTS, key);
  const read = (builtMs: number) => ({
    data: path.join(dir, 'data'),
    setup: JSON.parse(readFileSync(path.join(dir, 'setup.json'), 'utf8')) as StoreSetup,
    builtMs,
  });
  if (existsSync(path.join(dir, 'setup.json'))) return read(0);
  mkdirSync(SNAPSHOTS, { recursive: true });
  return withLock(`${dir}.lock`, async () => {
    if (existsSync(path.join(dir, 'setup.json'))) return read(0);
    const started = Date.now();
    const work = workDir('lavka-store-build-');
    try {
      const setup = await buildCluster(work);
      const staging = `${dir}.staging`;
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(staging);
      // cp -a keeps the postgres owner and the 0700 mode the server insists on.
      await run('cp', ['-a', path.join(work, 'pg', 'data'), path.join(staging, 'data')]);
      writeFileSync(path.join(staging, 'setup.json'), JSON.stringify(setup, null, 2));
      for (const old of readdirSync(SNAPSHOTS)) {
        if (!old.startsWith(key)) rmSync(path.join(SNAPSHOTS, old), { recursive: true, force: true });
      }
      renameSync(staging, dir);
      return read(Date.now() - started);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}

async function buildCluster(work: string): Promise<StoreSetup> {
  const pgDir = path.join(work, 'pg');
  makeClusterDir(pgDir);
  await initCluster(pgDir);
  const cluster = await startCluster(pgDir, await freePort());
  const env = medusaEnv(cluster.url(DATABASE));
  const server = medusaServer(await freePort(), env, path.join(work, 'medusa.log'));
  try {
    await cluster.createDb(DATABASE);
    await medusaCli(['db:migrate'], env);
    await medusaCli(['user', '-e', ADMIN.email, '-p', ADMIN.password], env);
    await server.start();
    return await bootstrapStore(`http://127.0.0.1:${server.port}`);
  } finally {
    await server.stop();
    await cluster.stop();
  }
}
