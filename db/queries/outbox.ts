/**
 * The outbox's SQL. Rows are written in the business transaction; each consumer (outbox_consumers) reads the rows of
 * its topics above its cursor, one index seek per topic on outbox_topic_idx (topic, id), so a lookup costs the same
 * whatever history the table holds. core/outbox.ts puts these together into the consumer API.
 */
import type { Db } from '../connection';
import { nowIso, perConnection } from '../prepared';

export interface OutboxRow {
  id: number;
  topic: string;
  payload: string;
}

export interface ConsumerState {
  cursor: number;
  retryId: number | null;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
}

export interface DeadLetterRow {
  id: number;
  topic: string | null;
  payload: string | null;
  reason: string | null;
  at: string;
}

/**
 * A row the consumer has not finished: rows it finished above its cursor (dead letters, out-of-order deliveries) are
 * left out.
 */
const UNFINISHED = 'NOT EXISTS (SELECT 1 FROM outbox_done d WHERE d.consumer = ? AND d.outbox_id = o.id)';
/** The consumer's unfinished rows of a topic above a cursor, oldest first, these columns of them. */
const pendingOf = (columns: string) =>
  `SELECT ${columns} FROM outbox o
     WHERE o.topic = ? AND o.id > ? AND ${UNFINISHED}
     ORDER BY o.id LIMIT ?`;

/** The statements a consumer's poll runs (exported for the query-plan test). */
export const OUTBOX_SQL = {
  pending: pendingOf('o.id, o.topic, o.payload'),
  countAbove: 'SELECT count(*) AS n FROM outbox WHERE topic = ? AND id > ?',
  // The same rows as `pending`, only their ids (a batch whose payloads are read in SQL, see `pendingValues`).
  pendingIds: pendingOf('o.id'),
  // Each distinct entry of a JSON array in the payloads of the consumer's unfinished rows of a topic in (after, upTo].
  pendingValues: `SELECT DISTINCT j.value FROM outbox o, json_each(o.payload, ?) j
     WHERE o.topic = ? AND o.id > ? AND o.id <= ? AND ${UNFINISHED}`,
} as const;

const stmts = perConnection((db) => ({
  insert: db.raw.prepare('INSERT INTO outbox (topic, payload, created_at) VALUES (?, ?, ?)'),
  register: db.raw.prepare(
    `INSERT INTO outbox_consumers (name, topics) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET topics = excluded.topics WHERE topics IS NOT excluded.topics`,
  ),
  state: db.raw.prepare<[string], ConsumerState>(
    `SELECT cursor, retry_id AS retryId, attempts, next_attempt_at AS nextAttemptAt, last_error AS lastError FROM outbox_consumers WHERE name = ?`,
  ),
  pending: db.raw.prepare<[string, number, string, number], OutboxRow>(OUTBOX_SQL.pending),
  pendingIds: db.raw.prepare<[string, number, string, number], number>(OUTBOX_SQL.pendingIds).pluck(),
  pendingValues: db.raw.prepare<[string, string, number, number, string], unknown>(OUTBOX_SQL.pendingValues).pluck(),
  maxOfTopic: db.raw.prepare<[string], { id: number | null }>('SELECT max(id) AS id FROM outbox WHERE topic = ?'),
  countAbove: db.raw.prepare<[string, number], { n: number }>(OUTBOX_SQL.countAbove),
  doneAbove: db.raw.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM outbox_done WHERE consumer = ? AND outbox_id > ?'),
  countBetween: db.raw.prepare<[string, number, number], { n: number }>(
    'SELECT count(*) AS n FROM outbox WHERE topic = ? AND id > ? AND id <= ?',
  ),
  doneBetween: db.raw.prepare<[string, number, number], { n: number }>(
    'SELECT count(*) AS n FROM outbox_done WHERE consumer = ? AND outbox_id > ? AND outbox_id <= ?',
  ),
  setCursor: db.raw.prepare('UPDATE outbox_consumers SET cursor = ? WHERE name = ? AND cursor < ?'),
  markDone: db.raw.prepare(`INSERT OR REPLACE INTO outbox_done (consumer, outbox_id, outcome, reason, at) VALUES (?, ?, ?, ?, ?)`),
  forgetDelivered: db.raw.prepare(`DELETE FROM outbox_done WHERE consumer = ? AND outbox_id <= ? AND outcome = 'delivered'`),
  setRetry: db.raw.prepare(
    `UPDATE outbox_consumers SET attempts = CASE WHEN retry_id = ? THEN attempts + 1 ELSE 1 END, retry_id = ?, last_error = ?, next_attempt_at = ? WHERE name = ?`,
  ),
  clearRetry: db.raw.prepare(
    'UPDATE outbox_consumers SET retry_id = NULL, attempts = 0, last_error = NULL, next_attempt_at = NULL WHERE name = ? AND retry_id = ?',
  ),
  deadLetters: db.raw.prepare<[string], DeadLetterRow>(
    `SELECT d.outbox_id AS id, o.topic, o.payload, d.reason, d.at FROM outbox_done d LEFT JOIN outbox o ON o.id = d.outbox_id
     WHERE d.consumer = ? AND d.outcome = 'dead' ORDER BY d.outbox_id`,
  ),
  // Pruning.
  consumers: db.raw.prepare<[], { topics: string; cursor: number }>('SELECT topics, cursor FROM outbox_consumers'),
  firstAtOrAfter: db.raw.prepare<[number], { id: number; createdAt: string }>(
    'SELECT id, created_at AS createdAt FROM outbox WHERE id >= ? ORDER BY id LIMIT 1',
  ),
  maxId: db.raw.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM outbox'),
  nextTopic: db.raw.prepare<[string], { topic: string }>('SELECT topic FROM outbox WHERE topic > ? ORDER BY topic LIMIT 1'),
  deleteRange: db.raw.prepare('DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE topic = ? AND id <= ? ORDER BY id LIMIT ?)'),
  dropOrphanDone: db.raw.prepare('DELETE FROM outbox_done WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.id = outbox_done.outbox_id)'),
}));

