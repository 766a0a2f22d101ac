/**
 * The print queue against a real TCP "printer" (a 127.0.0.1 listener that records each connection's bytes):
 * down at first (nothing listens on the port), started later on the same port.
 */
import { once } from 'node:events';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { enqueue as outboxEnqueue } from '../db/queries/outbox';
import iconv from 'iconv-lite';
import { layoutToEscPos } from '../core/devices/escpos';
import { outboxPrintStore, printerOutbox } from '../core/devices/print-outbox';
import { PrintQueue, type PrintQueueEvent } from '../core/devices/print-queue';
import { sendToPrinter } from '../core/devices/printer';
import { layoutReceipt } from '../core/devices/receipt';
import { testCore } from './helpers';

async function listen(port: number): Promise<{ port: number; jobs: Buffer[]; close: () => Promise<void> }> {
  const jobs: Buffer[] = [];
  const server = net.createServer((sock) => {
    const chunks: Buffer[] = [];
    sock.on('data', (c) => chunks.push(c));
    sock.on('end', () => {
      jobs.push(Buffer.concat(chunks));
      sock.end();
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as net.AddressInfo).port, jobs, close: () => new Promise((r) => server.close(() => r())) };
}

/** A port nothing listens on (bound once, then released). */
async function freePort(): Promise<number> {
  const s = await listen(0);
  await s.close();
  return s.port;
}

/** A real receipt: Cyrillic in CP866, cut, drawer kick. */
const SALE = layoutToEscPos(
  layoutReceipt(
    {
      shopName: 'Магазин',
      number: 'S-000001',
      at: '2025-03-14T09:05:00Z',
      cashier: 'Анна',
      lines: [{ name: 'Молоко 3.2%', qty: 1000, price: 8990, amount: 8990, taxRateBp: 1000, taxAmount: 817 }],
      total: 8990,
      payments: [{ method: 'cash', amount: 10000 }],
      change: 1010,
    },
    { width: 32, locale: 'ru', openDrawer: true },
  ),
  { codePage: 'cp866' },
);

/** Small stand-ins where only order and count matter. */
const receipt = (n: number): Buffer => Buffer.from(`\x1b@receipt ${n}\n\x1dV\x00`, 'latin1');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('print queue', () => {
  it('printer down: the job waits without blocking; printer up on the same port: printed exactly once', async () => {
    const port = await freePort();
    const events: PrintQueueEvent[] = [];
    const q = new PrintQueue({
      send: (b) => sendToPrinter({ kind: 'tcp', host: '127.0.0.1', port }, b, 2000),
      initialDelayMs: 20,
      maxDelayMs: 100,
      onEvent: (e) => events.push(e),
    });
    cleanups.push(() => q.stop());

    // The checkout does not wait for the printer: enqueue answers at once (its time is a bench figure, bench/devices.ts).
    expect(q.enqueue({ id: 'S-000001', bytes: SALE })).toBe(true);
    await expect.poll(() => events.filter((e) => e.type === 'retrying').length).toBeGreaterThanOrEqual(3);
    expect(q.pending).toBe(1);
    expect(events.find((e) => e.type === 'retrying')).toMatchObject({ error: expect.stringMatching(/ECONNREFUSED/) });
    // Backoff grows: 20, 40, 80, then capped at 100.
    const delays = events.flatMap((e) => (e.type === 'retrying' ? [e.delayMs] : []));
    expect(delays.slice(0, 3)).toEqual([20, 40, 80]);

    const printer = await listen(port);
    cleanups.push(() => printer.close());
    await q.idle();
    expect(q.enqueue({ id: 'S-000001', bytes: SALE })).toBe(false); // already printed: a re-offer is ignored
    await new Promise((r) => setTimeout(r, 300)); // room for a stray duplicate to show up
    expect(printer.jobs).toHaveLength(1);
    expect(printer.jobs[0]!.equals(SALE)).toBe(true);
    expect(iconv.decode(printer.jobs[0]!, 'cp866')).toContain('Молоко 3.2%');
    expect(printer.jobs[0]!.includes(Buffer.from([0x1b, 0x70, 0x00, 0x19, 0xfa]))).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'printed', id: 'S-000001', pending: 0 });
  });

  it('keeps order; a duplicate id while queued is ignored; retryNow skips the wait', async () => {
    const port = await freePort();
    const events: PrintQueueEvent[] = [];
    const q = new PrintQueue({
      send: (b) => sendToPrinter({ kind: 'tcp', host: '127.0.0.1', port }, b),
      initialDelayMs: 60_000,
      onEvent: (e) => events.push(e),
    });
    cleanups.push(() => q.stop());
    for (const n of [1, 2, 3]) q.enqueue({ id: String(n), bytes: receipt(n) });
    expect(q.enqueue({ id: '2', bytes: receipt(2) })).toBe(false);
    // The first attempt failed; the next one is a minute away.
    await expect.poll(() => events.some((e) => e.type === 'retrying')).toBe(true);
    const printer = await listen(port);
    cleanups.push(() => printer.close());
    q.retryNow();
    await q.idle();
    expect(printer.jobs.map((b) => b.toString('latin1'))).toEqual([1, 2, 3].map((n) => receipt(n).toString('latin1')));
  });
});

describe('print queue on the outbox table', () => {
  it('rows written in a transaction are printed once and marked delivered; failures are counted', async () => {
    const core = testCore({ demo: false });
    cleanups.push(() => core.cleanup());
    const port = await freePort();
    core.db.raw.transaction(() => {
      outboxEnqueue(core.db, 'receipt.print', { bytes: receipt(7).toString('base64') });
      outboxEnqueue(core.db, 'receipt.print', { bytes: receipt(8).toString('base64') });
    })();
    const store = outboxPrintStore(core.db);
    const q = new PrintQueue({
      send: (b) => sendToPrinter({ kind: 'tcp', host: '127.0.0.1', port }, b),
      store,
      initialDelayMs: 20,
      maxDelayMs: 50,
    });
    cleanups.push(() => q.stop());
    expect(await q.reload()).toBe(2);
    const failedAttempts = () =>
      printerOutbox(core.db)
        .pending()
        .map((r) => ({ attempts: r.attempts, last_error: r.lastError }));
    // Waits for the retries rather than a fixed time: a busy machine runs fewer of them in any given time.
    await expect.poll(() => failedAttempts()[0]!.attempts).toBeGreaterThanOrEqual(2);
    expect(await q.reload()).toBe(0); // already queued: not added twice
    expect(failedAttempts()[0]!.attempts).toBeGreaterThanOrEqual(2);
    expect(failedAttempts()[0]!.last_error).toMatch(/ECONNREFUSED/);

    const printer = await listen(port);
    cleanups.push(() => printer.close());
    await q.idle();
    expect(printer.jobs.map((b) => b.toString('latin1'))).toEqual([receipt(7), receipt(8)].map((b) => b.toString('latin1')));
    expect(printerOutbox(core.db).pending()).toEqual([]);
    expect(await q.reload()).toBe(0);
  });
});
