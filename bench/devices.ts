/**
 * The printer stays off the checkout's path: a checkout's time with the network printer down, the time to queue a
 * print job while the printer is down, and how long a status poll takes against a printer that is gone (refused
 * at once) or silent (one reply timeout, not one per query). The device tests check the behaviour; these are the
 * figures, measured here so a busy machine cannot fail a test.
 */
import { once } from 'node:events';
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Caller } from '../core/api/dispatch';
import { printerOutbox } from '../core/devices/print-outbox';
import { PrintQueue } from '../core/devices/print-queue';
import { printerStatus, sendToPrinter } from '../core/devices/printer';
import { AppHost } from '../core/host';
import { MIGRATIONS, nowMs, tempDir } from './util';

export interface DeviceFigures {
  checkoutMs: number[];
  /** The same checkouts with no printer configured: what the checkout costs on this machine anyway. */
  checkoutNoPrinterMs: number[];
  enqueueMs: number[];
  statusGoneMs: number[];
  statusSilentMs: number[];
  silentTimeoutMs: number;
}

/** A port nothing listens on (bound once, then released). */
async function closedPort(): Promise<number> {
  const s = net.createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Accepts connections and never answers: a printer that hangs. */
async function silentPrinter(): Promise<{ port: number; close: () => Promise<void> }> {
  const socks = new Set<net.Socket>();
  const s = net.createServer((sock) => {
    socks.add(sock);
    sock.on('error', () => {});
    sock.on('close', () => socks.delete(sock));
  });
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  return {
    port: (s.address() as net.AddressInfo).port,
    close: () =>
      new Promise((r) => {
        for (const sock of socks) sock.destroy();
        s.close(() => r());
      }),
  };
}

async function login(host: AppHost, userId: number, pin: string): Promise<Caller> {
  const core = host.core!;
  const r = await core.call({ session: null }, 'auth.login', { userId, pin });
  if (!r.ok) throw new Error(`login ${userId} failed: ${r.error.message}`);
  return core.caller({ session: core.sessions.get((r.value as { token: string }).token) });
}

/** Checkouts (cart, one line, paid in cash) through the device service's host: the TCP printer down throughout, or none. */
async function checkouts(sales: number, printer: 'down' | 'none'): Promise<number[]> {
  const t = tempDir('lavka-bench-devices-');
  const host = new AppHost(
    { dataDir: t.dir, migrationsDir: MIGRATIONS, version: '0.0.0-bench', mode: 'local', demo: true },
    { devices: { pollMs: 200, statusTimeoutMs: 300, retryInitialMs: 50, retryMaxMs: 300 } },
  );
  try {
    const owner = await login(host, 1, '1111');
    const cashier = await login(host, 2, '2222');
    const port = await closedPort();
    const settings = printer === 'down' ? { transport: 'tcp' as const, host: '127.0.0.1', port } : { transport: 'none' as const };
    const set = await owner('settings.set', { counter: { printer: { ...settings, width: 58, codePage: 'cp866', drawer: true } } });
    if (!set.ok) throw new Error(set.error.message);
    const shift = await cashier('shift.open', { float: 0 });
    if (!shift.ok) throw new Error(shift.error.message);
    const ms: number[] = [];
    for (let i = 0; i < sales; i++) {
      const t0 = nowMs();
      const cart = await cashier('cart.current', {});
      if (!cart.ok) throw new Error(cart.error.message);
      const added = await cashier('cart.add', { cartId: cart.value.id, productId: 1 + (i % 50), qty: 1000 });
      if (!added.ok) throw new Error(added.error.message);
      const paid = await cashier('cart.pay', {
        cartId: cart.value.id,
        uuid: randomUUID(),
        payments: [{ method: 'cash', amount: added.value.total }],
      });
      if (!paid.ok) throw new Error(paid.error.message);
      ms.push(nowMs() - t0);
    }
    // What waits for the printer, as the device service reads it (drawer kicks share its queue).
    const queued = printerOutbox(host.core!.db)
      .pending(sales * 3)
      .filter((r) => r.topic === 'receipt.print').length;
    if (printer === 'down' && queued !== sales) throw new Error(`expected ${sales} receipts waiting for the printer, found ${queued}`);
    return ms.sort((a, b) => a - b);
  } finally {
    await host.close(); // after the backups running (a shift close's)
    t.cleanup();
  }
}

/** PrintQueue.enqueue while its printer refuses every connection (retrying in the background). */
async function enqueuePrinterDown(jobs: number): Promise<number[]> {
  const port = await closedPort();
  const q = new PrintQueue({
    send: (b) => sendToPrinter({ kind: 'tcp', host: '127.0.0.1', port }, b, 2000),
    initialDelayMs: 20,
    maxDelayMs: 100,
  });
  const bytes = Buffer.from('\x1b@receipt\n\x1dV\x00', 'latin1');
  const ms: number[] = [];
  try {
    for (let i = 0; i < jobs; i++) {
      const t0 = nowMs();
      q.enqueue({ id: `S-${i}`, bytes });
      ms.push(nowMs() - t0);
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 5)); // let the retries run in between
    }
  } finally {
    q.stop();
  }
  return ms.sort((a, b) => a - b);
}

export async function benchDevices(sales: number, log: (s: string) => void): Promise<DeviceFigures> {
  log(`  ${sales} checkouts with no printer, then ${sales} with the printer down…`);
  const checkoutNoPrinterMs = await checkouts(sales, 'none');
  const checkoutMs = await checkouts(sales, 'down');
  const enqueueMs = await enqueuePrinterDown(200);
  const statusGoneMs: number[] = [];
  const gone = await closedPort();
  for (let i = 0; i < 5; i++) {
    const t0 = nowMs();
    const st = await printerStatus({ kind: 'tcp', host: '127.0.0.1', port: gone }, 1000);
    statusGoneMs.push(nowMs() - t0);
    if (st.state !== 'offline') throw new Error(`a printer that is gone reads as ${st.state}`);
  }
  const silentTimeoutMs = 300;
  const statusSilentMs: number[] = [];
  const silent = await silentPrinter();
  try {
    for (let i = 0; i < 3; i++) {
      const t0 = nowMs();
      const st = await printerStatus({ kind: 'tcp', host: '127.0.0.1', port: silent.port }, silentTimeoutMs);
      statusSilentMs.push(nowMs() - t0);
      if (st.state !== 'offline') throw new Error(`a silent printer reads as ${st.state}`);
    }
  } finally {
    await silent.close();
  }
  return {
    checkoutMs,
    checkoutNoPrinterMs,
    enqueueMs,
    statusGoneMs: statusGoneMs.sort((a, b) => a - b),
    statusSilentMs: statusSilentMs.sort((a, b) => a - b),
    silentTimeoutMs,
  };
}