/** Written in the business transaction; read after commit by the consumers of `topic`. */
export function enqueue(db: Db, topic: string, payload: unknown): void {
  stmts(db).insert.run(topic, JSON.stringify(payload), nowIso());
}

/** Creates the consumer (cursor 0: every retained row of its topics is new to it) or records its current topics. */
export const registerConsumer = (db: Db, name: string, topics: readonly string[]): void =>
  void stmts(db).register.run(name, JSON.stringify(topics));

export const consumerState = (db: Db, name: string): ConsumerState | undefined => stmts(db).state.get(name);

/** Each topic's first `limit` rows (one index seek per topic), merged oldest first. */
function firstOfTopics<T>(topics: readonly string[], limit: number, ofTopic: (topic: string) => T[], id: (row: T) => number): T[] {
  const rows = topics.flatMap(ofTopic);
  return topics.length > 1 ? rows.sort((a, b) => id(a) - id(b)).slice(0, limit) : rows;
}

/** Rows of `topics` above `after` that `name` has not finished, oldest first. */
export const pendingOutbox = (db: Db, name: string, topics: readonly string[], after: number, limit: number): OutboxRow[] =>
  firstOfTopics(
    topics,
    limit,
    (t) => stmts(db).pending.all(t, after, name, limit),
    (r) => r.id,
  );

/** The ids of what `pendingOutbox` would give, without reading the payloads. */
export const pendingOutboxIds = (db: Db, name: string, topics: readonly string[], after: number, limit: number): number[] =>
  firstOfTopics(
    topics,
    limit,
    (t) => stmts(db).pendingIds.all(t, after, name, limit),
    (id) => id,
  );

/**
 * The distinct entries of the JSON array at `path` ('$.productIds') in the payloads of the rows of `topic` in
 * (after, upTo] that `name` has not finished: what a batch's rows name, coalesced by SQLite rather than parsed row by
 * row in JS. Rows whose payload has no such array name nothing.
 */
export const pendingPayloadValues = (db: Db, name: string, topic: string, path: string, after: number, upTo: number): unknown[] =>
  stmts(db).pendingValues.all(path, topic, after, upTo, name);

/** The newest row of any of `topics`, or 0. */
export const lastOutboxId = (db: Db, topics: readonly string[]): number =>
  Math.max(0, ...topics.map((t) => stmts(db).maxOfTopic.get(t)?.id ?? 0));

