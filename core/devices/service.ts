/**
 * The device service: the receipt printer (receipts, Z reports, drawer kicks) and a serial barcode scanner, for one
 * running core. Started and stopped by the AppHost that owns the core; process-agnostic (Electron main or the browser
 * mode server).
 *
 * Printing: every job is an outbox row written in the business transaction (topics in receipt-data.ts). One
 * PrintQueue, backed by the printer's outbox consumer, sends them in row order; bytes are rendered from the stored
 * document and the current settings when the row is loaded. A failed send never touches the sale: the row stays in
 * the outbox and is retried with backoff (kept across restarts), and sooner when a status poll sees the printer back.
 * Rows are picked up after commit (a handler calls outboxChanged(), or a doc.posted / shift.changed event arrives)
 * and, as a safety net, on every poll: an index seek, whatever the size of the outbox.
 * With transport 'none' the jobs are consumed without printing (no printer, no paper; a copy can be reprinted later).
 * Outbox rows every consumer has passed are pruned after the retention, at start and hourly, in small batches.
 *
 * Status: DLE EOT every pollMs (also while jobs wait), one conversation with the printer at a time (a serial port
 * cannot be opened twice). A status reply that says cover open / paper out / error holds the queue until a poll says
 * otherwise; no reply does not (many printers never answer, and a send tells the truth anyway). Changes go out as
 * 'printer.status' events.
 *
 * Scanner: settings.counter.scanner -> SerialScanner -> 'scanner.scan' {code} (latin1, GS kept) and 'scanner.status'.
 * It reopens by itself after an unplug. Settings changes apply without a restart: settingsChanged() re-reads them and
 * restarts only the part that changed.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { DeviceHooks, Services } from '../api/handler';
import type { PrinterState, PrinterStatus } from '../contract/counter-types';
import type { ApiEvent, CounterSettings, Settings } from '../contract/types';
import { OUTBOX_RETENTION_MS, pruneOutboxInBatches } from '../outbox';
import { loadSettings } from '../settings';
import { devicePathProblem } from './device-path';
import { outboxPrintStore, printerOutbox } from './print-outbox';
import { PrintQueue, type PrintQueueEvent } from './print-queue';
import { printerStatus as askStatus, sendToPrinter, type PrinterConfig, type PrinterStatus as DeviceStatus } from './printer';
import { DEVICE_TOPICS, renderJob } from './receipt-data';
import { SerialScanner } from './serial-scanner';

export interface DeviceServiceOptions {
  /** Status poll period. */
  pollMs?: number;
  /** Per DLE EOT reply. */
  statusTimeoutMs?: number;
  /** First retry delay after a failed print; doubles up to retryMaxMs. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  sendTimeoutMs?: number;
  scannerReconnectMs?: number;
  /** Outbox rows every consumer has passed are deleted once this old. */
  outboxRetentionMs?: number;
  pruneEveryMs?: number;
  log?: (message: string) => void;
}

type PrinterSettings = CounterSettings['printer'];
type Target = { kind: 'none' } | { kind: 'bad'; problem: string } | { kind: 'device'; cfg: PrinterConfig };

export function targetOf(p: PrinterSettings): Target {
  switch (p.transport) {
    case 'none':
      return { kind: 'none' };
    case 'tcp':
      return p.host
        ? { kind: 'device', cfg: { kind: 'tcp', host: p.host, port: p.port ?? 9100 } }
        : { kind: 'bad', problem: 'a network printer needs a host' };
    case 'serial':
      return p.path
        ? { kind: 'device', cfg: { kind: 'serial', path: p.path, baudRate: p.baudRate } }
        : { kind: 'bad', problem: 'a serial printer needs a port path' };
    case 'file':
      return p.path
        ? { kind: 'device', cfg: { kind: 'file', path: p.path } }
        : { kind: 'bad', problem: 'a printer device file needs a path' };
  }
}

