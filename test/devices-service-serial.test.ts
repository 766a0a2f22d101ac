/**
 * The device service with serial devices on socat PTY pairs: a receipt printer (the test holds the far end, records
 * bytes and answers DLE EOT) and a barcode scanner (the test writes codes into the far end). Configured through
 * settings.set while running; scans arrive as core events. Also: a backup.restore restarts the service.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import type { ApiEvent } from '../core/contract/api';
import { DEMO, unwrap } from './helpers';
import {
  CUT,
  KICK,
  escposLines,
  login,
  lr,
  ptyPair,
  sell,
  stripStatusQueries,
  until,
  type PtyPair,
  type TestHost,
  startHost,
} from './devices-service-kit';

const W = 48; // 80 mm paper
const dir = mkdtempSync(path.join(tmpdir(), 'lavka-devser-'));
let t: TestHost;
let owner: Caller;
let cashier: Caller;
let milk = 0;
const printerPty: PtyPair = ptyPair(dir, 'prn');
const scannerPty: PtyPair = ptyPair(dir, 'scn');

const openPort = async (p: string, baudRate: number): Promise<SerialPort> => {
  const port = new SerialPort({ path: p, baudRate, autoOpen: false });
  await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
  return port;
};
const closePort = (port: SerialPort | null): Promise<void> => new Promise((res) => (port?.isOpen ? port.close(() => res()) : res()));

/** The printer end: records what arrives, answers DLE EOT n like a ready Epson. */
let printerEnd: SerialPort | null = null;
const received: Buffer[] = [];

beforeAll(async () => {
  await printerPty.plug();
  printerEnd = await openPort(printerPty.b, 115200);
  printerEnd.on('data', (c: Buffer) => {
    received.push(c);
    for (let i = 0; i + 2 < c.length; i++) if (c[i] === 0x10 && c[i + 1] === 0x04) printerEnd!.write(Buffer.from([0x12]));
  });
  t = startHost();
  owner = await login(t.host, DEMO.owner.id, DEMO.owner.pin);
  cashier = await login(t.host, DEMO.cashier.id, DEMO.cashier.pin);
  unwrap(
    await owner('settings.set', {
      shopName: 'Лавка',
      locale: 'ru',
      counter: { printer: { transport: 'serial', path: printerPty.a, baudRate: 115200, width: 80, codePage: 'cp866', drawer: true } },
    }),
  );
  milk = unwrap(await owner('catalog.upsert', { sku: 'MLK', name: 'Молоко 3.2%', unit: 'pcs', price: 8990, taxRateBp: 1000 })).id;
  unwrap(await cashier('shift.open', { float: 0 }));
});

afterAll(async () => {
  await t?.cleanup();
  await closePort(printerEnd);
  await printerPty.stop();
  await scannerPty.stop();
  rmSync(dir, { recursive: true, force: true });
});

const printed = (): Buffer => stripStatusQueries(Buffer.concat(received));
const statusEvents = (): Extract<ApiEvent, { type: 'scanner.status' }>[] =>
  t.events.filter((e): e is Extract<ApiEvent, { type: 'scanner.status' }> => e.type === 'scanner.status');
const scans = (): string[] => t.events.flatMap((e) => (e.type === 'scanner.scan' ? [e.code] : []));

