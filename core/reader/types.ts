import type { Db } from '../../db/connection';
import type { ReadRegistry, ShopReads } from '../../db/queries/reads';
import type { ExportProgress, ExportResult, ExportSpec } from '../exports/types';

type ArgsOf<F> = F extends (db: Db, args: infer A) => unknown ? A : never;
type RowOf<F> = F extends (db: Db, args: never) => Iterable<infer T> ? T : never;

export type ReadName<R extends ReadRegistry> = keyof R['reads'] & string;
export type StreamName<R extends ReadRegistry> = keyof R['streams'] & string;
export type ReadArgs<R extends ReadRegistry, N extends ReadName<R>> = ArgsOf<R['reads'][N]>;
export type ReadResult<R extends ReadRegistry, N extends ReadName<R>> = Awaited<ReturnType<R['reads'][N]>>;
export type StreamArgs<R extends ReadRegistry, N extends StreamName<R>> = ArgsOf<R['streams'][N]>;
export type StreamRow<R extends ReadRegistry, N extends StreamName<R>> = RowOf<R['streams'][N]>;

export interface RunOptions {
  /** Aborting rejects the call with a ReaderError 'cancelled'; a read already running in a worker is stopped with it. */
  signal?: AbortSignal;
}

export interface StreamOptions extends RunOptions {
  /** Rows per batch (default 5000). */
  batchSize?: number;
}

export interface ExportOptions extends StreamOptions {
  /** Rows written so far, every spec.progressEvery rows, on the calling thread. */
  onProgress?: (p: ExportProgress) => void;
}

export interface StreamSummary {
  rows: number;
  batches: number;
}

/**
 * Long reads (reports, exports) on a read-only connection of their own, in a worker thread in the app, so the thread
 * that answers the till never waits for them. Reads are named in db/queries/reads.ts.
 */
export interface Reader<R extends ReadRegistry = ShopReads> {
  run<N extends ReadName<R>>(name: N, args: ReadArgs<R, N>, opts?: RunOptions): Promise<ReadResult<R, N>>;
  /**
   * Delivers the rows in batches, each after the previous onBatch has settled; the worker runs at most two batches
   * ahead, so neither side ever holds the whole result. A throwing onBatch stops the stream and rejects with its error.
   */
  stream<N extends StreamName<R>>(
    name: N,
    args: StreamArgs<R, N>,
    onBatch: (rows: StreamRow<R, N>[]) => void | Promise<void>,
    opts?: StreamOptions,
  ): Promise<StreamSummary>;
  /**
   * Writes a stream's rows into a file (core/exports) where the read runs, so no row crosses to the calling thread:
   * only progress and the result do. Written under `part` and renamed to spec.file at the end; a cancelled or
   * failed export removes `part` and rejects (aborting the signal: ReaderError 'cancelled').
   */
  export<N extends StreamName<R>>(
    name: N,
    args: StreamArgs<R, N>,
    spec: ExportSpec,
    part: string,
    opts?: ExportOptions,
  ): Promise<ExportResult>;
  /**
   * Lets go of the file (a restore is about to replace it): reads running now fail with `reason`, reads asked for
   * meanwhile wait for resume(), which opens the file anew.
   */
  suspend(reason: string): Promise<void>;
  resume(): void;
  /** Reads running or waiting fail; resolves when every connection is closed. */
  close(): Promise<void>;
}

/** `export_failed`: the rows did not fit the columns, or the file could not be written. */
export type ReaderFailure = 'cancelled' | 'query_failed' | 'export_failed' | 'worker_lost' | 'interrupted' | 'closed';

/** Why a read did not deliver: a message a person can act on, and a reason code for code. */
export class ReaderError extends Error {
  constructor(
    readonly reason: ReaderFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ReaderError';
  }
}

export const cancelled = (name: string): ReaderError => new ReaderError('cancelled', `${name} was cancelled`);

/** Messages to a reader worker. */
export type ToWorker =
  | { type: 'run'; id: number; name: string; args: unknown }
  | { type: 'stream'; id: number; name: string; args: unknown; batchSize: number; window: number }
  | { type: 'export'; id: number; name: string; args: unknown; batchSize: number; spec: ExportSpec; part: string }
  /** The main side finished one batch: the worker may run one more ahead. */
  | { type: 'credit'; id: number }
  | { type: 'cancel'; id: number };

/** Messages from a reader worker, each about the job with that id. */
export type FromWorker =
  | { type: 'result'; id: number; value: unknown }
  | { type: 'batch'; id: number; rows: unknown[] }
  | { type: 'end'; id: number }
  | { type: 'progress'; id: number; progress: ExportProgress }
  | { type: 'exported'; id: number; result: ExportResult }
  | { type: 'cancelled'; id: number }
  | { type: 'error'; id: number; message: string; reason?: ReaderFailure };

export interface WorkerConfig {
  file: string;
  nativeBinding?: string;
  /** Source mode only: the TypeScript entry the dev boot loads through tsx. */
  entry?: string;
}

export const DEFAULT_BATCH = 5000;

export function batchSizeOf(name: string, opts: StreamOptions): number {
  const n = opts.batchSize ?? DEFAULT_BATCH;
  if (!Number.isInteger(n) || n < 1) throw new ReaderError('query_failed', `${name}: batchSize must be a positive integer, got ${n}`);
  return n;
}
/** Batches a worker may run ahead of the consumer. */
export const STREAM_WINDOW = 2;
