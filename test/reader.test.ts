// core/reader: long reads on a read-only connection in a worker thread, so the till's thread never waits for them.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/app';
import { lossReport } from '../core/counter/loss';
import { AppHost } from '../core/host';
import { readerEntry } from '../core/reader';
import { InlineReader } from '../core/reader/inline';
import { READER_NICE_STEP } from '../core/reader/serve';
import { WorkerReader } from '../core/reader/pool';
import { ReaderError, type Reader } from '../core/reader/types';
import { shopReads } from '../db/queries/reads';
import { as, MIGRATIONS, openShift, tempDir, unwrap, uuid } from './helpers';
import { shared, TEST_ENTRY, testReads } from './reader-kit';

type TestReader = Reader<typeof testReads>;

const cleanups: (() => unknown)[] = [];
const run = async (list: (() => unknown)[]) => {
  for (const c of list.splice(0).reverse()) await c();
};
afterEach(() => run(cleanups));

/** A demo shop on a real file; `readerWorkers` as the app would pass it (0: inline). */
function shop(readerWorkers: number, list = cleanups): Core {
  const t = tempDir();
  const core = createCore({ dataDir: t.dir, migrationsDir: MIGRATIONS, version: '0.0.0-test', mode: 'local', demo: true, readerWorkers });
  list.push(
    t.cleanup,
    () => core.close(),
    () => core.svc.reader.close(),
  );
  return core;
}

/** A worker reader serving the shop's reads plus test/reader-kit.ts's, on the shop's file. */
function testReader(core: Core, list = cleanups): TestReader {
  const reader = new WorkerReader<typeof testReads>({ file: core.dbFile, workers: 1, entry: TEST_ENTRY, devBoot: readerEntry().devBoot });
  list.push(() => reader.close());
  return reader;
}

// One shop (its own reader in a worker) and one test reader on it for the tests that do not replace the file.
const suite: (() => unknown)[] = [];
let core: Core;
let reader: TestReader;
beforeAll(() => {
  core = shop(1, suite);
  openShift(core);
  reader = testReader(core, suite);
});
afterAll(() => run(suite));

const ALL_DAYS = { from: '2000-01-01', to: '2999-12-31' };

/** A product's stock from its movement journal (report.movements, streamed by the worker): the sum of its quantities. */
const onHandOf = async (reader: Reader, productId: number): Promise<number> => {
  let qty = 0;
  await reader.stream('report.movements', { ...ALL_DAYS, productId }, (rows) => {
    for (const r of rows) qty += (r as { qty: number }).qty;
  });
  return qty;
};

const receive = async (core: Core, productId: number, qty: number) =>
  unwrap(
    await (
      await as(core, 'owner')
    )('doc.post', { type: 'receipt', uuid: uuid(), locationId: 1, lines: [{ productId, qty, unitCost: 100 }] }),
  );

const rejection = async (p: Promise<unknown>): Promise<ReaderError> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ReaderError)) throw new Error(`expected a ReaderError, got ${String(err)}`);
  return err;
};

/** Each thread of this process and its nice value (Linux: the 19th field of /proc/self/task/<tid>/stat). */
const threadNice = (): Map<number, number> =>
  new Map(
    readdirSync('/proc/self/task').map((tid) => {
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return [Number(tid), Number(fields[16])];
    }),
  );

