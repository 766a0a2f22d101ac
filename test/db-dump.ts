import type { Db } from '../db/connection';

/** Every row of every table, in rowid order: two equal dumps mean the database content is unchanged. */
export function dumpTables(db: Db, except: string[] = []): Record<string, unknown[]> {
  const tables = (db.raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[])
    .map((t) => t.name)
    .filter((n) => !except.includes(n));
  return Object.fromEntries(tables.map((t) => [t, db.raw.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]));
}

export const auditCount = (db: Db): number => (db.raw.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

export function auditSince(db: Db, afterCount: number) {
  return db.raw.prepare('SELECT action, entity_id AS entityId, user_id AS userId FROM audit_log ORDER BY id LIMIT -1 OFFSET ?').all(afterCount) as {
    action: string;
    entityId: string | null;
    userId: number | null;
  }[];
}