/** Moves the cursor forward only; finished-ahead rows it passes that were delivered are no longer needed. */
export function advanceCursor(db: Db, name: string, cursor: number): void {
  const s = stmts(db);
  if (s.setCursor.run(cursor, name, cursor).changes) s.forgetDelivered.run(name, cursor);
}

export const markDone = (db: Db, name: string, id: number, outcome: 'delivered' | 'dead', reason: string | null = null): void =>
  void stmts(db).markDone.run(name, id, outcome, reason === null ? null : reason.slice(0, 500), nowIso());

export const recordFailure = (db: Db, name: string, id: number, error: string, nextAttemptAt: string): void =>
  void stmts(db).setRetry.run(id, id, error.slice(0, 500), nextAttemptAt, name);

export const clearFailure = (db: Db, name: string, id: number): void => void stmts(db).clearRetry.run(name, id);

/** Rows of `topics` above the cursor that `name` has not finished. */
export function countPendingOutbox(db: Db, name: string, topics: readonly string[], cursor: number): number {
  const s = stmts(db);
  return topics.reduce((n, t) => n + s.countAbove.get(t, cursor)!.n, 0) - s.doneAbove.get(name, cursor)!.n;
}

/** Rows of `topics` in (after, upTo] that `name` has not finished. */
export function countPendingBetween(db: Db, name: string, topics: readonly string[], after: number, upTo: number): number {
  const s = stmts(db);
  return topics.reduce((n, t) => n + s.countBetween.get(t, after, upTo)!.n, 0) - s.doneBetween.get(name, after, upTo)!.n;
}

export const deadLetters = (db: Db, name: string): DeadLetterRow[] => stmts(db).deadLetters.all(name);

/**
 * The newest row created before `cutoff` (ISO). Ids grow with time, so a binary search over ids (~30 seeks) finds it
 * without an index on created_at; a clock set back makes the boundary approximate, never wrong about cursors.
 */
function lastIdBefore(db: Db, cutoff: string): number {
  const s = stmts(db);
  const first = s.firstAtOrAfter.get(0);
  if (!first || first.createdAt >= cutoff) return 0;
  let lo = first.id;
  let hi = (s.maxId.get()?.id ?? lo) + 1;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const row = s.firstAtOrAfter.get(mid);
    if (row && row.createdAt < cutoff) lo = row.id;
    else hi = mid;
  }
  return lo;
}

/**
 * Deletes up to `batch` rows created before `cutoff` that every consumer of their topic has passed (rows of topics
 * nobody reads only need to be old). One short transaction's worth of work: call again while it returns `batch`.
 */
export function pruneOutboxBatch(db: Db, cutoff: string, batch: number): number {
  const s = stmts(db);
  const oldUpTo = lastIdBefore(db, cutoff);
  if (oldUpTo === 0) return 0;
  const passed = new Map<string, number>();
  for (const c of s.consumers.all()) {
    for (const t of JSON.parse(c.topics) as string[]) passed.set(t, Math.min(passed.get(t) ?? Infinity, c.cursor));
  }
  let deleted = 0;
  // Topics one seek each on the (topic, id) index; each topic's prunable rows are the start of its range.
  for (let t = s.nextTopic.get(''); t && deleted < batch; t = s.nextTopic.get(t.topic)) {
    const upTo = Math.min(oldUpTo, passed.get(t.topic) ?? Infinity);
    if (upTo > 0) deleted += s.deleteRange.run(t.topic, upTo, batch - deleted).changes;
  }
  if (deleted > 0) s.dropOrphanDone.run();
  return deleted;
}

/** Payloads of a topic whose JSON has `key` equal to `value`, oldest first (e.g. every receipt.print of a document). */
export function outboxPayloadsWhere(db: Db, topic: string, key: string, value: string | number): unknown[] {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`bad payload key ${key}`);
  return (
    db.raw
      .prepare('SELECT payload FROM outbox WHERE topic = ? AND json_extract(payload, ?) = ? ORDER BY id')
      .all(topic, `$.${key}`, value) as { payload: string }[]
  ).map((r) => JSON.parse(r.payload) as unknown);
}
