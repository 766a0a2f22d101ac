/** The main side of core/reader in the app: a small pool of worker threads, each with its own read-only connection. */
import { Worker } from 'node:worker_threads';
import type { ReadRegistry, ShopReads } from '../../db/queries/reads';
import {
  batchSizeOf,
  cancelled,
  ReaderError,
  STREAM_WINDOW,
  type ExportOptions,
  type FromWorker,
  type Reader,
  type ReadName,
  type RunOptions,
  type StreamName,
  type StreamOptions,
  type StreamSummary,
  type ToWorker,
  type WorkerConfig,
} from './types';

export interface WorkerReaderOptions {
  file: string;
  nativeBinding?: string;
  /** How many reads may run at once, each in its own thread (started when first needed). */
  workers: number;
  /** The worker's entry: a bundled .mjs/.cjs file, or in source mode a .ts file loaded through `devBoot`. */
  entry: URL;
  devBoot: URL;
  /**
   * Reads that keep what they read until they answer (a price list's dry run holds its plan): they run in a thread
   * with V8's default young generation. The others (exports, reports: rows that die young) get a small one.
   */
  keepsRows?: ReadonlySet<string>;
}

/** See spawn(). */
const YOUNG_GENERATION_MB = 4;

type Heap = 'small' | 'default';

interface Slot {
  worker: Worker;
  job: Job | null;
  heap: Heap;
}

interface Job {
  id: number;
  name: string;
  heap: Heap;
  start(slot: Slot): void;
  /** true when this was the job's last message. */
  onMessage(m: FromWorker, slot: Slot): boolean;
  /** Stop a running job on request (its signal aborted). */
  cancel(slot: Slot): void;
  fail(err: Error): void;
  /** Detaches the abort listener. */
  settle(): void;
}

export class WorkerReader<R extends ReadRegistry = ShopReads> implements Reader<R> {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  /** Workers being stopped (a cancelled read): suspend and close wait for them to let go of the file too. */
  private readonly dying = new Set<Promise<number>>();
  private nextId = 1;
  private paused = false;
  private closed = false;

  constructor(private readonly opts: WorkerReaderOptions) {
    if (!Number.isInteger(opts.workers) || opts.workers < 1)
      throw new Error(`reader workers must be a positive integer, got ${opts.workers}`);
  }

