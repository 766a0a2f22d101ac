// Reads for test/reader.test.ts on top of the shop's: a long count the test controls, a write that must be refused,
// a worker that dies, and a series that counts the rows it produced in memory the test shares with the worker.
import type { Db } from '../db/connection';
import { shopReads } from '../db/queries/reads';

/**
 * Counts up to `max`, and stops early once the test stores 1 in `release[0]`; sets `started[0]` when it begins and
 * adds each row to `rows[0]`, so the test sees whether it still runs.
 */
function countUntilReleased(db: Db, a: { max: number; started: Int32Array; release: Int32Array; rows: Int32Array }): number {
  db.raw.function('released', { deterministic: false }, () => {
    Atomics.add(a.rows, 0, 1);
    return Atomics.load(a.release, 0);
  });
  Atomics.store(a.started, 0, 1);
  return (
    db.raw
      .prepare('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ? AND released() = 0) SELECT count(*) AS n FROM c')
      .get(a.max) as {
      n: number;
    }
  ).n;
}

function* series(db: Db, a: { n: number; produced: Int32Array }): Generator<{ x: number }> {
  for (const row of db.raw
    .prepare('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) SELECT x FROM c')
    .iterate(a.n)) {
    Atomics.add(a.produced, 0, 1);
    yield row as { x: number };
  }
}

export const testReads = {
  reads: {
    ...shopReads.reads,
    'test.count': (db: Db, a: { n: number }) =>
      (
        db.raw
          .prepare('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) SELECT count(*) AS n FROM c')
          .get(a.n) as { n: number }
      ).n,
    'test.countUntilReleased': countUntilReleased,
    'test.rename': (db: Db, a: { productId: number }) =>
      db.raw.prepare(`UPDATE products SET name = name || ' (renamed)' WHERE id = ?`).run(a.productId).changes,
    'test.exit': (): never => process.exit(7),
  },
  streams: {
    ...shopReads.streams,
    'test.series': series,
  },
};

/** The worker entry that serves testReads (test/reader-worker.ts), loaded through tsx like the app's own in source mode. */
export const TEST_ENTRY = new URL('./reader-worker.ts', import.meta.url);

export const shared = (): Int32Array => new Int32Array(new SharedArrayBuffer(4));
