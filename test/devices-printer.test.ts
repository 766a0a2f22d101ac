/**
 * Receipts to real endpoints: a TCP listener on 127.0.0.1 that records bytes stands in for a 9100 printer; a socat
 * PTY pair stands in for a serial one. Assertions decode the bytes with iconv-lite as a CP866 printer would.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, constants, existsSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { SerialPort } from 'serialport';
import { afterAll, describe, expect, it } from 'vitest';
import { includedTax, lineAmount } from '../core/money';
import { layoutToEscPos } from '../core/devices/escpos';
import { printerStatus, sendToPrinter } from '../core/devices/printer';
import { layoutReceipt, receiptToText, type ReceiptInput, type ReceiptLineInput } from '../core/devices/receipt';

const dir = mkdtempSync(path.join(tmpdir(), 'lavka-prn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KICK = Buffer.from([0x1b, 0x70, 0x00, 0x19, 0xfa]);
const CUT = Buffer.from([0x1d, 0x56, 0x00]);

function line(name: string, qty: number, price: number, taxRateBp: number, unit: 'pcs' | 'kg' = 'pcs'): ReceiptLineInput {
  const amount = lineAmount(price, qty);
  return { name, qty, unit, price, amount, taxRateBp, taxAmount: includedTax(amount, taxRateBp) };
}

const lines = [
  line('Молоко 3.2%', 2000, 8990, 1000),
  line('Сыр российский весовой «Ярославский»', 523, 89900, 2000, 'kg'),
  line('Хлеб', 1000, 5500, 1000),
];
const total = lines.reduce((s, l) => s + l.amount, 0); // 17980 + 47018 + 5500 = 70498
const RECEIPT: ReceiptInput = {
  shopName: 'Магазин',
  shopAddress: 'г. Тверь, ул. Советская, д. 5',
  number: 'S-000123',
  at: '2025-03-14T09:05:00.000Z',
  cashier: 'Анна К.',
  lines,
  total,
  payments: [
    { method: 'card', amount: 50000 },
    { method: 'cash', amount: 25000 },
  ],
  change: 75000 - total,
  footer: ['Спасибо за покупку!'],
};
const layout = layoutReceipt(RECEIPT, {
  width: 32,
  locale: 'ru',
  timeZone: 'Europe/Moscow',
  openDrawer: true,
  taxRates: [
    { name: 'НДС 20%', rateBp: 2000 },
    { name: 'НДС 10%', rateBp: 1000 },
  ],
});
const BYTES = layoutToEscPos(layout, { codePage: 'cp866' });

/** Records each connection's bytes; optionally answers DLE EOT queries. */
async function capture(port = 0, answers?: Record<number, number>): Promise<{ port: number; jobs: Buffer[]; close: () => Promise<void> }> {
  const jobs: Buffer[] = [];
  const server = net.createServer((sock) => {
    const chunks: Buffer[] = [];
    sock.on('data', (c) => {
      chunks.push(c);
      if (!answers) return;
      for (let i = 0; i + 2 < c.length; i++) {
        const reply = c[i] === 0x10 && c[i + 1] === 0x04 ? answers[c[i + 2]!] : undefined;
        if (reply !== undefined) sock.write(Buffer.from([0x00, reply])); // 0x00: noise a parser must skip
      }
    });
    sock.on('end', () => {
      jobs.push(Buffer.concat(chunks));
      sock.end();
    });
    sock.on('error', () => {});
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as net.AddressInfo).port, jobs, close: () => new Promise((r) => server.close(() => r())) };
}

