/**
 * Print queue: the sale is already posted when its receipt prints, so printing must never block or fail the
 * checkout. Jobs go in, a single worker sends them in order; on failure the job stays at the head and is retried
 * with exponential backoff until the printer is back (paper changed, cable plugged, printer switched on).
 *
 * One worker, strictly FIFO: receipts come out in sale order, and a job is never sent twice concurrently.
 * Delivery is at-least-once by nature (a crash between "sent" and "marked delivered" reprints on restart); within a
 * run a job id is printed once: ids already queued or delivered are ignored when offered again.
 *
 * Persistence is a hook (PrintJobStore), backed by the outbox table (see print-outbox.ts): rows are written in the
 * business transaction, and reload() after commit picks them up. A job loaded with the retry state of an earlier run
 * (attempts, next attempt) carries on from it: it waits until that time (retryNow cuts it short), and its backoff
 * goes on doubling from where it was.
 */

export interface PrintJob {
  id: string;
  bytes: Buffer;
  /** Failed attempts in earlier runs. */
  attempts?: number;
  /** Not before this time (the backoff an earlier run had set). */
  retryAt?: Date | null;
}

export interface PrintJobStore {
  /** Undelivered jobs, oldest first. */
  load(): PrintJob[] | Promise<PrintJob[]>;
  delivered(id: string): void | Promise<void>;
  /** A failed attempt; the job is tried again at `retryAt` (sooner on retryNow). */
  failed(id: string, error: string, retryAt: Date): void | Promise<void>;
}

export type PrintQueueEvent =
  | { type: 'queued'; id: string; pending: number }
  | { type: 'printed'; id: string; attempts: number; pending: number }
  | { type: 'retrying'; id: string; attempts: number; delayMs: number; error: string; pending: number }
  /** The store could not record an outcome; printing goes on (the paper already came out, or will be retried). */
  | { type: 'store_error'; id: string; error: string };

export interface PrintQueueOptions {
  send: (bytes: Buffer) => Promise<void>;
  store?: PrintJobStore;
  /** First retry delay; doubles per failure up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  onEvent?: (e: PrintQueueEvent) => void;
}

const REMEMBER_DELIVERED = 1000;

export class PrintQueue {
  private readonly jobs: { job: PrintJob; attempts: number; resumed: boolean }[] = [];
  private readonly delivered = new Set<string>();
  private running = false;
  private stopped = false;
  private delayMs: number;
  private wake: (() => void) | null = null;
  private idleWaiters: (() => void)[] = [];
  private readonly o: Required<Omit<PrintQueueOptions, 'store' | 'onEvent'>> & Pick<PrintQueueOptions, 'store' | 'onEvent'>;

  constructor(options: PrintQueueOptions) {
    this.o = { initialDelayMs: 500, maxDelayMs: 30_000, ...options };
    this.delayMs = this.o.initialDelayMs;
  }

  get pending(): number {
    return this.jobs.length;
  }

  /** Adds a job and returns at once; false when that id is already queued or was printed in this run. */
  enqueue(job: PrintJob): boolean {
    if (this.stopped) throw new Error('print queue is stopped');
    if (this.delivered.has(job.id) || this.jobs.some((j) => j.job.id === job.id)) return false;
    this.jobs.push({ job, attempts: job.attempts ?? 0, resumed: !job.retryAt });
    this.emit({ type: 'queued', id: job.id, pending: this.jobs.length });
    void this.pump();
    return true;
  }

  /** Pulls undelivered jobs from the store (at start, and after a transaction wrote new ones). */
  async reload(): Promise<number> {
    if (!this.o.store) return 0;
    let added = 0;
    for (const job of await this.o.store.load()) if (this.enqueue(job)) added++;
    return added;
  }

  /** Skips the current backoff wait (a "retry now" button, or a status poll that saw the printer come back). */
  retryNow(): void {
    this.delayMs = this.o.initialDelayMs;
    this.wake?.();
  }

  /** Resolves when nothing is left to print. */
  idle(): Promise<void> {
    // Stopped: resolves once the job in flight (if any) is done; the rest stays in the store.
    if ((this.jobs.length === 0 || this.stopped) && !this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops retrying; undelivered jobs stay in the store for the next start. */
  stop(): void {
    this.stopped = true;
    this.wake?.();
    if (!this.running) for (const w of this.idleWaiters.splice(0)) w();
  }

  private emit(e: PrintQueueEvent): void {
    try {
      this.o.onEvent?.(e);
    } catch {
      // A listener's bug must not stop the printing.
    }
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (!this.stopped && this.jobs.length > 0) {
        const head = this.jobs[0]!;
        if (!head.resumed) {
          head.resumed = true;
          this.delayMs = Math.min(this.o.initialDelayMs * 2 ** head.attempts, this.o.maxDelayMs);
          const wait = (head.job.retryAt?.getTime() ?? 0) - Date.now();
          if (wait > 0) {
            await this.sleep(Math.min(wait, this.o.maxDelayMs));
            continue;
          }
        }
        head.attempts++;
        try {
          await this.o.send(head.job.bytes);
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err);
          const delayMs = this.delayMs;
          await this.safely(head.job.id, () => this.o.store?.failed(head.job.id, error, new Date(Date.now() + delayMs)));
          this.delayMs = Math.min(this.delayMs * 2, this.o.maxDelayMs);
          this.emit({ type: 'retrying', id: head.job.id, attempts: head.attempts, delayMs, error, pending: this.jobs.length });
          await this.sleep(delayMs);
          continue;
        }
        this.jobs.shift();
        this.remember(head.job.id);
        this.delayMs = this.o.initialDelayMs;
        await this.safely(head.job.id, () => this.o.store?.delivered(head.job.id));
        this.emit({ type: 'printed', id: head.job.id, attempts: head.attempts, pending: this.jobs.length });
      }
    } finally {
      this.running = false;
      if (this.jobs.length === 0 || this.stopped) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  private remember(id: string): void {
    this.delivered.add(id);
    if (this.delivered.size > REMEMBER_DELIVERED) this.delivered.delete(this.delivered.values().next().value!);
  }

  /** A store failure (disk full) is reported, not thrown: it must not stop the worker. */
  private async safely(id: string, f: () => void | Promise<void> | undefined): Promise<void> {
    try {
      await f();
    } catch (err) {
      this.emit({ type: 'store_error', id, error: err instanceof Error ? err.message : String(err) });
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(t);
        this.wake = null;
        resolve();
      };
      const t = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
