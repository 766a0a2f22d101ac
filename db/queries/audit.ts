import { createHash } from 'node:crypto';
import type { Db } from '../connection';
import { nowIso, perConnection } from '../prepared';

export interface AuditEntry {
  userId: number | null;
  action: string;
  entity?: string | null;
  entityId?: string | number | null;
  data?: unknown;
}

const GENESIS = '0'.repeat(64);

const stmts = perConnection((db) => ({
  last: db.raw.prepare<[], { hash: string }>('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1'),
  insert: db.raw.prepare(
    'INSERT INTO audit_log (at, user_id, action, entity, entity_id, data, prev_hash, hash) VALUES (@at, @userId, @action, @entity, @entityId, @data, @prevHash, @hash)',
  ),
}));

/** The hashed form of an entry: fixed field order, so the chain verifies the same on any machine. */
function entryHash(
  prevHash: string,
  e: { at: string; userId: number | null; action: string; entity: string | null; entityId: string | null; data: string },
): string {
  return createHash('sha256')
    .update(JSON.stringify([prevHash, e.at, e.userId, e.action, e.entity, e.entityId, e.data]))
    .digest('hex');
}

/** Appends to the hash chain; call inside the transaction that makes the change it records. */
export function appendAudit(db: Db, entry: AuditEntry): void {
  const s = stmts(db);
  const prevHash = s.last.get()?.hash ?? GENESIS;
  const row = {
    at: nowIso(),
    userId: entry.userId,
    action: entry.action,
    entity: entry.entity ?? null,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    data: JSON.stringify(entry.data ?? {}),
  };
  s.insert.run({ ...row, prevHash, hash: entryHash(prevHash, row) });
}

/**
 * Appends many entries in one go (a price list's every change): the chain's head is read once and carried in memory,
 * so a hundred thousand entries cost their hashes and inserts, not a lookup each. Inside the caller's transaction.
 */
export function appendAudits(db: Db, entries: Iterable<AuditEntry>): void {
  const s = stmts(db);
  let prevHash = s.last.get()?.hash ?? GENESIS;
  const at = nowIso();
  for (const entry of entries) {
    const row = {
      at,
      userId: entry.userId,
      action: entry.action,
      entity: entry.entity ?? null,
      entityId: entry.entityId == null ? null : String(entry.entityId),
      data: JSON.stringify(entry.data ?? {}),
    };
    const hash = entryHash(prevHash, row);
    s.insert.run({ ...row, prevHash, hash });
    prevHash = hash;
  }
}

/**
 * Walks the chain; an edited row breaks its own hash, a deleted one breaks the next row's link. Deleting the
 * newest rows leaves no broken link, so every posted document must also find its posting entry in the chain.
 */
export function verifyAudit(db: Db): { checked: number; firstBad: { id: number; reason: string } | null } {
  let prev = GENESIS;
  let prevId = 0;
  let checked = 0;
  const postedInLog = new Set<string>();
  const rows = db.raw
    .prepare(
      'SELECT id, at, user_id AS userId, action, entity, entity_id AS entityId, data, prev_hash AS prevHash, hash FROM audit_log ORDER BY id',
    )
    .iterate() as IterableIterator<{
    id: number;
    at: string;
    userId: number | null;
    action: string;
    entity: string | null;
    entityId: string | null;
    data: string;
    prevHash: string;
    hash: string;
  }>;
  for (const r of rows) {
    checked++;
    if (r.prevHash !== prev) {
      return {
        checked,
        firstBad: {
          id: r.id,
          reason:
            r.id !== prevId + 1
              ? `entries before ${r.id} were deleted (link broken after ${prevId})`
              : 'link to the previous entry does not match',
        },
      };
    }
    if (entryHash(r.prevHash, r) !== r.hash)
      return { checked, firstBad: { id: r.id, reason: 'entry was edited (hash does not match its content)' } };
    if (r.entity === 'document' && r.entityId && (r.action === 'doc.post' || r.action === 'doc.reverse')) postedInLog.add(r.entityId);
    prev = r.hash;
    prevId = r.id;
  }
  for (const d of db.raw.prepare(`SELECT id, number FROM documents WHERE status <> 'draft' ORDER BY id`).iterate() as IterableIterator<{
    id: number;
    number: string;
  }>) {
    if (!postedInLog.has(String(d.id))) {
      return {
        checked,
        firstBad: { id: prevId + 1, reason: `entries after ${prevId} were deleted: document ${d.number} has no posting entry in the log` },
      };
    }
  }
  return { checked, firstBad: null };
}

export function auditRows(db: Db, action: string) {
  return db.raw
    .prepare('SELECT id, at, user_id AS userId, action, entity, entity_id AS entityId, data FROM audit_log WHERE action = ? ORDER BY id')
    .all(action) as {
    id: number;
    at: string;
    userId: number | null;
    action: string;
    entity: string | null;
    entityId: string | null;
    data: string;
  }[];
}