/** Contract state from a DLE EOT answer; `definite` when the printer itself said it cannot print. */
export function stateOf(st: DeviceStatus, cfg: PrinterConfig): { state: PrinterState; definite: boolean } {
  if (st.raw.printer === null) {
    // Connected but silent: a network printer that does not answer DLE EOT (common) still prints. An open serial
    // port proves nothing (the port opens with the printer off), so silence there is offline.
    return { state: cfg.kind === 'tcp' && st.detail === 'no reply' ? 'ok' : 'offline', definite: false };
  }
  if (st.coverOpen) return { state: 'cover_open', definite: true };
  if (st.paperEnd) return { state: 'paper_out', definite: true };
  if (!st.online) return { state: 'error', definite: true };
  return { state: st.paperNearEnd ? 'paper_near_end' : 'ok', definite: true };
}

const HOLDING: ReadonlySet<PrinterState> = new Set(['cover_open', 'paper_out', 'error']);

/** A device file is one-way: a writable device means ready as far as anyone can tell; anything else is offline. */
async function fileState(file: string): Promise<PrinterState> {
  if (devicePathProblem(file)) return 'offline';
  try {
    await access(file, constants.W_OK);
    return 'ok';
  } catch {
    return 'offline';
  }
}

export class DeviceService implements DeviceHooks {
  private readonly o: Required<DeviceServiceOptions>;
  private running = false;
  private unsubscribe: (() => void) | null = null;
  /** Reconfigurations and teardown, one after another. */
  private ops: Promise<void> = Promise.resolve();

  private queue: PrintQueue | null = null;
  private target: Target = { kind: 'none' };
  private printerKey = '';
  private state: PrinterState = 'not_configured';
  private hold = false;
  private checkedAt: string | null = null;
  private published = '';
  private pollTimer: NodeJS.Timeout | null = null;
  private polling = false;
  private reloadSoon: NodeJS.Immediate | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private pruning = false;
  /** One conversation with the printer at a time: print jobs and status polls take turns. */
  private link: Promise<unknown> = Promise.resolve();

  private scanner: SerialScanner | null = null;
  private scannerKey = '';
  private scannerPath: string | null = null;
  private scannerConnected = false;

