import type { Db } from '../../connection';

export interface Period {
  from?: string;
  to?: string;
}

const range = (col: string, p: Period): { where: string; args: string[] } => {
  const parts: string[] = [];
  const args: string[] = [];
  if (p.from) {
    parts.push(`${col} >= ?`);
    args.push(p.from);
  }
  if (p.to) {
    parts.push(`${col} < ?`);
    args.push(p.to);
  }
  return { where: parts.length ? ` AND ${parts.join(' AND ')}` : '', args };
};

/** Count and summed data.amount per user and action, for the given audit actions. */
export function auditByUser(db: Db, actions: string[], p: Period): { userId: number; action: string; n: number; amount: number }[] {
  const r = range('at', p);
  return db.raw
    .prepare(
      `SELECT user_id AS userId, action, COUNT(*) AS n, COALESCE(SUM(CAST(json_extract(data, '$.amount') AS INTEGER)), 0) AS amount
       FROM audit_log WHERE user_id IS NOT NULL AND action IN (${actions.map(() => '?').join(', ')})${r.where}
       GROUP BY user_id, action`,
    )
    .all(...actions, ...r.args) as { userId: number; action: string; n: number; amount: number }[];
}

/** Returns not based on a sale, per author (reversals of them net out of the amount but are not counted). */
export function returnsWithoutReceipt(db: Db, p: Period): { userId: number; n: number; amount: number }[] {
  const r = range('posted_at', p);
  return db.raw
    .prepare(
      `SELECT author_id AS userId, SUM(CASE WHEN reversal_of IS NULL THEN 1 ELSE 0 END) AS n, COALESCE(SUM(total), 0) AS amount
       FROM documents WHERE type = 'return' AND base_document_id IS NULL${r.where} GROUP BY author_id`,
    )
    .all(...r.args) as { userId: number; n: number; amount: number }[];
}

/** Shortages found by stock counts: the count lines that took stock off, with the cost they took. */
export function countShortages(db: Db, p: Period) {
  const r = range('d.posted_at', p);
  return db.raw
    .prepare(
      `SELECT d.id AS docId, d.number AS number, l.product_id AS productId, pr.name AS name, l.qty AS qty, l.cost_amount AS value
       FROM document_lines l JOIN documents d ON d.id = l.document_id JOIN products pr ON pr.id = l.product_id
       WHERE d.type = 'count' AND d.status = 'posted' AND d.reversal_of IS NULL AND l.qty < 0${r.where}
       ORDER BY d.id, l.line_no`,
    )
    .all(...r.args) as { docId: number; number: string; productId: number; name: string; qty: number; value: number }[];
}

export const userNames = (db: Db): Map<number, string> =>
  new Map((db.raw.prepare('SELECT id, name FROM users').all() as { id: number; name: string }[]).map((u) => [u.id, u.name]));

export interface LossRows {
  names: Map<number, string>;
  audit: ReturnType<typeof auditByUser>;
  returns: ReturnType<typeof returnsWithoutReceipt>;
  shortages: ReturnType<typeof countShortages>;
}

/** What the loss report is built from, read in one transaction so its parts agree (runs in the reader). */
export function lossReportRows(db: Db, q: Period & { actions: string[] }): LossRows {
  return db.raw
    .transaction(() => ({
      names: userNames(db),
      audit: auditByUser(db, q.actions, q),
      returns: returnsWithoutReceipt(db, q),
      shortages: countShortages(db, q),
    }))
    .deferred();
}

/** A sale (not a reversal) by its number. */
export const saleByNumber = (db: Db, number: string): { id: number } | undefined =>
  db.raw.prepare(`SELECT id FROM documents WHERE type = 'sale' AND number = ? AND reversal_of IS NULL`).get(number) as
    { id: number } | undefined;

/** Recent sales whose number matches: a prefix (S-0001...) or, for digits only, the digits anywhere. */
export function searchSaleIds(db: Db, q: string, limit: number): number[] {
  const esc = q.replace(/[\\%_]/g, (c) => '\\' + c);
  const like = /^\d+$/.test(q) ? `%${esc}%` : `${esc}%`;
  return (
    db.raw
      .prepare(
        `SELECT id FROM documents WHERE type = 'sale' AND reversal_of IS NULL AND number LIKE ? ESCAPE '\\' ORDER BY id DESC LIMIT ?`,
      )
      .all(like, limit) as { id: number }[]
  ).map((r) => r.id);
}
