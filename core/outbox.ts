/**
 * Outbox consumers: each reader of the outbox (the receipt printer, the web-store sync…) has its own cursor, so one
 * consumer's progress never hides rows from another, and its own persisted retry state, so a restart picks up where
 * it left off. Rows are written with `enqueue` (db/queries/outbox.ts) in the business transaction.
 *
 * A consumer finishes rows normally in order (`delivered` of its head moves the cursor); a row it can never deliver
 * goes to `deadLetter` with the reason and stops blocking the ones behind it. Finishing a row out of order is allowed
 * (it is remembered until the cursor passes it).
 *
 * Delivered rows are pruned by `pruneOutbox` once every consumer of their topic has passed them and they are older than
 * the retention, in small batches (the device service runs it at start and hourly).
 */
import { inDraftTransaction, inTransaction, type Db } from '../db/connection';
import * as q from '../db/queries/outbox';

export interface PendingRow {
  id: number;
  topic: string;
  payload: string;
  /** Failed attempts so far (0 for a row never tried). */
  attempts: number;
  /** When the next attempt is due after a failure; null: now. */
  nextAttemptAt: Date | null;
  lastError: string | null;
}

export interface OutboxConsumer {
  readonly name: string;
  readonly topics: readonly string[];
  /** The next rows to deliver, oldest first. */
  pending(limit?: number): PendingRow[];
  /** The ids of what `pending(limit)` would give, without reading their payloads (a batch coalesced in SQL). */
  pendingIds(limit: number): number[];
  /**
   * The distinct entries of the JSON array at `path` ('$.productIds') in the payloads of the unfinished rows of `topic`
   * up to id `upTo`: what the rows of `pendingIds` name, without parsing each in JS.
   */
  pendingValues(topic: string, path: string, upTo: number): unknown[];
  delivered(id: number): void;
  /** Many rows at once (a coalesced batch), in one transaction: the same outcome as `delivered` of each. */
  deliveredAll(ids: readonly number[]): void;
  /** A failed attempt: counted, with the reason and when to try again; the row stays pending. */
  failed(id: number, error: string, nextAttemptAt: Date): void;
  /** Never deliverable: set aside with the reason (kept until pruned), no longer pending. */
  deadLetter(id: number, reason: string): void;
  /** Rows still to deliver. */
  depth(): number;
  deadLetters(): q.DeadLetterRow[];
}

export const OUTBOX_RETENTION_MS = 30 * 24 * 3600_000;
/** Rows per prune transaction: a few milliseconds of the writer lock at a time (bench: outbox_prune_batch_p95_ms). */
export const PRUNE_BATCH = 100;

const registered = new WeakMap<Db, Set<string>>();

/** The consumer `name` reading `topics`; created on first use (cursor 0: every retained row of its topics is new). */
export function consumer(db: Db, name: string, topics: readonly string[]): OutboxConsumer {
  const key = `${name}\n${JSON.stringify(topics)}`;
  let seen = registered.get(db);
  if (!seen) registered.set(db, (seen = new Set()));
  if (!seen.has(key)) {
    q.registerConsumer(db, name, topics);
    seen.add(key);
  }
  const state = (): q.ConsumerState =>
    q.consumerState(db, name) ?? { cursor: 0, retryId: null, attempts: 0, nextAttemptAt: null, lastError: null };
  const head = (after: number): number | undefined => q.pendingOutboxIds(db, name, topics, after, 1)[0];
  // Everything of ours up to the row before the next unfinished one is done.
  const settle = (after: number): void => q.advanceCursor(db, name, (head(after) ?? q.lastOutboxId(db, topics) + 1) - 1);
  return {
    name,
    topics,
    pending(limit = 50) {
      const s = state();
      return q.pendingOutbox(db, name, topics, s.cursor, limit).map((r) => {
        const mine = r.id === s.retryId;
        return {
          ...r,
          attempts: mine ? s.attempts : 0,
          nextAttemptAt: mine && s.nextAttemptAt ? new Date(s.nextAttemptAt) : null,
          lastError: mine ? s.lastError : null,
        };
      });
    },
    pendingIds(limit) {
      return q.pendingOutboxIds(db, name, topics, state().cursor, limit);
    },
    pendingValues(topic, path, upTo) {
      return topics.includes(topic) ? q.pendingPayloadValues(db, name, topic, path, state().cursor, upTo) : [];
    },
    delivered(id) {
      inTransaction(db, () => {
        const { cursor } = state();
        if (id <= cursor) return;
        if (head(cursor) === id) settle(id);
        else q.markDone(db, name, id, 'delivered');
        q.clearFailure(db, name, id);
      });
    },
    deliveredAll(ids) {
      // One settle for the batch rather than one per row: finishing a catch-up's 10k rows one by one (two head lookups
      // and a cursor move each) cost about as much as sending their levels to the store.
      inTransaction(db, () => {
        const { cursor, retryId } = state();
        const ahead = [...new Set(ids.filter((id) => id > cursor))];
        if (!ahead.length) return;
        const last = ahead.reduce((a, b) => Math.max(a, b));
        // The usual batch is every unfinished row up to its last (what `pending` gave): the cursor jumps past it. Otherwise
        // each is marked finished ahead and the cursor passes what it can, as `delivered` does one at a time.
        if (q.countPendingBetween(db, name, topics, cursor, last) === ahead.length) settle(last);
        else {
          for (const id of ahead) q.markDone(db, name, id, 'delivered');
          settle(cursor);
        }
        if (retryId !== null && ahead.includes(retryId)) q.clearFailure(db, name, retryId);
      });
    },
    failed(id, error, nextAttemptAt) {
      q.recordFailure(db, name, id, error, nextAttemptAt.toISOString());
    },
    deadLetter(id, reason) {
      inTransaction(db, () => {
        const { cursor } = state();
        if (id <= cursor) return;
        const wasHead = head(cursor) === id;
        q.markDone(db, name, id, 'dead', reason);
        if (wasHead) settle(id);
        q.clearFailure(db, name, id);
      });
    },
    depth() {
      return q.countPendingOutbox(db, name, topics, state().cursor);
    },
    deadLetters() {
      return q.deadLetters(db, name);
    },
  };
}

/**
 * One batch of pruning: rows older than the retention that every consumer of their topic has passed. Returns how many
 * went; call again (letting other work in between) while it returns `batch`.
 */
export function pruneOutbox(db: Db, opts: { retentionMs?: number; now?: Date; batch?: number } = {}): number {
  const cutoff = new Date((opts.now ?? new Date()).getTime() - (opts.retentionMs ?? OUTBOX_RETENTION_MS)).toISOString();
  // Not synced on commit (no fsync holding the thread each batch): a power cut can only bring back rows already done.
  return inDraftTransaction(db, () => q.pruneOutboxBatch(db, cutoff, opts.batch ?? PRUNE_BATCH));
}

/** Between prune batches: the till's own writes get the lock in between. */
const PRUNE_PAUSE_MS = 20;

/** Prunes batch after batch with pauses until nothing is left or `go()` says stop; `db()` is read per batch. */
export async function pruneOutboxInBatches(db: () => Db, go: () => boolean, retentionMs = OUTBOX_RETENTION_MS): Promise<void> {
  while (go() && pruneOutbox(db(), { retentionMs }) === PRUNE_BATCH) await new Promise((r) => setTimeout(r, PRUNE_PAUSE_MS));
}
