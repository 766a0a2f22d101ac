/**
 * The receipt printer as an outbox consumer, on real SQLite files and a real TCP "printer": what it was doing survives
 * a restart (attempts, when to try next, why it failed), and a receipt that can never print is set aside with its
 * reason instead of holding up the ones behind it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../core/app';
import { AppHost } from '../core/host';
import { outboxPrintStore, printerOutbox } from '../core/devices/print-outbox';
import { PrintQueue, type PrintQueueEvent } from '../core/devices/print-queue';
import { sendToPrinter } from '../core/devices/printer';
import { renderJob } from '../core/devices/receipt-data';
import { loadSettings } from '../core/settings';
import { inTransaction } from '../db/connection';
import { enqueue } from '../db/queries/outbox';
import { escposLines, fakePrinter, login, sell, sleep, until } from './devices-service-kit';
import { as, DEMO, MIGRATIONS, openShift, tempDir, unwrap, uuid } from './helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A port nothing listens on (bound once, then released). */
async function freePort(): Promise<number> {
  const p = await fakePrinter();
  await p.close();
  return p.port;
}

function shopAt(dir: string, demo = false) {
  const core = createCore({ dataDir: dir, migrationsDir: MIGRATIONS, version: '0.0.0-test', mode: 'local', demo });
  const close = core.close.bind(core);
  let open = true;
  cleanups.push(() => void (open && close()));
  core.close = () => {
    open = false;
    close();
  };
  return core;
}

const receiptBytes = (n: number): string => Buffer.from(`\x1b@receipt ${n}\n\x1dV\x00`, 'latin1').toString('base64');

