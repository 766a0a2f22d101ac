/**
 * core/reader without a worker, for tests and the command line: the same reads on a read-only connection of its own,
 * on the calling thread (so a long read does hold it up). One read at a time, in the order asked.
 */
import type { Db } from '../../db/connection';
import type { ReadRegistry, ShopReads } from '../../db/queries/reads';
import { openReadOnly } from '../../db/readonly';
import { exportJob } from './export-job';
import { batchSizeOf, cancelled, ReaderError, type ExportOptions, type Reader, type StreamSummary } from './types';

export class InlineReader<R extends ReadRegistry = ShopReads> implements Reader<R> {
  private db: Db | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private running: Promise<unknown> | null = null;
  private busy = false;
  /** Resolved while open; a pending promise while suspended. */
  private gate: Promise<void> = Promise.resolve();
  private openGate: () => void = () => {};
  /** Bumped by suspend and close: a stream between batches sees it and stops. */
  private epoch = 0;
  private stopReason = '';
  private closed = false;

  constructor(
    private readonly file: string,
    private readonly registry: R,
    private readonly nativeBinding?: string,
  ) {}

  run: Reader<R>['run'] = (name, args, opts = {}) =>
    this.enqueue(name, opts.signal, () => {
      const fn = this.lookup('reads', name);
      try {
        return fn(this.connection(), args) as never;
      } catch (err) {
        throw new ReaderError('query_failed', `${name} failed in the reader: ${(err as Error).message}`);
      }
    });

  stream: Reader<R>['stream'] = (name, args, onBatch, opts = {}) =>
    this.enqueue(name, opts.signal, async () => {
      const epoch = this.epoch;
      const summary: StreamSummary = { rows: 0, batches: 0 };
      const batchSize = batchSizeOf(name, opts);
      let it: Iterator<unknown> | null = null;
      try {
        try {
          it = (this.lookup('streams', name)(this.connection(), args) as Iterable<unknown>)[Symbol.iterator]();
        } catch (err) {
          throw new ReaderError('query_failed', `${name} failed in the reader: ${(err as Error).message}`);
        }
        for (;;) {
          const rows: unknown[] = [];
          let next = it.next();
          while (!next.done) {
            rows.push(next.value);
            if (rows.length === batchSize) break;
            next = it.next();
          }
          if (rows.length) {
            await onBatch(rows as never[]);
            summary.rows += rows.length;
            summary.batches++;
          }
          if (next.done) return summary;
          if (opts.signal?.aborted) throw cancelled(name);
          if (this.epoch !== epoch)
            throw new ReaderError(this.closed ? 'closed' : 'interrupted', `${name} stopped: ${this.stopReason}; run it again`);
        }
      } finally {
        it?.return?.();
      }
    });

  export: Reader<R>['export'] = (name, args, spec, part, opts: ExportOptions = {}) =>
    this.enqueue(name, opts.signal, async () => {
      const epoch = this.epoch;
      const batchSize = batchSizeOf(name, opts);
      const stream = this.lookup('streams', name);
      let stopped: ReaderError | null = null;
      try {
        return await exportJob(this.connection(), name, stream, args, spec, {
          batchSize,
          part,
          stopped: () => {
            if (this.epoch !== epoch)
              stopped = new ReaderError(this.closed ? 'closed' : 'interrupted', `${name} stopped: ${this.stopReason}; run it again`);
            return Boolean(opts.signal?.aborted || stopped);
          },
          onProgress: (p) => opts.onProgress?.(p),
        });
      } catch (err) {
        throw stopped ?? err;
      }
    });

  async suspend(reason: string): Promise<void> {
    this.epoch++;
    this.stopReason = reason;
    this.gate = new Promise((r) => (this.openGate = r));
    // Nothing running: let go of the file now, before the caller goes on (a restore replaces it next).
    if (this.busy) await this.running?.catch(() => {});
    this.db?.raw.close();
    this.db = null;
  }

  resume(): void {
    if (!this.closed) this.openGate();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.suspend('the shop database was closed');
    // Reads still waiting go through the gate and fail as closed.
    this.openGate();
  }

  private connection(): Db {
    return (this.db ??= openReadOnly(this.file, this.nativeBinding));
  }

  private lookup(kind: 'reads' | 'streams', name: string) {
    const fn = Object.prototype.hasOwnProperty.call(this.registry[kind], name) ? this.registry[kind][name] : undefined;
    if (!fn) throw new ReaderError('query_failed', `no ${kind === 'reads' ? 'read' : 'stream'} named ${name}`);
    return fn as (db: Db, args: unknown) => unknown;
  }

  private enqueue<T>(name: string, signal: AbortSignal | undefined, job: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(async () => {
      for (let g = this.gate; ; g = this.gate) {
        await g;
        if (g === this.gate) break;
      }
      if (this.closed) throw new ReaderError('closed', `${name}: the shop database is closed`);
      if (signal?.aborted) throw cancelled(name);
      this.busy = true;
      const p = Promise.resolve()
        .then(job)
        .finally(() => (this.busy = false));
      this.running = p;
      return p;
    });
    this.tail = result.catch(() => {});
    return result;
  }
}
