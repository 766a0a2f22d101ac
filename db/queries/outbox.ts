import type { Db } from '../connection';
import { nowIso, perConnection } from '../prepared';

export interface OutboxRow {
  id: number;
  topic: string;
  payload: string;
  attempts: number;
}

const stmts = perConnection((db) => ({
  insert: db.raw.prepare('INSERT INTO outbox (topic, payload, created_at) VALUES (?, ?, ?)'),
  pending: db.raw.prepare<[string, number], OutboxRow>(
    'SELECT id, topic, payload, attempts FROM outbox WHERE delivered_at IS NULL AND topic = ? ORDER BY id LIMIT ?',
  ),
  delivered: db.raw.prepare('UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?'),
  failed: db.raw.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?'),
}));

/** Written in the business transaction; delivered after commit by a relay. */
export function enqueue(db: Db, topic: string, payload: unknown): void {
  stmts(db).insert.run(topic, JSON.stringify(payload), nowIso());
}

export const pendingOutbox = (db: Db, topic: string, limit = 50): OutboxRow[] => stmts(db).pending.all(topic, limit);
export const markDelivered = (db: Db, id: number): void => void stmts(db).delivered.run(nowIso(), id);
export const markFailed = (db: Db, id: number, error: string): void => void stmts(db).failed.run(error.slice(0, 500), id);

/** Undelivered rows of these topics (what is still waiting for the printer). */
export function countPendingOutbox(db: Db, topics: string[]): number {
  if (topics.length === 0) return 0;
  const row = db.raw
    .prepare(`SELECT count(*) AS n FROM outbox WHERE delivered_at IS NULL AND topic IN (${topics.map(() => '?').join(', ')})`)
    .get(...topics) as { n: number };
  return row.n;
}

/** Payloads of a topic whose JSON has `key` equal to `value`, oldest first (e.g. every receipt.print of a document). */
export function outboxPayloadsWhere(db: Db, topic: string, key: string, value: string | number): unknown[] {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`bad payload key ${key}`);
  return (db.raw.prepare('SELECT payload FROM outbox WHERE topic = ? AND json_extract(payload, ?) = ? ORDER BY id').all(topic, `$.${key}`, value) as { payload: string }[]).map(
    (r) => JSON.parse(r.payload) as unknown,
  );
}