describe('the printer after a restart', () => {
  it('a receipt that failed to print keeps its attempts, next attempt and error across a restart, waits for that time, then prints', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const port = await freePort();
    const before = shopAt(t.dir);
    inTransaction(before.db, () => enqueue(before.db, 'receipt.print', { bytes: receiptBytes(1) }));
    const events: PrintQueueEvent[] = [];
    // A minute between attempts: only retryNow (a status poll seeing the printer back) tries sooner.
    const q1 = new PrintQueue({
      send: (b) => sendToPrinter({ kind: 'tcp', host: '127.0.0.1', port }, b),
      store: outboxPrintStore(before.db),
      initialDelayMs: 60_000,
      maxDelayMs: 600_000,
      onEvent: (e) => events.push(e),
    });
    expect(await q1.reload()).toBe(1);
    await expect.poll(() => events.filter((e) => e.type === 'retrying').length).toBe(1);
    q1.retryNow();
    await expect.poll(() => events.filter((e) => e.type === 'retrying').length).toBe(2);
    q1.stop();
    await q1.idle();
    const [waiting] = printerOutbox(before.db).pending();
    expect(waiting).toMatchObject({ attempts: 2, lastError: expect.stringMatching(/ECONNREFUSED/) });
    expect(waiting!.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now() + 30_000);
    before.close();

    // The shop opens again: the same row, the same retry state.
    const after = shopAt(t.dir);
    expect(printerOutbox(after.db).pending()).toEqual([waiting]);
    const printer = await fakePrinter(port);
    cleanups.push(() => printer.close());
    const printed: PrintQueueEvent[] = [];
    const q2 = new PrintQueue({
      send: (b) => sendToPrinter({ kind: 'tcp', host: '127.0.0.1', port }, b),
      store: outboxPrintStore(after.db),
      initialDelayMs: 60_000,
      maxDelayMs: 600_000,
      onEvent: (e) => printed.push(e),
    });
    cleanups.push(() => q2.stop());
    expect(await q2.reload()).toBe(1);
    await sleep(300); // the printer is up, but the kept next attempt is a minute away
    expect(printer.jobs()).toHaveLength(0);
    q2.retryNow();
    await q2.idle();
    expect(printer.jobs().map((b) => b.toString('base64'))).toEqual([receiptBytes(1)]);
    expect(printed.at(-1)).toMatchObject({ type: 'printed', attempts: 3, pending: 0 });
    expect(printerOutbox(after.db).pending()).toEqual([]);
    expect(printerOutbox(after.db).depth()).toBe(0);
  });

  it('the shop closes with a receipt waiting for the printer; it opens with the printer back on: the receipt prints once', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const port = await freePort();
    const opts = { dataDir: t.dir, migrationsDir: MIGRATIONS, version: '0.0.0-test', mode: 'local' as const, demo: true };
    // A minute between attempts: the receipt would wait that long after the restart but for the status poll.
    const devices = { pollMs: 100, statusTimeoutMs: 300, retryInitialMs: 60_000, retryMaxMs: 600_000, log: () => {} };
    const first = new AppHost(opts, { devices });
    cleanups.push(() => first.close());
    const owner = await login(first, DEMO.owner.id, DEMO.owner.pin);
    unwrap(
      await owner('settings.set', {
        counter: { printer: { transport: 'tcp', host: '127.0.0.1', port, width: 58, codePage: 'cp866', drawer: false } },
      }),
    );
    const cashier = await login(first, DEMO.cashier.id, DEMO.cashier.pin);
    unwrap(await cashier('shift.open', { float: 0 }));
    const p = first.core!.db.raw.prepare(`SELECT id, price FROM products WHERE active = 1 AND unit = 'pcs' ORDER BY id LIMIT 1`).get() as {
      id: number;
      price: number;
    };
    const sale = await sell(cashier, [{ productId: p.id, qty: 1000 }], [{ method: 'card', amount: p.price }]);
    await until(() => (printerOutbox(first.core!.db).pending()[0]?.attempts ?? 0) >= 1, 5000, 'a failed attempt');
    await first.close();

    const printer = await fakePrinter(port);
    cleanups.push(() => printer.close());
    const second = new AppHost(opts, { devices });
    // Reopened, the file gets a quick_check in a worker that close() does not wait for (on a big shop it takes long):
    // the directory is removed once it has let go.
    cleanups.push(() => second.close().then(() => second.integrityChecked));
    await until(() => printer.jobs().length >= 1, 5000, 'the receipt printed');
    expect(escposLines(printer.jobs()[0]!).some((l) => l.includes(sale.number))).toBe(true);
    await until(() => printerOutbox(second.core!.db).depth() === 0, 5000, 'marked printed');
    await sleep(300); // room for a stray second copy
    expect(printer.jobs()).toHaveLength(1);
  });

  it('a receipt in a long backoff is not kept waiting by it once the printer settings change (here: no printer)', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const opts = { dataDir: t.dir, migrationsDir: MIGRATIONS, version: '0.0.0-test', mode: 'local' as const, demo: true };
    const host = new AppHost(opts, {
      devices: { pollMs: 100, statusTimeoutMs: 300, retryInitialMs: 60_000, retryMaxMs: 600_000, log: () => {} },
    });
    cleanups.push(() => host.close());
    const owner = await login(host, DEMO.owner.id, DEMO.owner.pin);
    unwrap(
      await owner('settings.set', {
        counter: { printer: { transport: 'tcp', host: '127.0.0.1', port: await freePort(), width: 58, codePage: 'cp866', drawer: false } },
      }),
    );
    const cashier = await login(host, DEMO.cashier.id, DEMO.cashier.pin);
    unwrap(await cashier('shift.open', { float: 0 }));
    const p = host.core!.db.raw.prepare(`SELECT id, price FROM products WHERE active = 1 AND unit = 'pcs' ORDER BY id LIMIT 1`).get() as {
      id: number;
      price: number;
    };
    await sell(cashier, [{ productId: p.id, qty: 1000 }], [{ method: 'card', amount: p.price }]);
    await until(() => (printerOutbox(host.core!.db).pending()[0]?.attempts ?? 0) >= 1, 5000, 'a failed attempt');
    unwrap(await owner('settings.set', { counter: { printer: { transport: 'none', width: 58, codePage: 'cp866', drawer: false } } }));
    await until(() => printerOutbox(host.core!.db).depth() === 0, 5000, 'consumed without a printer');
  });

  it('a receipt that cannot be rendered is set aside with its reason; the receipts around it print, and it stays aside after a restart', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    let shop = shopAt(t.dir, true);
    openShift(shop);
    const cashier = await as(shop, 'cashier');
    const sale = async (): Promise<{ id: number; number: string }> => {
      const p = shop.db.raw.prepare(`SELECT id, price FROM products WHERE active = 1 AND unit = 'pcs' ORDER BY id LIMIT 1`).get() as {
        id: number;
        price: number;
      };
      return unwrap(
        await cashier('sale.post', {
          uuid: uuid(),
          lines: [{ productId: p.id, qty: 1000 }],
          payments: [{ method: 'card', amount: p.price }],
        }),
      );
    };
    const first = await sale();
    const second = await sale();
    const port = await freePort();
    const render = (payload: unknown, topic: string): Buffer => renderJob(shop.db, loadSettings(shop.db), topic, payload);
    const store = outboxPrintStore(() => shop.db, { render });
    const q = new PrintQueue({
      send: (b) => sendToPrinter({ kind: 'tcp', host: '127.0.0.1', port }, b),
      store,
      initialDelayMs: 20,
      maxDelayMs: 50,
    });
    cleanups.push(() => q.stop());

    // The first receipt waits for the printer; behind it, a receipt of a document that does not exist, then a good one.
    inTransaction(shop.db, () => enqueue(shop.db, 'receipt.print', { docId: first.id }));
    expect(await q.reload()).toBe(1);
    inTransaction(shop.db, () => {
      enqueue(shop.db, 'receipt.print', { docId: 424242 });
      enqueue(shop.db, 'receipt.print', { docId: second.id });
    });
    expect(await q.reload()).toBe(1); // the good one; the bad one is set aside, not queued
    const aside = printerOutbox(shop.db).deadLetters();
    expect(aside).toEqual([
      expect.objectContaining({
        topic: 'receipt.print',
        payload: JSON.stringify({ docId: 424242 }),
        reason: expect.stringMatching(/render: .*424242/),
      }),
    ]);
    expect(printerOutbox(shop.db).depth()).toBe(2);

    const printer = await fakePrinter(port);
    cleanups.push(() => printer.close());
    await q.idle();
    const numbers = printer.jobs().map((b) => escposLines(b).find((l) => l.includes('S-'))!);
    expect(numbers).toEqual([expect.stringContaining(first.number), expect.stringContaining(second.number)]);
    expect(printerOutbox(shop.db).depth()).toBe(0);

    // After a restart it is neither printed nor tried again, and its reason is still there.
    q.stop();
    shop.close();
    shop = shopAt(t.dir);
    expect(printerOutbox(shop.db).deadLetters()).toEqual(aside);
    expect(await outboxPrintStore(() => shop.db, { render }).load()).toEqual([]);
  });
});
