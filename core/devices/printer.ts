/**
 * Receipt printer transports and status.
 *
 * A connection per job, not a long-lived one: network printers drop idle sockets and serial adapters get unplugged,
 * and a fresh open per receipt makes "is it back?" the same code path as printing.
 *
 * Status is `DLE EOT n` (10 04 n), which needs a two-way link (TCP 9100, serial). node-thermal-printer's
 * isPrinterConnected() only tries a TCP connect and would call a printer with its cover open "ready".
 */
import { constants, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import net from 'node:net';
import { SerialPort } from 'serialport';
import { devicePathProblem } from './device-path';

export type PrinterConfig =
  | { kind: 'tcp'; host: string; port?: number }
  | { kind: 'serial'; path: string; baudRate?: number }
  /** /dev/usb/lp0 and the like, or a named pipe: write-only here, so status() is 'unknown'. */
  | { kind: 'file'; path: string };

export interface PrinterStatus {
  /** ready: prints; attention: prints but needs care soon (paper near end); error: will not print; offline: no link. */
  state: 'ready' | 'attention' | 'error' | 'offline' | 'unknown';
  online: boolean;
  coverOpen: boolean;
  paperEnd: boolean;
  paperNearEnd: boolean;
  /** Drawer kick connector pin 3; which level means "open" depends on the drawer. */
  drawerPinHigh: boolean;
  /** Raw replies to DLE EOT 1, 2 and 4; null when that one got no reply. */
  raw: { printer: number | null; offlineCause: number | null; paper: number | null };
  detail?: string;
}

const DEFAULT_TIMEOUT_MS = 2000;
const SERIAL_LINGER_MS = 150;

/** Sends bytes and resolves once they are handed to the device (TCP: the peer has them; serial: drained). */
export async function sendToPrinter(cfg: PrinterConfig, bytes: Buffer, timeoutMs = 10_000): Promise<void> {
  if (cfg.kind === 'tcp') return sendTcp(cfg.host, cfg.port ?? 9100, bytes, timeoutMs);
  if (cfg.kind === 'serial') {
    assertDevice(cfg.path);
    const port = await openSerial(cfg.path, cfg.baudRate);
    try {
      await new Promise<void>((resolve, reject) => port.write(bytes, (err) => (err ? reject(err) : resolve())));
      await new Promise<void>((resolve, reject) => port.drain((err) => (err ? reject(err) : resolve())));
      // Drained is not always delivered: some USB-serial drivers report it early, and a PTY discards what the other
      // side has not read yet when the port closes (a receipt marked printed that never arrived). Linger a moment.
      await new Promise((resolve) => setTimeout(resolve, SERIAL_LINGER_MS));
    } finally {
      await closeSerial(port);
    }
    return;
  }
  const fh = await openDevice(cfg.path);
  try {
    await writeAll(fh, bytes, Date.now() + timeoutMs);
  } finally {
    await fh.close();
  }
}

/** The settings were checked when saved, but the path may have become a file since (or a link may point elsewhere). */
function assertDevice(p: string): void {
  const problem = devicePathProblem(p);
  if (problem) throw new Error(problem);
}

/**
 * Opens a device file for writing, never creating one (no O_CREAT: a missing printer is an error, not a new file),
 * and checks what was opened is a device. A named pipe opens non-blocking: with no program reading it the open fails
 * at once (ENXIO) instead of holding a thread until one comes.
 */
async function openDevice(p: string): Promise<FileHandle> {
  assertDevice(p);
  const fifo = process.platform !== 'win32' && statSync(p).isFIFO();
  const fh = await open(p, constants.O_WRONLY | (fifo ? constants.O_NONBLOCK : 0) | (constants.O_NOCTTY ?? 0)).catch(
    (err: NodeJS.ErrnoException) => {
      throw err.code === 'ENXIO' && fifo ? new Error(`${p}: nothing is reading the pipe`) : err;
    },
  );
  if (process.platform !== 'win32') {
    const st = await fh.stat();
    if (!st.isFIFO() && !st.isCharacterDevice()) {
      await fh.close();
      throw new Error(`${p} is not a device`);
    }
  }
  return fh;
}

/** A non-blocking pipe takes what fits and says EAGAIN when full: write the rest as the reader drains it. */
async function writeAll(fh: FileHandle, bytes: Buffer, deadline: number): Promise<void> {
  for (let at = 0; at < bytes.length;) {
    try {
      at += (await fh.write(bytes, at, bytes.length - at)).bytesWritten;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      if (Date.now() > deadline) throw new Error('the printer pipe is not being read: timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

function sendTcp(host: string, port: number, bytes: Buffer, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port });
    let done = false;
    const finish = (err?: Error): void => {
      if (done) return;
      done = true;
      sock.destroy();
      if (err) reject(err);
      else resolve();
    };
    sock.setTimeout(timeoutMs, () => finish(new Error(`printer ${host}:${port}: timed out`)));
    sock.on('error', (err) => finish(err));
    sock.on('connect', () => sock.end(bytes));
    // Read and drop whatever the printer says (ASB reports): unread input makes the kernel reset the connection on
    // close, and a reset can discard bytes the printer has not consumed yet.
    sock.resume();
    // 'finish': every byte is with the kernel and FIN is sent. Then wait for the printer to close its side (it has
    // read everything), but not forever: some printers keep the socket open, and that is still a delivery.
    sock.on('finish', () => setTimeout(() => finish(), 1000).unref());
    sock.on('close', () => finish());
  });
}

function openSerial(path: string, baudRate = 9600): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    port.open((err) => (err ? reject(err) : resolve(port)));
  });
}

