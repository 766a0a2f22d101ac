import type { Db } from '../db/connection';

/** Every row of every table, in rowid order: two equal dumps mean the database content is unchanged. */
export function dumpTables(db: Db, except: string[] = []): Record<string, unknown[]> {
  const tables = (
    db.raw.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as {
      name: string;
      sql: string | null;
    }[]
  ).filter((t) => !except.includes(t.name));
  // WITHOUT ROWID tables (the FTS index's shadow tables) have no rowid; they read back in primary-key order.
  const order = (sql: string | null) => (/WITHOUT\s+ROWID/i.test(sql ?? '') ? '' : ' ORDER BY rowid');
  return Object.fromEntries(tables.map((t) => [t.name, db.raw.prepare(`SELECT * FROM "${t.name}"${order(t.sql)}`).all()]));
}

/** Rows inserted, updated or deleted through this connection since it opened (the core's one writer), triggers too. */
export const totalChanges = (db: Db): number => db.raw.prepare('SELECT total_changes()').pluck().get() as number;

export const auditCount = (db: Db): number => (db.raw.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

export function auditSince(db: Db, afterCount: number) {
  return db.raw
    .prepare('SELECT action, entity_id AS entityId, user_id AS userId FROM audit_log ORDER BY id LIMIT -1 OFFSET ?')
    .all(afterCount) as {
    action: string;
    entityId: string | null;
    userId: number | null;
  }[];
}