function expectReceipt(bytes: Buffer): void {
  expect(bytes.subarray(0, 5)).toEqual(Buffer.from([0x1b, 0x40, 0x1b, 0x74, 17])); // init, ESC t 17 (PC866)
  expect(bytes.includes(Buffer.from([0x8c, 0xa0, 0xa3, 0xa0, 0xa7, 0xa8, 0xad]))).toBe(true); // "Магазин" in CP866
  const text = iconv.decode(bytes, 'cp866');
  const printed = text.split('\n');
  expect(printed.some((l) => l.includes('Магазин'))).toBe(true);
  expect(printed).toContain('Молоко 3.2%');
  const lr = (l: string, r: string): string => l + ' '.repeat(32 - l.length - r.length) + r;
  expect(printed).toContain(lr('  2 x 89.90', '179.80'));
  expect(printed).toContain(lr('  0.523 x 899.00', '470.18'));
  expect(printed).toContain(lr('  1 x 55.00', '55.00'));
  expect(text).toContain(lr('ИТОГО', '704.98'));
  expect(printed).toContain(lr('в т.ч. НДС 20%', '78.36'));
  expect(printed).toContain(lr('в т.ч. НДС 10%', '21.35'));
  expect(printed).toContain(lr('Карта', '500.00'));
  expect(printed).toContain(lr('Наличные', '250.00'));
  expect(printed).toContain(lr('Сдача', '45.02'));
  expect(printed).toContain(lr('Кассир:', 'Анна К.'));
  expect(printed).toContain(lr('Чек S-000123', '14.03.2025 12:05'));
  // Every line of the on-screen preview is on paper (barcode aside: the printer draws it).
  for (const l of receiptToText(layout)
    .split('\n')
    .filter((x) => x && !x.includes('|||')))
    expect(text).toContain(l);
  // CODE128 set B of the receipt number, the cut, and the full 5-byte drawer kick (exactly one ESC p).
  expect(bytes.includes(Buffer.concat([Buffer.from([0x1d, 0x6b, 73, 10]), Buffer.from('{BS-000123')]))).toBe(true);
  expect(bytes.includes(CUT)).toBe(true);
  expect(bytes.includes(KICK)).toBe(true);
  expect(bytes.indexOf(Buffer.from([0x1b, 0x70]))).toBe(bytes.lastIndexOf(Buffer.from([0x1b, 0x70])));
  expect(bytes.indexOf(KICK)).toBeGreaterThan(bytes.indexOf(CUT));
}

describe('receipt layout', () => {
  it('fits 32 columns, wraps long names, and renders the same text for the preview', () => {
    const preview = receiptToText(layout);
    for (const l of preview.split('\n')) expect([...l].length).toBeLessThanOrEqual(32);
    expect(preview).toContain('Сыр российский весовой\n"Ярославский"\n'); // «» has no CP866 byte: one-to-one substitute
    const wide = receiptToText(layoutReceipt(RECEIPT, { width: 48, locale: 'en', timeZone: 'UTC' }));
    expect(wide).toContain(`TOTAL${' '.repeat(37)}704.98`);
    expect(wide).toContain(`Receipt S-000123${' '.repeat(16)}14.03.2025 09:05`);
    expect(wide).toContain('incl. VAT 20%');
  });

  it('CP1251 uses ESC t 46', () => {
    const b = layoutToEscPos(layout, { codePage: 'cp1251' });
    expect(b.subarray(2, 5)).toEqual(Buffer.from([0x1b, 0x74, 46]));
    expect(iconv.decode(b, 'win1251')).toContain('Молоко 3.2%');
  });
});