  run: Reader<R>['run'] = (name, args, opts = {}) =>
    new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.submit(
        {
          id,
          name,
          heap: this.heapOf(name),
          start: (slot) => this.post(slot, { type: 'run', id, name, args }),
          onMessage: (m) => {
            if (m.type === 'result') resolve(m.value as never);
            else reject(new ReaderError('query_failed', m.type === 'error' ? m.message : `${name}: unexpected ${m.type} from the reader`));
            return true;
          },
          // A synchronous query cannot be interrupted from outside: the thread is stopped, and replaced when needed.
          cancel: (slot) => this.drop(slot, cancelled(name)),
          fail: reject,
          settle: () => {},
        },
        opts,
      );
    });

  stream: Reader<R>['stream'] = (name, args, onBatch, opts: StreamOptions = {}) =>
    new Promise<StreamSummary>((resolve, reject) => {
      const batchSize = batchSizeOf(name, opts);
      const id = this.nextId++;
      const summary: StreamSummary = { rows: 0, batches: 0 };
      let consumed: Promise<void> = Promise.resolve();
      let failure: Error | null = null;
      const stop = (slot: Slot, err: Error) => {
        failure ??= err;
        this.post(slot, { type: 'cancel', id });
      };
      this.submit(
        {
          id,
          name,
          heap: this.heapOf(name),
          start: (slot) => this.post(slot, { type: 'stream', id, name, args, batchSize, window: STREAM_WINDOW }),
          onMessage: (m, slot) => {
            if (m.type === 'batch') {
              // Batches are consumed in order, one at a time; each consumed batch lets the worker read one more.
              consumed = consumed.then(async () => {
                // Aborted after the worker finished: the rows still waiting are not delivered either.
                if (opts.signal?.aborted) failure ??= cancelled(name);
                if (failure) return;
                try {
                  await onBatch(m.rows as never[]);
                  summary.rows += m.rows.length;
                  summary.batches++;
                  if (!failure) this.post(slot, { type: 'credit', id });
                } catch (err) {
                  stop(slot, err as Error);
                }
              });
              return false;
            }
            const end =
              m.type === 'end'
                ? null
                : m.type === 'cancelled'
                  ? cancelled(name)
                  : new ReaderError('query_failed', m.type === 'error' ? m.message : `${name}: unexpected ${m.type}`);
            void consumed.then(() => {
              const err = failure ?? end;
              if (err) reject(err);
              else resolve(summary);
            });
            return true;
          },
          // The worker stops at its next batch boundary and answers 'cancelled'; the slot stays busy until then.
          cancel: (slot) => stop(slot, cancelled(name)),
          fail: (err) => {
            failure ??= err;
            void consumed.then(() => reject(failure));
          },
          settle: () => {},
        },
        opts,
      );
    });

  export: Reader<R>['export'] = (name, args, spec, part, opts: ExportOptions = {}) =>
    new Promise((resolve, reject) => {
      const batchSize = batchSizeOf(name, opts);
      const id = this.nextId++;
      this.submit(
        {
          id,
          name,
          heap: this.heapOf(name),
          start: (slot) => this.post(slot, { type: 'export', id, name, args, batchSize, spec, part }),
          onMessage: (m) => {
            if (m.type === 'progress') {
              opts.onProgress?.(m.progress);
              return false;
            }
            if (m.type === 'exported') resolve(m.result);
            else if (m.type === 'cancelled') reject(cancelled(name));
            else if (m.type === 'error') reject(new ReaderError(m.reason ?? 'query_failed', m.message));
            else reject(new ReaderError('query_failed', `${name}: unexpected ${m.type} from the reader`));
            return true;
          },
          // The worker stops between batches, removes its partial file and answers 'cancelled'.
          cancel: (slot) => this.post(slot, { type: 'cancel', id }),
          fail: reject,
          settle: () => {},
        },
        opts,
      );
    });

  async suspend(reason: string): Promise<void> {
    this.paused = true;
    await this.stopAll(reason);
  }

  resume(): void {
    if (this.closed) return;
    this.paused = false;
    this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.paused = true;
    for (const job of this.queue.splice(0)) this.finish(job, new ReaderError('closed', `${job.name}: the shop database was closed`));
    await this.stopAll('the shop database was closed');
  }

  private async stopAll(reason: string): Promise<void> {
    const slots = [...this.slots];
    for (const slot of slots) {
      this.slots.delete(slot);
      if (slot.job) this.finish(slot.job, new ReaderError('interrupted', `${slot.job.name} stopped: ${reason}; run it again`));
      slot.job = null;
    }
    for (const s of slots) this.stop(s.worker);
    await Promise.all([...this.dying]);
  }

  /**
   * Ends a worker thread. better-sqlite3 cannot interrupt a statement, so a thread inside one stops when the statement
   * gives control back (a stream's next row, or the end of a single aggregate); the pool does not wait for that.
   */
  private stop(worker: Worker): void {
    const done = worker.terminate();
    this.dying.add(done);
    void done.finally(() => this.dying.delete(done));
  }

  private heapOf(name: string): Heap {
    return this.opts.keepsRows?.has(name) ? 'default' : 'small';
  }

  private submit(job: Job, opts: RunOptions): void {
    if (this.closed) return job.fail(new ReaderError('closed', `${job.name}: the shop database is closed`));
    const signal = opts.signal;
    if (signal?.aborted) return job.fail(cancelled(job.name));
    if (signal) {
      const onAbort = () => {
        const queued = this.queue.indexOf(job);
        if (queued >= 0) {
          this.queue.splice(queued, 1);
          this.finish(job, cancelled(job.name));
          return;
        }
        const slot = [...this.slots].find((s) => s.job === job);
        if (slot) job.cancel(slot);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      job.settle = () => signal.removeEventListener('abort', onAbort);
    }
    this.queue.push(job);
    this.pump();
  }

  private finish(job: Job, err: Error): void {
    job.settle();
    job.fail(err);
  }

  private pump(): void {
    while (!this.paused && this.queue.length) {
      const job = this.queue[0]!;
      const idle = [...this.slots].filter((s) => !s.job);
      let slot = idle.find((s) => s.heap === job.heap);
      if (!slot && this.slots.size >= this.opts.workers && idle.length) {
        // An idle thread of the other kind makes room: its heap is set when the thread starts.
        this.slots.delete(idle[0]!);
        this.stop(idle[0]!.worker);
      }
      if (!slot && this.slots.size < this.opts.workers) slot = this.spawn(job.heap);
      if (!slot) return;
      this.queue.shift();
      slot.job = job;
      // A busy worker keeps the process alive until its answer; an idle one does not.
      slot.worker.ref();
      job.start(slot);
    }
  }

  private spawn(heap: Heap): Slot {
    const { entry, devBoot, file, nativeBinding } = this.opts;
    const source = entry.pathname.endsWith('.ts');
    const data: WorkerConfig = { file, nativeBinding, entry: source ? entry.href : undefined };
    // A small young generation: an export's rows and cells die young by the million, and the default lets the thread
    // grow by tens of MB before it collects them (a 1M-row xlsx export peaked ~250 MB with it, ~170 MB without).
    // A read that keeps its rows is the opposite case: a small nursery promotes the parser's garbage along with them
    // (a 100k-row price list took 2.7 times the CPU and 390 MB instead of 250 MB).
    const resourceLimits = heap === 'small' ? { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } : {};
    const slot: Slot = { worker: new Worker(source ? devBoot : entry, { workerData: data, resourceLimits }), job: null, heap };
    slot.worker.on('message', (m: FromWorker) => {
      const job = slot.job;
      if (!job || m.id !== job.id || !this.slots.has(slot)) return;
      if (!job.onMessage(m, slot)) return;
      job.settle();
      slot.job = null;
      slot.worker.unref();
      this.pump();
    });
    slot.worker.on('error', (err) => this.lost(slot, `failed (${err.message})`));
    slot.worker.on('exit', (code) => this.lost(slot, `exited with code ${code}`));
    this.slots.add(slot);
    return slot;
  }

  /** A worker that died: the read it ran fails with why, and the next read starts a new one. */
  private lost(slot: Slot, why: string): void {
    if (!this.slots.has(slot)) return;
    this.slots.delete(slot);
    const job = slot.job;
    slot.job = null;
    if (job) this.finish(job, new ReaderError('worker_lost', `the reader worker ${why} while running ${job.name}; run it again`));
    this.pump();
  }

  /** Stops a worker on purpose (a cancelled read): its read fails with err. */
  private drop(slot: Slot, err: Error): void {
    if (!this.slots.has(slot)) return;
    this.slots.delete(slot);
    const job = slot.job;
    slot.job = null;
    if (job) this.finish(job, err);
    this.stop(slot.worker);
    this.pump();
  }

  private post(slot: Slot, m: ToWorker): void {
    if (this.slots.has(slot)) slot.worker.postMessage(m);
  }
}

export type { ReadName, StreamName };
