/**
 * PrintJobStore on the outbox table: a receipt job is an outbox row written in the sale's own transaction
 * (CONTRIBUTING: side effects go in the outbox and run after commit), so a crash between posting and printing
 * still prints on the next start. Job id = outbox row id.
 *
 * The payload is rendered to bytes at delivery time by `render` (e.g. {docId} -> load doc + settings -> ESC/POS),
 * which keeps ESC/POS out of the database and lets a changed printer setting apply to pending receipts.
 * Without `render`, the payload must be {bytes: base64}.
 *
 * Several topics (receipt.print, report.print, drawer.kick) share one printer: they are loaded together in outbox id
 * order, so a drawer kick never overtakes the receipt before it.
 */
import type { Db } from '../../db/connection';
import { markDelivered, markFailed, pendingOutbox, type OutboxRow } from '../../db/queries/outbox';
import type { PrintJob, PrintJobStore } from './print-queue';

export const PRINT_TOPIC = 'receipt.print';

export interface OutboxPrintStoreOptions {
  topic?: string;
  /** Topics read together, in row order; overrides `topic`. */
  topics?: string[];
  render?: (payload: unknown, topic: string) => Buffer;
  batch?: number;
  onRenderError?: (id: number, err: unknown) => void;
}

/** `db` may be a getter: a restore swaps the connection under a running service. */
export function outboxPrintStore(db: Db | (() => Db), opts: OutboxPrintStoreOptions = {}): PrintJobStore {
  const dbOf = typeof db === 'function' ? db : () => db;
  const topics = opts.topics ?? [opts.topic ?? PRINT_TOPIC];
  const batch = opts.batch ?? 50;
  const render = opts.render ?? ((p: unknown) => Buffer.from((p as { bytes: string }).bytes, 'base64'));
  // Rows that failed to render are recorded once and not tried again in this run (a restart tries once more):
  // re-rendering a receipt whose document is gone on every reload would only bump its attempts forever.
  const unrenderable = new Set<number>();
  return {
    load(): PrintJob[] {
      const d = dbOf();
      const rows: OutboxRow[] = topics
        .flatMap((t) => pendingOutbox(d, t, batch + unrenderable.size))
        .filter((r) => !unrenderable.has(r.id))
        .sort((a, b) => a.id - b.id)
        .slice(0, batch);
      const jobs: PrintJob[] = [];
      for (const row of rows) {
        try {
          jobs.push({ id: String(row.id), bytes: render(JSON.parse(row.payload), row.topic) });
        } catch (err) {
          // A row that cannot be rendered (document gone, bad payload) is recorded and skipped, not retried forever
          // at the head of the queue in front of good receipts.
          unrenderable.add(row.id);
          markFailed(d, row.id, `render: ${err instanceof Error ? err.message : String(err)}`);
          opts.onRenderError?.(row.id, err);
        }
      }
      return jobs;
    },
    delivered: (id) => markDelivered(dbOf(), Number(id)),
    failed: (id, error) => markFailed(dbOf(), Number(id), error),
  };
}