describe('the reader', () => {
  it.runIf(process.platform === 'linux')('runs its worker below the thread that answers the till (Linux: a nice of its own)', async () => {
    const core = shop(1);
    const before = threadNice();
    await core.svc.reader.run('report.valuation', { date: ALL_DAYS.to });
    const after = threadNice();
    const main = before.get(process.pid)!;
    expect(after.get(process.pid)).toBe(main);
    // The worker thread, started for the read (this process may run under `nice` already: relative to it).
    expect([...after].filter(([tid, nice]) => !before.has(tid) && nice === Math.min(19, main + READER_NICE_STEP))).not.toEqual([]);
  });

  it('sees what the till committed, each read as of its start', async () => {
    const before = await onHandOf(core.svc.reader, 7);
    await receive(core, 7, 5000);
    expect(await onHandOf(core.svc.reader, 7)).toBe(before + 5000);
    // …and agrees with the ledger the writer keeps.
    const onHand = core.db.raw.prepare('SELECT SUM(qty) AS q FROM on_hand WHERE product_id = 7').get() as { q: number };
    expect(await onHandOf(core.svc.reader, 7)).toBe(onHand.q);
  });

  it('cannot write: the attempt fails with a clear error and changes nothing', async () => {
    const name = () => (core.db.raw.prepare('SELECT name FROM products WHERE id = 1').get() as { name: string }).name;
    const was = name();
    const inline = new InlineReader(core.dbFile, testReads);
    cleanups.push(() => inline.close());
    for (const r of [reader, inline]) {
      const err = await rejection(r.run('test.rename', { productId: 1 }));
      expect(err.reason).toBe('query_failed');
      expect(err.message).toMatch(/test\.rename failed in the reader: attempt to write a readonly database/);
    }
    expect(name()).toBe(was);
  });

  it('a long read in the worker does not hold up the till: scans finish while it still runs', async () => {
    await reader.run('test.count', { n: 1 }); // the worker is up
    const started = shared();
    const release = shared();
    let longDone = false;
    // Runs until released (or 50M rows): it cannot end before the scans below unless it blocks them.
    const long = reader.run('test.countUntilReleased', { max: 50_000_000, started, release, rows: shared() }).then((n) => {
      longDone = true;
      return n;
    });
    while (!Atomics.load(started, 0)) await new Promise((r) => setImmediate(r));
    const cashier = await as(core, 'cashier');
    const cart = unwrap(await cashier('cart.current', {}));
    const had = cart.lines.find((l) => l.productId === 1)?.qty ?? 0;
    for (let i = 0; i < 20; i++) unwrap(await cashier('cart.scan', { cartId: cart.id, code: '4607001000013' }));
    unwrap(await cashier('catalog.search', { q: 'milk' }));
    expect(longDone).toBe(false);
    expect(unwrap(await cashier('cart.current', {})).lines.find((l) => l.productId === 1)?.qty).toBe(had + 20_000);
    Atomics.store(release, 0, 1);
    expect(await long).toBeLessThan(50_000_000);
  });

  it('streams every row in batches, never more than two batches ahead of the consumer', async () => {
    const produced = shared();
    const seen: number[] = [];
    const sizes: number[] = [];
    let aheadWhileFirstHeld = -1;
    const summary = await reader.stream(
      'test.series',
      { n: 12_345, produced },
      async (rows) => {
        if (!sizes.length) {
          // Hold the first batch: the worker reads its window (two batches) and then waits for us.
          while (Atomics.load(produced, 0) < 2000) await new Promise((r) => setImmediate(r));
          await new Promise((r) => setTimeout(r, 100));
          aheadWhileFirstHeld = Atomics.load(produced, 0);
        }
        sizes.push(rows.length);
        for (const r of rows) seen.push(r.x);
      },
      { batchSize: 1000 },
    );
    expect(summary).toEqual({ rows: 12_345, batches: 13 });
    expect(sizes).toEqual([...Array<number>(12).fill(1000), 345]);
    expect(seen).toEqual(Array.from({ length: 12_345 }, (_, i) => i + 1));
    expect(aheadWhileFirstHeld).toBe(2000);
  });

  it('the movement journal streams every movement in its order (day, then posting), with its document', async () => {
    await receive(core, 9, 1000);
    const want = core.db.raw
      .prepare('SELECT document_id AS documentId, qty_delta AS qty FROM stock_movements ORDER BY business_date, id')
      .all() as { documentId: number; qty: number }[];
    const got: { documentId: number; qty: number; docType: string; docNumber: string; sku: string }[] = [];
    const summary = await core.svc.reader.stream('report.movements', ALL_DAYS, (rows) => void got.push(...(rows as never[])), {
      batchSize: 7,
    });
    expect(got.map((r) => ({ documentId: r.documentId, qty: r.qty }))).toEqual(want);
    expect(summary).toEqual({ rows: want.length, batches: Math.ceil(want.length / 7) });
    const sku = (core.db.raw.prepare('SELECT sku FROM products WHERE id = 9').get() as { sku: string }).sku;
    expect(got.at(-1)).toMatchObject({ docType: 'receipt', sku, qty: 1000, docNumber: expect.any(String) });
  });

  it('a cancelled export stops the worker reading; the promise rejects as cancelled and the worker takes the next read', async () => {
    const produced = shared();
    const stop = new AbortController();
    let batches = 0;
    const exported = reader.stream(
      'test.series',
      { n: 5_000_000, produced },
      () => {
        if (++batches === 3) stop.abort();
      },
      { batchSize: 1000, signal: stop.signal },
    );
    const err = await rejection(exported);
    expect(err.reason).toBe('cancelled');
    expect(err.message).toBe('test.series was cancelled');
    expect(batches).toBe(3);
    // Three batches consumed, at most two more read ahead: nowhere near the five million.
    expect(Atomics.load(produced, 0)).toBeLessThanOrEqual(5000);
    // One worker: it is free again, so it left the stream.
    expect(await reader.run('test.count', { n: 10 })).toBe(10);
    expect(Atomics.load(produced, 0)).toBeLessThanOrEqual(5000);
  });

  it('a cancelled long read stops its worker; the next read gets a fresh one', async () => {
    const started = shared();
    const rows = shared();
    const stop = new AbortController();
    const long = reader.run('test.countUntilReleased', { max: 50_000_000, started, release: shared(), rows }, { signal: stop.signal });
    while (!Atomics.load(started, 0)) await new Promise((r) => setImmediate(r));
    stop.abort();
    const err = await rejection(long);
    expect([err.reason, err.message]).toEqual(['cancelled', 'test.countUntilReleased was cancelled']);
    expect(await reader.run('test.count', { n: 3 })).toBe(3);
    // suspend waits for every thread it stops, the cancelled one too: after it, that query no longer counts.
    await reader.suspend('checking the cancelled read stopped');
    reader.resume();
    const counted = Atomics.load(rows, 0);
    expect(await reader.run('test.count', { n: 4 })).toBe(4);
    expect(Atomics.load(rows, 0)).toBe(counted);
  });

  it('a worker that dies fails the read it ran with a clear error, and the next read works', async () => {
    const err = await rejection(reader.run('test.exit', {} as never));
    expect(err.reason).toBe('worker_lost');
    expect(err.message).toBe('the reader worker exited with code 7 while running test.exit; run it again');
    expect(await reader.run('test.count', { n: 5 })).toBe(5);
  });

  it('after backup.restore through the API the reader reads the restored file', async () => {
    const core = shop(1);
    const owner = await as(core, 'owner');
    const backup = unwrap(await owner('backup.create', {}));
    const before = await onHandOf(core.svc.reader, 7);
    await receive(core, 7, 5000);
    // The worker has its connection open on the file the restore replaces.
    expect(await onHandOf(core.svc.reader, 7)).toBe(before + 5000);
    unwrap(await owner('backup.restore', { name: backup.name }));
    expect(await onHandOf(core.svc.reader, 7)).toBe(before);
    const again = await as(core, 'owner');
    expect(unwrap(await again('report.loss', {})).byUser).toEqual([]);
  });

  it('the loss report from the worker is the report read inline', async () => {
    const cashier = await as(core, 'cashier');
    const cart = unwrap(await cashier('cart.current', {}));
    const c = unwrap(await cashier('cart.add', { cartId: cart.id, productId: 1, qty: 2000 }));
    unwrap(await cashier('cart.removeLine', { cartId: cart.id, lineId: c.lines[0]!.id, approval: { userId: 4, pin: '4444' } }));
    expect((await cashier('users.list', {})).ok).toBe(false);
    const inline = new InlineReader(core.dbFile, shopReads);
    cleanups.push(() => inline.close());
    const viaWorker = unwrap(await (await as(core, 'owner'))('report.loss', {}));
    expect(viaWorker.byUser.find((u) => u.userId === 2)?.voidedLines).toBeGreaterThanOrEqual(1);
    expect(viaWorker).toEqual(await lossReport(inline, {}));
  });

  it('the app host runs reads in worker threads', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const host = new AppHost(
      { dataDir: t.dir, migrationsDir: MIGRATIONS, version: '0.0.0-test', mode: 'local', demo: true },
      { devices: false },
    );
    cleanups.push(() => host.close());
    expect(host.core!.svc.reader).toBeInstanceOf(WorkerReader);
    const login = unwrap(await host.call({ session: null }, 'auth.login', { userId: 1, pin: '1111' })) as { token: string };
    const r = await host.call({ session: host.sessions.get(login.token) }, 'report.loss', {});
    expect(r).toMatchObject({ ok: true, value: { byUser: [], countShortages: [] } });
  });
});
