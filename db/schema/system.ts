import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Hash-chained: hash = sha256(prevHash + canonical entry). Append-only, enforced by triggers. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey(),
    at: text('at').notNull(),
    userId: integer('user_id'),
    action: text('action').notNull(),
    entity: text('entity'),
    entityId: text('entity_id'),
    data: text('data').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_action_idx').on(t.action)],
);

/**
 * Side effects (printing, web-store sync) written with the business rows, read after commit by each consumer with
 * its own cursor (outbox_consumers). AUTOINCREMENT: ids never come back after pruning, so a cursor never passes a
 * row it has not seen.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    topic: text('topic').notNull(),
    payload: text('payload').notNull(),
    createdAt: text('created_at').notNull(),
  },
  // A consumer's next rows are one seek per topic, however many rows of other topics the table holds.
  (t) => [index('outbox_topic_idx').on(t.topic, t.id)],
);

/**
 * One row per consumer (the printer, the web store…): every row of its topics up to `cursor` is done with. The retry
 * state belongs to one row (`retryId`, normally the head): attempts so far, when to try next, and why it failed.
 */
export const outboxConsumers = sqliteTable('outbox_consumers', {
  name: text('name').primaryKey(),
  /** JSON array of the topics it reads; pruning keeps their rows until its cursor has passed them. */
  topics: text('topics').notNull(),
  cursor: integer('cursor').notNull().default(0),
  retryId: integer('retry_id'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: text('next_attempt_at'),
  lastError: text('last_error'),
});

/**
 * Rows a consumer finished above its cursor: dead letters (`dead`, with the reason: never deliverable, e.g. a receipt
 * that cannot be rendered) and rows delivered out of order (`delivered`, dropped once the cursor passes them).
 */
export const outboxDone = sqliteTable(
  'outbox_done',
  {
    consumer: text('consumer').notNull(),
    outboxId: integer('outbox_id').notNull(),
    outcome: text('outcome', { enum: ['delivered', 'dead'] }).notNull(),
    reason: text('reason'),
    at: text('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.outboxId] })],
);