describe('device service with serial devices', () => {
  it('prints a cash sale to a serial printer: 48 columns of CP866, cut, 5-byte kick', async () => {
    await until(async () => unwrap(await cashier('printer.status', {})).state === 'ok', 5000, 'serial printer ok');
    // Only this sale's receipt: what earlier tests printed is not part of it.
    received.splice(0);
    const sale = await sell(cashier, [{ productId: milk, qty: 2000 }], [{ method: 'cash', amount: 20000 }]);
    await until(() => printed().includes(KICK), 5000, 'receipt with kick');
    const bytes = printed();
    const lines = escposLines(bytes);
    expect(lines.some((l) => l.trim() === 'Лавка')).toBe(true);
    expect(lines).toContain('Молоко 3.2%');
    expect(lines).toContain(lr('  2 x 89.90', '179.80', W));
    expect(lines).toContain(lr('ИТОГО', '179.80', W));
    expect(lines).toContain(lr('Наличные', '200.00', W));
    expect(lines).toContain(lr('Сдача', '20.20', W));
    expect(lines.some((l) => l.startsWith(`Чек ${sale.number} `))).toBe(true);
    expect(bytes.indexOf(KICK)).toBeGreaterThan(bytes.indexOf(CUT));
    const preview = unwrap(await cashier('receipt.preview', { docId: sale.id }));
    expect(preview.width).toBe(80);
    expect(lines.map((l) => l.trimEnd()).filter(Boolean)).toEqual(preview.text.split('\n').filter((l) => l && !l.includes('|||')));
  });

  it('a serial scanner set through settings.set: scans (GS kept) arrive as scanner.scan events; unplug and replug; removed', async () => {
    await scannerPty.plug();
    unwrap(await owner('settings.set', { counter: { scanner: { path: scannerPty.b, baudRate: 9600, suffix: 'CR' } } }));
    // Setting the scanner leaves the printer as it was.
    expect(unwrap(await owner('settings.get', {})).counter.printer).toMatchObject({ transport: 'serial', path: printerPty.a });
    await until(() => statusEvents().some((e) => e.connected), 5000, 'scanner connected');
    expect(statusEvents().at(-1)).toEqual({ type: 'scanner.status', connected: true, path: scannerPty.b });

    const gun = await openPort(scannerPty.a, 9600);
    const gs1 = '0104601234567893' + '21ABC"%x5!' + '\x1d' + '91EE06' + '\x1d' + '92dGVzdA==';
    await new Promise<void>((res) => gun.write(Buffer.from(gs1 + '\r', 'latin1'), () => gun.drain(() => res())));
    await until(() => scans().length === 1, 5000, 'scan event');
    expect(scans()[0]).toBe(gs1);

    // Unplug: the status goes false; plug back in: true again, and the same service reads on.
    await closePort(gun);
    await scannerPty.stop();
    await until(() => statusEvents().at(-1)?.connected === false, 5000, 'scanner disconnected');
    await scannerPty.plug();
    await until(() => statusEvents().at(-1)?.connected === true, 5000, 'scanner reconnected');
    const gun2 = await openPort(scannerPty.a, 9600);
    await new Promise<void>((res) => gun2.write('4601234567893\r', () => gun2.drain(() => res())));
    await until(() => scans().length === 2, 5000, 'scan after replug');
    expect(scans()[1]).toBe('4601234567893');
    await closePort(gun2);

    unwrap(await owner('settings.set', { counter: { scanner: null } }));
    await until(() => statusEvents().at(-1)?.connected === false, 5000, 'scanner removed');
  });

  it('backup.restore restarts the device service on the restored database', async () => {
    const backup = unwrap(await owner('backup.create', {}));
    // A sale after the backup prints (outbox row N) and is then undone by the restore; the next sale on the restored
    // database gets row id N again, and must print: a service kept across the swap would take it for printed.
    const lost = await sell(cashier, [{ productId: milk, qty: 1000 }], [{ method: 'card', amount: 8990 }]);
    await until(() => escposLines(printed()).some((l) => l.startsWith(`Чек ${lost.number} `)), 5000, 'receipt before restore');
    const before = printed().length;
    unwrap(await owner('backup.restore', { name: backup.name }));
    // Sessions end with a restore: sign in again (for the tests after this one too), then sell and print as before.
    owner = await login(t.host, DEMO.owner.id, DEMO.owner.pin);
    cashier = await login(t.host, DEMO.cashier.id, DEMO.cashier.pin);
    const cashier2 = cashier;
    await until(async () => unwrap(await cashier2('printer.status', {})).state === 'ok', 5000, 'printer ok after restore');
    const sale = await sell(cashier2, [{ productId: milk, qty: 1000 }], [{ method: 'card', amount: 8990 }]);
    expect(sale.number).toBe(lost.number); // the restored ledger numbers on from the backup
    await until(
      () => escposLines(printed().subarray(before)).some((l) => l.startsWith(`Чек ${sale.number} `)),
      5000,
      'receipt after restore',
    );
  });
});
