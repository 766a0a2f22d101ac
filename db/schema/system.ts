import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

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

/** Side effects (printing, web-store sync) written with the business rows, delivered after commit. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey(),
    topic: text('topic').notNull(),
    payload: text('payload').notNull(),
    createdAt: text('created_at').notNull(),
    deliveredAt: text('delivered_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [index('outbox_pending_idx').on(t.deliveredAt, t.id)],
);
