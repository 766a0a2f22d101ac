/**
 * Outbox consumers on real SQLite files: each reads the rows of its own topics with its own cursor, pruning removes
 * only what every consumer has passed and the retention allows, the printer's lookup is an index seek at a million
 * rows, and posting writes nothing that nobody reads.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../core/app';
import { printerOutbox } from '../core/devices/print-outbox';
import { AppHost } from '../core/host';
import { consumer, pruneOutbox } from '../core/outbox';
import { inTransaction, type Db } from '../db/connection';
import { consumerState, enqueue, OUTBOX_SQL } from '../db/queries/outbox';
import { until } from './devices-service-kit';
import { as, MIGRATIONS, openShift, tempDir, testCore, unwrap, uuid } from './helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function shop(demo = false) {
  const core = testCore({ demo });
  cleanups.push(core.cleanup);
  return core;
}

/** Writes a row as a business transaction would, `ageDays` ago; returns its id. */
function write(db: Db, topic: string, payload: object, ageDays = 0): number {
  return inTransaction(db, () => {
    enqueue(db, topic, payload);
    const id = Number(db.raw.prepare('SELECT last_insert_rowid() AS id').pluck().get());
    db.raw.prepare('UPDATE outbox SET created_at = ? WHERE id = ?').run(new Date(Date.now() - ageDays * 86400_000).toISOString(), id);
    return id;
  });
}

const ids = (rows: { id: number }[]): number[] => rows.map((r) => r.id);
const remaining = (db: Db): number[] => db.raw.prepare('SELECT id FROM outbox ORDER BY id').pluck().all() as number[];
const WEB = ['stock.changed', 'price.changed'];

