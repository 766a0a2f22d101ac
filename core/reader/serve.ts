/** The worker's side of core/reader: one read-only connection, one job at a time, as the main side sends them. */
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Db } from '../../db/connection';
import type { ReadRegistry } from '../../db/queries/reads';
import { openReadOnly } from '../../db/readonly';
import { exportJob } from './export-job';
import { ReaderError, type FromWorker, type ToWorker, type WorkerConfig } from './types';

type Control = Extract<ToWorker, { type: 'credit' | 'cancel' }>;

const describe = (name: string, err: unknown): string =>
  `${name} failed in the reader: ${err instanceof Error ? err.message : String(err)}`;

/** How far below the app's own priority (nice steps, Linux) the reader runs: the till wins whenever both want a core. */
export const READER_NICE_STEP = 10;

/**
 * On Linux a thread has its own nice value, and setpriority(PRIO_PROCESS, 0) sets the calling thread's: the reads
 * (a million-row export is a minute of CPU) give way to the main thread's scans on a 2-core till. Elsewhere the same
 * call would lower the whole app, so it is not made.
 */
function yieldToTheTill(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(Math.min(19, getPriority() + READER_NICE_STEP));
  } catch {
    // Not allowed (a sandbox): the reads run at the app's own priority, as before.
  }
}

export function serveReads(registry: ReadRegistry): void {
  const port = parentPort;
  if (!port) throw new Error('serveReads runs in a reader worker thread');
  yieldToTheTill();
  const config = workerData as WorkerConfig;
  let db: Db | null = null;
  // Opened at the first job, so a file that cannot be opened fails that job with the reason instead of the worker.
  const connection = (): Db => (db ??= openReadOnly(config.file, config.nativeBinding));
  const post = (m: FromWorker) => port.postMessage(m);
  const controls = new Map<number, (c: Control) => void>();

  const lookup = (kind: 'reads' | 'streams', name: string) => {
    const fn = Object.prototype.hasOwnProperty.call(registry[kind], name) ? registry[kind][name] : undefined;
    if (!fn) throw new Error(`no ${kind === 'reads' ? 'read' : 'stream'} named ${name}`);
    return fn as (db: Db, args: unknown) => unknown;
  };

  // A read may be async (a price list is parsed from its file as it streams): its value is posted once settled.
  const run = async (m: Extract<ToWorker, { type: 'run' }>) => {
    try {
      post({ type: 'result', id: m.id, value: await lookup('reads', m.name)(connection(), m.args) });
    } catch (err) {
      post({ type: 'error', id: m.id, message: describe(m.name, err) });
    }
  };

  const stream = async (m: Extract<ToWorker, { type: 'stream' }>) => {
    let credits = m.window;
    let stop = false;
    let wake: (() => void) | null = null;
    controls.set(m.id, (c) => {
      if (c.type === 'cancel') stop = true;
      else credits++;
      wake?.();
    });
    let it: Iterator<unknown> | null = null;
    try {
      it = (lookup('streams', m.name)(connection(), m.args) as Iterable<unknown>)[Symbol.iterator]();
      for (;;) {
        // Yield between batches: a cancel sent meanwhile is seen before the next batch is read.
        await new Promise<void>((r) => setImmediate(r));
        while (!stop && credits === 0) await new Promise<void>((r) => (wake = r));
        wake = null;
        if (stop) return post({ type: 'cancelled', id: m.id });
        const rows: unknown[] = [];
        let done = false;
        while (rows.length < m.batchSize) {
          const next = it.next();
          if (next.done) {
            done = true;
            break;
          }
          rows.push(next.value);
        }
        if (rows.length) {
          credits--;
          post({ type: 'batch', id: m.id, rows });
        }
        if (done) return post({ type: 'end', id: m.id });
      }
    } catch (err) {
      post({ type: 'error', id: m.id, message: describe(m.name, err) });
    } finally {
      // Ends the statement: the connection is free for the next job.
      it?.return?.();
      controls.delete(m.id);
    }
  };

  const exportTo = async (m: Extract<ToWorker, { type: 'export' }>) => {
    let stop = false;
    controls.set(m.id, (c) => {
      if (c.type === 'cancel') stop = true;
    });
    try {
      const result = await exportJob(connection(), m.name, lookup('streams', m.name), m.args, m.spec, {
        batchSize: m.batchSize,
        part: m.part,
        stopped: () => stop,
        onProgress: (progress) => post({ type: 'progress', id: m.id, progress }),
      });
      post({ type: 'exported', id: m.id, result });
    } catch (err) {
      if (err instanceof ReaderError && err.reason === 'cancelled') post({ type: 'cancelled', id: m.id });
      else if (err instanceof ReaderError) post({ type: 'error', id: m.id, message: err.message, reason: err.reason });
      else post({ type: 'error', id: m.id, message: describe(m.name, err) });
    } finally {
      controls.delete(m.id);
    }
  };

  port.on('message', (m: ToWorker) => {
    if (m.type === 'credit' || m.type === 'cancel') controls.get(m.id)?.(m);
    else if (m.type === 'run') void run(m);
    else if (m.type === 'export') void exportTo(m);
    else void stream(m);
  });
}