describe('printing', () => {
  it('over TCP: Cyrillic in CP866, totals, payments, cut, 5-byte drawer kick', async () => {
    const printer = await capture();
    try {
      await sendToPrinter({ kind: 'tcp', host: '127.0.0.1', port: printer.port }, BYTES);
      await expect.poll(() => printer.jobs.length).toBe(1);
      expect(printer.jobs[0]!.equals(BYTES)).toBe(true);
      expectReceipt(printer.jobs[0]!);
    } finally {
      await printer.close();
    }
  });

  it('over a serial PTY pair (socat): the same bytes arrive', async () => {
    const A = path.join(dir, 'ttyA');
    const B = path.join(dir, 'ttyB');
    const socat: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${A}`, `pty,raw,echo=0,link=${B}`], { stdio: 'ignore' });
    try {
      await expect.poll(() => existsSync(A) && existsSync(B), { timeout: 5000 }).toBe(true);
      const printer = new SerialPort({ path: B, baudRate: 115200, autoOpen: false });
      await new Promise<void>((res, rej) => printer.open((e) => (e ? rej(e) : res())));
      const chunks: Buffer[] = [];
      printer.on('data', (c: Buffer) => {
        chunks.push(c);
        // Answer status queries like a printer with paper near its end.
        for (let i = 0; i + 2 < c.length; i++)
          if (c[i] === 0x10 && c[i + 1] === 0x04) printer.write(Buffer.from([c[i + 2] === 4 ? 0x1e : 0x12]));
      });
      await sendToPrinter({ kind: 'serial', path: A, baudRate: 115200 }, BYTES);
      await expect.poll(() => Buffer.concat(chunks).length, { timeout: 5000 }).toBe(BYTES.length);
      expect(Buffer.concat(chunks).equals(BYTES)).toBe(true);
      expectReceipt(Buffer.concat(chunks));
      const st = await printerStatus({ kind: 'serial', path: A, baudRate: 115200 }, 1000);
      expect(st).toMatchObject({ state: 'attention', online: true, paperNearEnd: true, paperEnd: false });
      await new Promise<void>((res) => printer.close(() => res()));
    } finally {
      socat.kill('SIGTERM');
      await once(socat, 'exit');
    }
  });

  it('to a device file (fs write; a named pipe stands in for /dev/usb/lp0)', async () => {
    const file = path.join(dir, 'lp0');
    execFileSync('mkfifo', [file]);
    const reader = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      await sendToPrinter({ kind: 'file', path: file }, BYTES);
      const got = Buffer.alloc(BYTES.length + 1);
      expect(got.subarray(0, readSync(reader, got)).equals(BYTES)).toBe(true);
    } finally {
      closeSync(reader);
    }
    expect((await printerStatus({ kind: 'file', path: file })).state).toBe('unknown');
  });

  it('a refused connection rejects (the queue retries it)', async () => {
    const gone = await capture();
    await gone.close();
    await expect(sendToPrinter({ kind: 'tcp', host: '127.0.0.1', port: gone.port }, BYTES)).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('status (DLE EOT 1, 2, 4)', () => {
  const tcp = (port: number) => ({ kind: 'tcp' as const, host: '127.0.0.1', port });
  it.each([
    ['ready', { 1: 0x12, 2: 0x12, 4: 0x12 }, { state: 'ready', online: true, coverOpen: false, paperEnd: false, paperNearEnd: false }],
    [
      'cover open, paper near end',
      { 1: 0x1a, 2: 0x16, 4: 0x1e },
      { state: 'error', online: false, coverOpen: true, paperEnd: false, paperNearEnd: true },
    ],
    ['paper end', { 1: 0x1a, 2: 0x32, 4: 0x7e }, { state: 'error', online: false, coverOpen: false, paperEnd: true }],
    ['near end only', { 1: 0x12, 2: 0x12, 4: 0x1e }, { state: 'attention', online: true, paperNearEnd: true }],
  ])('%s', async (_name, answers, expected) => {
    const printer = await capture(0, answers);
    try {
      const st = await printerStatus(tcp(printer.port), 1000);
      expect(st).toMatchObject(expected);
      expect(st.raw).toEqual({ printer: answers[1], offlineCause: answers[2], paper: answers[4] });
    } finally {
      await printer.close();
    }
  });

  it('no listener -> offline at once; a silent listener -> offline after the timeout', async () => {
    const gone = await capture();
    await gone.close();
    // How long each takes is a bench figure (bench/devices.ts).
    expect(await printerStatus(tcp(gone.port), 1000)).toMatchObject({ state: 'offline', online: false });
    const silent = await capture(0, {});
    try {
      expect(await printerStatus(tcp(silent.port), 300)).toMatchObject({ state: 'offline', raw: { printer: null } });
      // One timeout, not three: after the first query goes unanswered, the others are not sent.
      await expect.poll(() => silent.jobs.length).toBe(1);
      expect(silent.jobs[0]).toEqual(Buffer.from([0x10, 0x04, 1]));
    } finally {
      await silent.close();
    }
  });
});