describe('outbox consumers', () => {
  it('the printer and the web store each see the rows of their own topics, and one finishing rows leaves the other as it was', () => {
    const { db } = shop();
    const printer = printerOutbox(db);
    const web = consumer(db, 'webstore', WEB);
    const milkStock = write(db, 'stock.changed', { productId: 1 });
    const receipt1 = write(db, 'receipt.print', { docId: 1 });
    const milkPrice = write(db, 'price.changed', { productId: 1 });
    const kick = write(db, 'drawer.kick', { reason: 'change' });
    const breadStock = write(db, 'stock.changed', { productId: 2 });
    const receipt2 = write(db, 'receipt.print', { docId: 2 });

    expect(ids(printer.pending())).toEqual([receipt1, kick, receipt2]);
    expect(ids(web.pending())).toEqual([milkStock, milkPrice, breadStock]);
    expect([printer.depth(), web.depth()]).toEqual([3, 3]);

    // The web store syncs everything (coalesced per product, finished in any order): the printer still has its three.
    for (const id of [breadStock, milkStock, milkPrice]) web.delivered(id);
    expect(web.pending()).toEqual([]);
    expect(web.depth()).toBe(0);
    expect(ids(printer.pending())).toEqual([receipt1, kick, receipt2]);

    // The printer prints the first receipt; the web store's new row is its own.
    printer.delivered(receipt1);
    const cheesePrice = write(db, 'price.changed', { productId: 3 });
    expect(ids(printer.pending())).toEqual([kick, receipt2]);
    expect(ids(web.pending())).toEqual([cheesePrice]);

    // A shelf-label printer reading price changes too has its own cursor over the same rows.
    const labels = consumer(db, 'pricetags', ['price.changed']);
    expect(ids(labels.pending())).toEqual([milkPrice, cheesePrice]);
    labels.delivered(milkPrice);
    expect(ids(labels.pending())).toEqual([cheesePrice]);
    expect(ids(web.pending())).toEqual([cheesePrice]);
  });

  it('a batch delivered at once ends as delivering each row would: the cursor past it, a row after a gap still pending', () => {
    const { db } = shop();
    const web = consumer(db, 'webstore', WEB);
    const printer = printerOutbox(db);
    const [a, b] = [write(db, 'stock.changed', { productId: 1 }), write(db, 'price.changed', { productId: 1 })];
    const receipt = write(db, 'receipt.print', { docId: 1 });
    write(db, 'stock.changed', { productId: 1 });
    const d = write(db, 'stock.changed', { productId: 2 });
    const e = write(db, 'stock.changed', { productId: 3 });
    web.failed(a, 'offline', new Date());
    expect(web.pending()[0]).toMatchObject({ id: a, attempts: 1 });

    // Everything pending up to its last row (what `pending` gave): done, the failure with it, the printer's row untouched.
    web.deliveredAll(ids(web.pending(3)));
    expect(ids(web.pending())).toEqual([d, e]);
    expect(web.depth()).toBe(2);
    expect(consumerState(db, 'webstore')).toMatchObject({ retryId: null, attempts: 0 });
    expect(ids(printer.pending())).toEqual([receipt]);

    // Rows out of order (one left between): the one behind the gap stays pending, the rest are finished ahead.
    const f = write(db, 'stock.changed', { productId: 4 });
    web.deliveredAll([d, f]);
    expect(ids(web.pending())).toEqual([e]);
    web.deliveredAll([e, e, b]);
    expect(web.pending()).toEqual([]);
    expect(web.depth()).toBe(0);
    const g = write(db, 'price.changed', { productId: 5 });
    expect(ids(web.pending())).toEqual([g]);
  });

  it("a batch's ids and the values its payloads name, read in SQL, are those of its pending rows", () => {
    const { db } = shop();
    const web = consumer(db, 'webstore', WEB);
    write(db, 'stock.changed', { productIds: [9] });
    web.delivered(web.pendingIds(1)[0]!);
    const a = write(db, 'stock.changed', { productIds: [1, 2] });
    write(db, 'receipt.print', { docId: 1 });
    const b = write(db, 'price.changed', { productIds: [3] });
    const c = write(db, 'stock.changed', { productIds: [2, 4] });
    const d = write(db, 'stock.changed', { productIds: [5] });
    web.deliveredAll([d]); // finished ahead: what it names is no longer pending
    const e = write(db, 'stock.changed', { productIds: [6] });
    expect(web.pendingIds(50)).toEqual(ids(web.pending(50)));
    expect(web.pendingIds(50)).toEqual([a, b, c, e]);
    expect(web.pendingIds(3)).toEqual([a, b, c]);
    const values = (topic: string, upTo: number) => (web.pendingValues(topic, '$.productIds', upTo) as number[]).sort();
    expect(values('stock.changed', c)).toEqual([1, 2, 4]);
    expect(values('stock.changed', e)).toEqual([1, 2, 4, 6]);
    expect(values('price.changed', e)).toEqual([3]);
    expect(values('receipt.print', e)).toEqual([]); // not this consumer's topic
  });

  it('pruning removes only rows older than the retention that every consumer of their topic has passed, in batches', () => {
    const { db } = shop();
    const printer = printerOutbox(db);
    const web = consumer(db, 'webstore', WEB);
    const oldReceipt = write(db, 'receipt.print', { docId: 1 }, 40);
    const oldStock = write(db, 'stock.changed', { productId: 1 }, 40);
    const unrenderable = write(db, 'receipt.print', { docId: 404 }, 40);
    write(db, 'legacy.topic', { id: 1 }, 40); // nobody reads it: only its age counts
    const oldStockUnsynced = write(db, 'stock.changed', { productId: 2 }, 40);
    const recentReceipt = write(db, 'receipt.print', { docId: 2 }, 1);
    const recentStock = write(db, 'stock.changed', { productId: 3 }, 1);
    printer.delivered(oldReceipt);
    printer.deadLetter(unrenderable, 'render: document 404 does not exist');
    printer.delivered(recentReceipt);
    web.delivered(oldStock); // the web store went offline after its first row

    const batches: number[] = [];
    for (let n = -1; n !== 0;) batches.push((n = pruneOutbox(db, { batch: 2 })));
    expect(batches).toEqual([2, 2, 0]);
    expect(remaining(db)).toEqual([oldStockUnsynced, recentReceipt, recentStock]);
    expect(printer.deadLetters()).toEqual([]); // its reason went with the row
    expect(ids(web.pending())).toEqual([oldStockUnsynced, recentStock]);

    // Back online: once it has passed them, the old row goes; the recent ones wait for their age.
    web.delivered(oldStockUnsynced);
    web.delivered(recentStock);
    expect(pruneOutbox(db)).toBe(1);
    expect(remaining(db)).toEqual([recentReceipt, recentStock]);
    // A year later everything goes; the next row still gets a new id and is pending for the printer.
    expect(pruneOutbox(db, { now: new Date(Date.now() + 365 * 86400_000) })).toBe(2);
    expect(remaining(db)).toEqual([]);
    const next = write(db, 'receipt.print', { docId: 3 });
    expect(next).toBeGreaterThan(recentStock);
    expect(ids(printer.pending())).toEqual([next]);
  });

  it('the device service prunes at start: old rows the printer has printed go, the rest stays', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const opts = { dataDir: t.dir, migrationsDir: MIGRATIONS, version: '0.0.0-test', mode: 'local' as const };
    const core = createCore(opts);
    const old = Array.from({ length: 5 }, (_, i) => write(core.db, 'receipt.print', { docId: i + 1 }, 60));
    const unsynced = write(core.db, 'stock.changed', { productId: 1 }, 60);
    const recent = write(core.db, 'receipt.print', { docId: 6 }, 2);
    consumer(core.db, 'webstore', WEB); // registered, offline
    for (const id of [...old, recent]) printerOutbox(core.db).delivered(id);
    core.close();
    const host = new AppHost(opts, { devices: { log: () => {} } });
    // Reopened, the file gets a quick_check in a worker that close() does not wait for (on a big shop it takes long):
    // the directory is removed once it has let go (CI: ENOTEMPTY).
    cleanups.push(() => host.close().then(() => host.integrityChecked));
    await until(() => remaining(host.core!.db).length === 2, 5000, 'outbox pruned');
    expect(remaining(host.core!.db)).toEqual([unsynced, recent]);
  });

  it("at a million rows of other topics and of rows it has passed, the printer's lookup is an index seek and finds its rows", () => {
    const { db } = shop();
    const web = consumer(db, 'webstore', WEB);
    // A shop's history: receipts the printer has printed, and stock and price changes the web store never synced.
    db.raw.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
      INSERT INTO outbox (topic, payload, created_at)
      SELECT CASE i % 4 WHEN 0 THEN 'receipt.print' WHEN 1 THEN 'price.changed' ELSE 'stock.changed' END, '{"productId":' || (i % 5000) || '}', '2025-01-01T00:00:00.000Z' FROM n`);
    db.raw.prepare(`UPDATE outbox_consumers SET cursor = 1000000 WHERE name = 'printer'`).run();
    const fresh = [
      write(db, 'receipt.print', { docId: 1 }),
      write(db, 'stock.changed', { productId: 1 }),
      write(db, 'drawer.kick', {}),
      write(db, 'receipt.print', { docId: 2 }),
    ];

    const printer = printerOutbox(db);
    expect(ids(printer.pending())).toEqual([fresh[0], fresh[2], fresh[3]]);
    expect(printer.depth()).toBe(3);
    expect(web.depth()).toBe(750_001);
    const plans: [string, unknown[]][] = [
      [OUTBOX_SQL.pending, ['receipt.print', 1_000_000, 'printer', 50]],
      [OUTBOX_SQL.countAbove, ['receipt.print', 1_000_000]],
    ];
    for (const [sql, params] of plans) {
      const plan = (db.raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
      expect(plan[0], sql).toMatch(/^SEARCH o(utbox)? USING (COVERING )?INDEX outbox_topic_idx \(topic=\? AND id>\?\)$/);
      expect(
        plan.filter((d) => d.startsWith('SCAN')),
        sql,
      ).toEqual([]);
    }
  });

  it('posting, cancelling and paying at the counter write no row that no consumer reads (no doc.posted, no doc.cancelled)', async () => {
    const core = shop(true);
    openShift(core);
    const owner = await as(core, 'owner');
    const cashier = await as(core, 'cashier');
    const p = core.db.raw.prepare(`SELECT id, price FROM products WHERE active = 1 AND unit = 'pcs' ORDER BY id LIMIT 1`).get() as {
      id: number;
      price: number;
    };
    const sale = unwrap(
      await owner('sale.post', { uuid: uuid(), lines: [{ productId: p.id, qty: 1000 }], payments: [{ method: 'cash', amount: p.price }] }),
    );
    unwrap(await owner('doc.cancel', { id: sale.id, uuid: uuid(), reason: 'wrong item' }));
    const cart = unwrap(await cashier('cart.current', {}));
    const c = unwrap(await cashier('cart.add', { cartId: cart.id, productId: p.id }));
    unwrap(await cashier('cart.pay', { cartId: cart.id, uuid: uuid(), payments: [{ method: 'cash', amount: c.total }] }));
    const topics = core.db.raw.prepare('SELECT DISTINCT topic FROM outbox ORDER BY topic').pluck().all();
    expect(topics).toEqual(['receipt.print']);
    const read = new Set(
      (core.db.raw.prepare('SELECT topics FROM outbox_consumers').pluck().all() as string[]).flatMap((t) => JSON.parse(t) as string[]),
    );
    expect(topics.every((t) => read.has(t as string))).toBe(true);
  });
});
