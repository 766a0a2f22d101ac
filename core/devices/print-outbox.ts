/**
 * PrintJobStore on the outbox table: a receipt job is an outbox row written in the sale's own transaction
 * (CONTRIBUTING: side effects go in the outbox and run after commit), so a crash between posting and printing
 * still prints on the next start. Job id = outbox row id.
 *
 * The payload is rendered to bytes at delivery time by `render` (e.g. {docId} -> load doc + settings -> ESC/POS),
 * which keeps ESC/POS out of the database and lets a changed printer setting apply to pending receipts.
 * Without `render`, the payload must be {bytes: base64}.
 */
import type { Db } from '../../db/connection';
import { markDelivered, markFailed, pendingOutbox } from '../../db/queries/outbox';
import type { PrintJob, PrintJobStore } from './print-queue';

export const PRINT_TOPIC = 'receipt.print';

export function outboxPrintStore(
  db: Db,
  opts: { topic?: string; render?: (payload: unknown) => Buffer; batch?: number; onRenderError?: (id: number, err: unknown) => void } = {},
): PrintJobStore {
  const topic = opts.topic ?? PRINT_TOPIC;
  const render = opts.render ?? ((p: unknown) => Buffer.from((p as { bytes: string }).bytes, 'base64'));
  return {
    load(): PrintJob[] {
      const jobs: PrintJob[] = [];
      for (const row of pendingOutbox(db, topic, opts.batch ?? 50)) {
        try {
          jobs.push({ id: String(row.id), bytes: render(JSON.parse(row.payload)) });
        } catch (err) {
          // A row that cannot be rendered (document gone, bad payload) is recorded and skipped, not retried forever
          // at the head of the queue in front of good receipts.
          markFailed(db, row.id, `render: ${err instanceof Error ? err.message : String(err)}`);
          opts.onRenderError?.(row.id, err);
        }
      }
      return jobs;
    },
    delivered: (id) => markDelivered(db, Number(id)),
    failed: (id, error) => markFailed(db, Number(id), error),
  };
}