  constructor(
    private readonly svc: Services,
    options: DeviceServiceOptions = {},
  ) {
    this.o = {
      pollMs: 3000,
      statusTimeoutMs: 1500,
      retryInitialMs: 1000,
      retryMaxMs: 30_000,
      sendTimeoutMs: 10_000,
      scannerReconnectMs: 1000,
      outboxRetentionMs: OUTBOX_RETENTION_MS,
      pruneEveryMs: 3600_000,
      log: (m) => console.warn(`[lavka] devices: ${m}`),
      ...options,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.printerKey = '';
    this.scannerKey = '';
    this.unsubscribe = this.svc.events.on((e) => {
      // Posting code emits these after its commit; the printer rows were written in the same transaction.
      if (e.type === 'doc.posted' || e.type === 'shift.changed') this.outboxChanged();
    });
    this.settingsChanged();
    this.schedulePrune(0);
  }

  /** Stops polling, printing and the scanner; resolves when no socket, port or timer is left. Jobs stay in the outbox. */
  stop(): Promise<void> {
    if (this.running) {
      this.running = false;
      this.unsubscribe?.();
      this.unsubscribe = null;
      if (this.pollTimer) clearTimeout(this.pollTimer);
      this.pollTimer = null;
      if (this.reloadSoon) clearImmediate(this.reloadSoon);
      this.reloadSoon = null;
      if (this.pruneTimer) clearTimeout(this.pruneTimer);
      this.pruneTimer = null;
      this.queue?.stop(); // nothing new is sent from here on
      this.ops = this.ops.then(() => this.teardown()).catch((err: unknown) => this.o.log(`stopping failed: ${message(err)}`));
    }
    return this.ops;
  }

  settingsChanged(): void {
    if (!this.running) return;
    this.ops = this.ops.then(() => this.reconfigure()).catch((err: unknown) => this.o.log(`reconfigure failed: ${message(err)}`));
  }

  outboxChanged(): void {
    if (!this.running || this.reloadSoon) return;
    // Deferred: a caller inside a transaction that later rolls back must not have its rows printed.
    this.reloadSoon = setImmediate(() => {
      this.reloadSoon = null;
      this.reload();
    });
  }

  printerStatus(): PrinterStatus {
    return { state: this.state, queued: this.queued(), checkedAt: this.checkedAt };
  }

  /** Resolves when every job loaded so far has printed (tests, shutdown scripts). */
  async idle(): Promise<void> {
    await this.ops;
    await this.queue?.idle();
  }

  // --------------------------------------------------------------------------------------------------------------

  private async reconfigure(): Promise<void> {
    if (!this.running) return;
    const s = loadSettings(this.svc.db);
    // Anything that changes what a receipt looks like re-renders the waiting ones.
    const printerKey = JSON.stringify([s.counter.printer, s.shopName, s.shopAddress, s.locale, s.currency, s.taxRates]);
    if (printerKey !== this.printerKey) {
      this.printerKey = printerKey;
      await this.startPrinter(s);
    }
    const scannerKey = JSON.stringify(s.counter.scanner);
    if (scannerKey !== this.scannerKey) {
      this.scannerKey = scannerKey;
      await this.startScanner(s.counter.scanner);
    }
  }

  private async startPrinter(s: Settings): Promise<void> {
    const old = this.queue;
    this.queue = null;
    if (old) {
      old.stop();
      await old.idle(); // the job in flight finishes (and is marked) before the new queue loads the rest
    }
    if (!this.running) return;
    const target = targetOf(s.counter.printer);
    this.target = target;
    this.hold = false;
    this.checkedAt = null;
    this.state = target.kind === 'none' ? 'not_configured' : target.kind === 'bad' ? 'error' : 'offline';
    if (target.kind === 'bad') this.o.log(`printer: ${target.problem}`);
    const store = outboxPrintStore(() => this.svc.db, {
      topics: DEVICE_TOPICS,
      // The backoff kept in the outbox is for this printer as it was at the last stop; changed settings start afresh.
      resumeBackoff: !old && target.kind === 'device',
      render: (payload, topic) => (target.kind === 'none' ? Buffer.alloc(0) : renderJob(this.svc.db, s, topic, payload)),
      onRenderError: (id, err) => this.o.log(`outbox row ${id} cannot be printed: ${message(err)}`),
    });
    const queue = new PrintQueue({
      send: (bytes) => this.send(target, bytes),
      store,
      initialDelayMs: this.o.retryInitialMs,
      maxDelayMs: this.o.retryMaxMs,
      onEvent: (e) => this.onQueueEvent(queue, e),
    });
    this.queue = queue;
    this.reload();
    this.publish();
    this.schedulePoll(0);
  }

  private async send(target: Target, bytes: Buffer): Promise<void> {
    if (target.kind === 'none') return; // no printer: the job is done
    if (target.kind === 'bad') throw new Error(target.problem);
    if (this.hold) throw new Error(`printer reports ${this.state}`);
    await this.withLink(() => sendToPrinter(target.cfg, bytes, this.o.sendTimeoutMs));
  }

  private onQueueEvent(queue: PrintQueue, e: PrintQueueEvent): void {
    if (!this.running || this.queue !== queue) return;
    if (e.type === 'retrying' && this.target.kind === 'device' && !this.hold && this.state !== 'offline') {
      this.state = 'offline';
      this.checkedAt = new Date().toISOString();
      this.o.log(`printer: ${e.error}; ${e.pending} job(s) wait`);
    }
    if (e.type === 'printed' && this.state === 'offline') this.schedulePoll(0);
    if (e.type === 'store_error') this.o.log(`outbox row ${e.id}: ${e.error}`);
    this.publish();
  }

  private reload(): void {
    const q = this.queue;
    if (!this.running || !q) return;
    q.reload().then(
      () => this.publish(),
      (err: unknown) => this.running && this.o.log(`loading print jobs failed: ${message(err)}`),
    );
  }

  private schedulePoll(ms: number): void {
    if (!this.running) return;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      void this.poll();
    }, ms);
    this.pollTimer.unref();
  }

  private async poll(): Promise<void> {
    if (!this.running || this.polling) return;
    const target = this.target;
    this.polling = true;
    try {
      if (target.kind !== 'device') return;
      let state: PrinterState;
      let definite = false;
      if (target.cfg.kind === 'file') state = await fileState(target.cfg.path);
      else {
        const cfg = target.cfg;
        ({ state, definite } = stateOf(await this.withLink(() => askStatus(cfg, this.o.statusTimeoutMs)), cfg));
      }
      if (!this.running || this.target !== target) return;
      if (state !== this.state) this.o.log(`printer: ${this.state} -> ${state}`);
      this.state = state;
      this.hold = definite && HOLDING.has(state);
      this.checkedAt = new Date().toISOString();
      // Back (or never gone): skip whatever backoff the waiting jobs are in.
      if (!this.hold && state !== 'offline' && this.queue && this.queue.pending > 0) this.queue.retryNow();
      this.publish();
    } catch (err) {
      this.o.log(`status poll failed: ${message(err)}`);
    } finally {
      this.polling = false;
      if (this.running) {
        this.reload(); // safety net: rows from code that did not call outboxChanged()
        this.schedulePoll(this.o.pollMs);
      }
    }
  }

  private schedulePrune(ms: number): void {
    if (!this.running) return;
    this.pruneTimer = setTimeout(() => {
      this.pruneTimer = null;
      void this.pruneOutbox();
    }, ms);
    this.pruneTimer.unref();
  }

  private async pruneOutbox(): Promise<void> {
    if (this.pruning) return; // a stop and start (restore) while a run was pausing: that run goes on
    this.pruning = true;
    try {
      // this.svc.db each batch: a restore stops the service, and the loop with it, before swapping the file.
      await pruneOutboxInBatches(
        () => this.svc.db,
        () => this.running,
        this.o.outboxRetentionMs,
      );
    } catch (err) {
      if (this.running) this.o.log(`pruning the outbox failed: ${message(err)}`);
    } finally {
      this.pruning = false;
      if (!this.pruneTimer) this.schedulePrune(this.o.pruneEveryMs);
    }
  }

  private withLink<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.link.then(fn);
    this.link = run.catch(() => undefined);
    return run;
  }

  private queued(): number {
    try {
      return printerOutbox(this.svc.db).depth();
    } catch {
      return 0; // the database is being swapped (restore) or closed
    }
  }

  private publish(): void {
    if (!this.running) return;
    const queued = this.queued();
    const key = `${this.state}/${queued}`;
    if (key === this.published) return;
    this.published = key;
    this.emit({ type: 'printer.status', state: this.state, queued });
  }

  private emit(e: ApiEvent): void {
    try {
      this.svc.events.emit(e);
    } catch (err) {
      this.o.log(`event listener failed: ${message(err)}`);
    }
  }

  /** What the serial scanner is doing now (the renderer asks on load; events follow changes). */
  scannerStatus(): { configured: boolean; connected: boolean; path: string | null } {
    return { configured: this.scanner !== null, connected: this.scannerConnected, path: this.scannerPath };
  }

  private async startScanner(cfg: CounterSettings['scanner']): Promise<void> {
    await this.stopScanner();
    if (!cfg || !this.running) return;
    const sc = new SerialScanner({ path: cfg.path, baudRate: cfg.baudRate, suffix: cfg.suffix, reconnectMs: this.o.scannerReconnectMs });
    this.scanner = sc;
    this.scannerPath = cfg.path;
    sc.on('code', (c) => this.emit({ type: 'scanner.scan', code: c.code }));
    sc.on('state', (st, detail) => {
      const connected = st === 'open';
      if (connected === this.scannerConnected) return;
      this.scannerConnected = connected;
      if (!connected && detail) this.o.log(`scanner ${cfg.path}: ${detail}`);
      this.emit({ type: 'scanner.status', connected, path: cfg.path });
    });
    sc.on('warning', (err) => this.o.log(`scanner ${cfg.path}: ${err.message}`));
    sc.start();
  }

  private async stopScanner(): Promise<void> {
    const sc = this.scanner;
    this.scanner = null;
    if (!sc) return;
    sc.removeAllListeners();
    await sc.stop();
    if (this.scannerConnected) {
      this.scannerConnected = false;
      if (this.running) this.emit({ type: 'scanner.status', connected: false, path: this.scannerPath });
    }
    this.scannerPath = null;
  }

  private async teardown(): Promise<void> {
    const q = this.queue;
    this.queue = null;
    q?.stop();
    await q?.idle();
    await this.stopScanner();
    await this.link; // a status poll in flight closes its socket or port
    this.published = '';
  }
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