const closeSerial = (port: SerialPort): Promise<void> => new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));

/** A tiny request/response channel: write bytes, then wait for the next byte with a timeout. */
interface Duplex {
  write(b: Buffer): void;
  readByte(timeoutMs: number): Promise<number | null>;
  close(): Promise<void>;
}

function byteReader(): { push(chunk: Buffer): void; readByte(timeoutMs: number): Promise<number | null> } {
  const queue: number[] = [];
  let waiter: ((b: number | null) => void) | null = null;
  return {
    push(chunk) {
      for (const b of chunk) queue.push(b);
      if (waiter && queue.length) {
        const w = waiter;
        waiter = null;
        w(queue.shift()!);
      }
    },
    readByte(timeoutMs) {
      if (queue.length) return Promise.resolve(queue.shift()!);
      return new Promise((resolve) => {
        const t = setTimeout(() => {
          waiter = null;
          resolve(null);
        }, timeoutMs);
        waiter = (b) => {
          clearTimeout(t);
          resolve(b);
        };
      });
    },
  };
}

function tcpDuplex(host: string, port: number, timeoutMs: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port });
    const reader = byteReader();
    const t = setTimeout(() => {
      sock.destroy();
      reject(new Error('connect timed out'));
    }, timeoutMs);
    sock.on('data', (c) => reader.push(c));
    sock.once('error', (err) => {
      clearTimeout(t);
      reject(err);
    });
    sock.on('error', () => {}); // after connect: a reset just means no more replies
    sock.once('connect', () => {
      clearTimeout(t);
      resolve({
        write: (b) => void sock.write(b),
        readByte: reader.readByte,
        close: async () => void sock.destroy(),
      });
    });
  });
}

async function serialDuplex(path: string, baudRate?: number): Promise<Duplex> {
  assertDevice(path);
  const port = await openSerial(path, baudRate);
  const reader = byteReader();
  port.on('data', (c: Buffer) => reader.push(c));
  port.on('error', () => {});
  return { write: (b) => void port.write(b), readByte: reader.readByte, close: () => closeSerial(port) };
}

/** Real-time status replies always have bits 1 and 4 set and bits 0 and 7 clear. */
const isStatusByte = (b: number): boolean => (b & 0x93) === 0x12;

/** Asks DLE EOT n and returns the first status-shaped byte (anything else is e.g. an unsolicited ASB report). */
async function ask(d: Duplex, n: number, timeoutMs: number): Promise<number | null> {
  d.write(Buffer.from([0x10, 0x04, n]));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) return null;
    const b = await d.readByte(left);
    if (b === null) return null;
    if (isStatusByte(b)) return b;
  }
}

/** Decodes Epson DLE EOT replies: n=1 printer, n=2 offline cause, n=4 roll paper sensor. */
export function parseStatus(printer: number | null, offlineCause: number | null, paper: number | null): PrinterStatus {
  const raw = { printer, offlineCause, paper };
  if (printer === null) {
    return {
      state: 'offline',
      online: false,
      coverOpen: false,
      paperEnd: false,
      paperNearEnd: false,
      drawerPinHigh: false,
      raw,
      detail: 'no reply',
    };
  }
  const online = (printer & 0x08) === 0; // n=1 bit 3: offline
  const drawerPinHigh = (printer & 0x04) !== 0; // n=1 bit 2
  const coverOpen = offlineCause !== null && (offlineCause & 0x04) !== 0; // n=2 bit 2
  const paperEndCause = offlineCause !== null && (offlineCause & 0x20) !== 0; // n=2 bit 5: stopped, paper end
  const paperNearEnd = paper !== null && (paper & 0x0c) !== 0; // n=4 bits 2,3
  const paperEnd = paperEndCause || (paper !== null && (paper & 0x60) !== 0); // n=4 bits 5,6
  const error = !online || coverOpen || paperEnd || (offlineCause !== null && (offlineCause & 0x40) !== 0);
  return { state: error ? 'error' : paperNearEnd ? 'attention' : 'ready', online, coverOpen, paperEnd, paperNearEnd, drawerPinHigh, raw };
}

/** Never throws: a refused connection, a missing device or silence is 'offline'. */
export async function printerStatus(cfg: PrinterConfig, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<PrinterStatus> {
  if (cfg.kind === 'file') {
    return { ...parseStatus(null, null, null), state: 'unknown', detail: 'device file: one-way, no status' };
  }
  let d: Duplex;
  try {
    d = cfg.kind === 'tcp' ? await tcpDuplex(cfg.host, cfg.port ?? 9100, timeoutMs) : await serialDuplex(cfg.path, cfg.baudRate);
  } catch (err) {
    return { ...parseStatus(null, null, null), detail: (err as Error).message };
  }
  try {
    const printer = await ask(d, 1, timeoutMs);
    // A printer that does not answer the first query will not answer the others; do not wait three timeouts.
    if (printer === null) return parseStatus(null, null, null);
    const offlineCause = await ask(d, 2, timeoutMs);
    const paper = await ask(d, 4, timeoutMs);
    return parseStatus(printer, offlineCause, paper);
  } finally {
    await d.close();
  }
}

/** Opens the cash drawer on its own (no-sale, change for a customer). */
export async function openDrawer(cfg: PrinterConfig, kick: Buffer): Promise<void> {
  await sendToPrinter(cfg, kick);
}
