/**
 * PrintJobStore on the outbox: a receipt job is an outbox row written in the sale's own transaction (CONTRIBUTING:
 * side effects go in the outbox and run after commit), so a crash between posting and printing still prints on the
 * next start. The printer is one outbox consumer (core/outbox.ts) with its own cursor and persisted retry state.
 * Job id = outbox row id.
 *
 * The payload is rendered to bytes at delivery time by `render` (e.g. {docId} -> load doc + settings -> ESC/POS),
 * which keeps ESC/POS out of the database and lets a changed printer setting apply to pending receipts.
 * Without `render`, the payload must be {bytes: base64}.
 *
 * Several topics (receipt.print, report.print, drawer.kick) share one printer: they are loaded together in outbox id
 * order, so a drawer kick never overtakes the receipt before it.
 */
import type { Db } from '../../db/connection';
import { consumer, type OutboxConsumer } from '../outbox';
import type { PrintJob, PrintJobStore } from './print-queue';
import { DEVICE_TOPICS } from './receipt-data';

export const PRINTER_CONSUMER = 'printer';

/** The receipt printer's place in the outbox: what waits for it, and its cursor. */
export const printerOutbox = (db: Db): OutboxConsumer => consumer(db, PRINTER_CONSUMER, DEVICE_TOPICS);

export interface OutboxPrintStoreOptions {
  /** Topics read together, in row order (default: the printer's). */
  topics?: string[];
  render?: (payload: unknown, topic: string) => Buffer;
  batch?: number;
  /** Jobs keep the next attempt an earlier run set (default); false: try them at once (a new printer setting). */
  resumeBackoff?: boolean;
  onRenderError?: (id: number, err: unknown) => void;
}

/** `db` may be a getter: a restore swaps the connection under a running service. */
export function outboxPrintStore(db: Db | (() => Db), opts: OutboxPrintStoreOptions = {}): PrintJobStore {
  const topics = opts.topics ?? DEVICE_TOPICS;
  const outbox = (): OutboxConsumer => consumer(typeof db === 'function' ? db() : db, PRINTER_CONSUMER, topics);
  const batch = opts.batch ?? 50;
  const render = opts.render ?? ((p: unknown) => Buffer.from((p as { bytes: string }).bytes, 'base64'));
  return {
    load(): PrintJob[] {
      const o = outbox();
      const jobs: PrintJob[] = [];
      for (const row of o.pending(batch)) {
        try {
          jobs.push({
            id: String(row.id),
            bytes: render(JSON.parse(row.payload), row.topic),
            attempts: row.attempts,
            retryAt: opts.resumeBackoff === false ? null : row.nextAttemptAt,
          });
        } catch (err) {
          // A row that cannot be rendered (document gone, bad payload) is set aside with its reason, not retried forever
          // at the head of the queue in front of good receipts.
          o.deadLetter(row.id, `render: ${err instanceof Error ? err.message : String(err)}`);
          opts.onRenderError?.(row.id, err);
        }
      }
      return jobs;
    },
    delivered: (id) => outbox().delivered(Number(id)),
    failed: (id, error, retryAt) => outbox().failed(Number(id), error, retryAt),
  };
}
