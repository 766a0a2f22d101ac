import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** A permission set: the built-in roles plus any the owner defines. */
export const roles = sqliteTable('roles', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** JSON array of permission names. */
  permissions: text('permissions', { mode: 'json' }).$type<string[]>().notNull(),
  builtin: integer('builtin', { mode: 'boolean' }).notNull().default(false),
});

export const users = sqliteTable('users', {
  id: integer('id').primaryKey(),
  name: text('name').notNull().unique(),
  roleId: text('role_id')
    .notNull()
    .references(() => roles.id),
  /** scrypt hashes, `salt:hash` in hex. */
  pinHash: text('pin_hash'),
  passwordHash: text('password_hash'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lockedUntil: text('locked_until'),
  createdAt: text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
});

export const locations = sqliteTable('locations', {
  id: integer('id').primaryKey(),
  name: text('name').notNull().unique(),
  /** 'transit': the one system location holding goods sent by a transfer and not yet received (never chosen by hand). */
  kind: text('kind', { enum: ['store', 'warehouse', 'transit'] })
    .notNull()
    .default('store'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
});

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
});

/**
 * Sign-in throttling: wrong PINs and passwords per claimed user id and source ('counter', 'remote' for all
 * non-counter addresses together, 'remote:<address>'). No foreign key: unknown ids are throttled like real ones.
 */
export const authThrottle = sqliteTable(
  'auth_throttle',
  {
    userId: integer('user_id').notNull(),
    source: text('source').notNull(),
    failures: integer('failures').notNull(),
    lastFailureAt: text('last_failure_at').notNull(),
    nextTryAt: text('next_try_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.source] }), index('auth_throttle_last_failure_idx').on(t.lastFailureAt)],
);
