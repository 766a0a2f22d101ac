/**
 * Serial / USB-CDC barcode scanner (/dev/ttyACM0, COM3): reads lines, emits complete codes.
 *
 * Why not a keyboard wedge: a serial scanner keeps the GS (0x1D) separators GS1 DataMatrix codes need, and does not
 * depend on window focus. Bytes are decoded as latin1 so every byte maps to exactly one char (GS stays '\x1d');
 * `bytes` carries the exact buffer too.
 *
 * Unplugging closes the port (serialport reports `disconnected`); the reader then polls until the path exists again
 * and reopens it, so the till keeps working after a cable wiggle without a restart. The close does not always come
 * (a hang-up the poller never sees, seen with PTYs under load), so while open the reader also checks that the device
 * path is still there and treats its disappearance as an unplug.
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';

export type ScannerSuffix = 'CR' | 'CRLF' | 'LF' | 'any';

export interface SerialScannerOptions {
  path: string;
  baudRate?: number;
  /** Line terminator the scanner is configured for; 'any' accepts CR, LF or CRLF (and drops empty lines). */
  suffix?: ScannerSuffix;
  /** How often to retry opening after an unplug or a failed open. */
  reconnectMs?: number;
  /** A line longer than this is noise (wrong baud rate, no suffix configured): it is dropped. */
  maxLength?: number;
}

export interface ScannedCode {
  code: string;
  bytes: Buffer;
  at: number;
}

export type ScannerState = 'opening' | 'open' | 'waiting' | 'stopped';

export interface SerialScannerEvents {
  code: [ScannedCode];
  state: [ScannerState, string?];
  /** Non-fatal problems (a failed open, a dropped over-long line); the reader keeps retrying. */
  warning: [Error];
}

const CR = 0x0d;
const LF = 0x0a;

export class SerialScanner extends EventEmitter<SerialScannerEvents> {
  private port: SerialPort | null = null;
  private buf: Buffer = Buffer.alloc(0);
  private timer: NodeJS.Timeout | null = null;
  private watch: NodeJS.Timeout | null = null;
  private stopped = true;
  private _state: ScannerState = 'stopped';
  private readonly o: Required<SerialScannerOptions>;

  constructor(options: SerialScannerOptions) {
    super();
    this.o = { baudRate: 9600, suffix: 'any', reconnectMs: 1000, maxLength: 4096, ...options };
  }

  get state(): ScannerState {
    return this._state;
  }

  /** Starts reading; never throws for a missing device (it waits for it). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.unwatch();
    const port = this.port;
    this.port = null;
    this.setState('stopped');
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private setState(s: ScannerState, detail?: string): void {
    if (this._state === s) return;
    this._state = s;
    this.emit('state', s, detail);
  }

  private open(): void {
    if (this.stopped) return;
    if (!existsSync(this.o.path)) return this.retry('device not present');
    this.setState('opening');
    const port = new SerialPort({ path: this.o.path, baudRate: this.o.baudRate, autoOpen: false });
    this.port = port;
    port.on('data', (chunk: Buffer) => this.onData(chunk));
    // One handler for unplug and read errors: drop the port, wait for the device to come back.
    const lost = (err?: Error | null): void => {
      if (this.port !== port) return;
      this.port = null;
      this.unwatch();
      port.removeAllListeners('data');
      if (port.isOpen) port.close(() => {});
      this.retry(err?.message ?? 'closed');
    };
    port.on('close', lost);
    port.on('error', lost);
    port.open((err) => {
      if (err) return lost(err);
      if (this.stopped) return void port.close(() => {});
      this.buf = Buffer.alloc(0); // a half line from before the unplug is not a code
      this.setState('open');
      this.unwatch();
      this.watch = setInterval(() => {
        if (!existsSync(this.o.path)) lost(new Error('device removed'));
      }, this.o.reconnectMs);
      this.watch.unref();
    });
  }

  private unwatch(): void {
    if (this.watch) clearInterval(this.watch);
    this.watch = null;
  }

  private retry(reason: string): void {
    if (this.stopped) return;
    this.setState('waiting', reason);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.open();
    }, this.o.reconnectMs);
  }

  private onData(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      const end = this.findTerminator();
      if (!end) break;
      const line = this.buf.subarray(0, end.at);
      this.buf = this.buf.subarray(end.at + end.len);
      if (line.length > 0) this.emitCode(Buffer.from(line));
    }
    if (this.buf.length > this.o.maxLength) {
      this.emit('warning', new Error(`scanner line over ${this.o.maxLength} bytes without ${this.o.suffix} dropped`));
      this.buf = Buffer.alloc(0);
    }
  }

  private findTerminator(): { at: number; len: number } | null {
    const b = this.buf;
    switch (this.o.suffix) {
      case 'CR': {
        const at = b.indexOf(CR);
        return at < 0 ? null : { at, len: 1 };
      }
      case 'LF': {
        const at = b.indexOf(LF);
        return at < 0 ? null : { at, len: 1 };
      }
      case 'CRLF': {
        const at = b.indexOf('\r\n', 0, 'latin1');
        return at < 0 ? null : { at, len: 2 };
      }
      case 'any': {
        // CRLF split across two reads gives an empty line for the LF, which onData skips.
        const cr = b.indexOf(CR);
        const lf = b.indexOf(LF);
        const at = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
        return at < 0 ? null : { at, len: 1 };
      }
    }
  }

  private emitCode(bytes: Buffer): void {
    this.emit('code', { code: bytes.toString('latin1'), bytes, at: Date.now() });
  }
}
