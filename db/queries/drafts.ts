import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../connection';
import { draftLines, drafts, products, users, type DraftType } from '../schema';

export type DraftRow = typeof drafts.$inferSelect;
export type DraftHeader = Pick<DraftRow, 'locationId' | 'toLocationId' | 'businessDate' | 'note' | 'extra'>;
export type DraftLineInput = { productId: number; qty: number; unitCost: number | null };

export const getDraft = (db: Db, id: number): DraftRow | undefined => db.orm.select().from(drafts).where(eq(drafts.id, id)).get();
export const draftByUuid = (db: Db, uuid: string): DraftRow | undefined => db.orm.select().from(drafts).where(eq(drafts.uuid, uuid)).get();

export function insertDraft(db: Db, d: Omit<DraftRow, 'id' | 'status' | 'documentId'>): number {
  return db.orm
    .insert(drafts)
    .values({ ...d, status: 'open' })
    .returning({ id: drafts.id })
    .get().id;
}

export function updateDraft(db: Db, id: number, patch: Partial<DraftHeader> & { updatedAt: string }): void {
  db.orm.update(drafts).set(patch).where(eq(drafts.id, id)).run();
}

/** Posted or discarded: the header stays (a second post can say what became of it), the lines go. */
export function closeDraft(db: Db, id: number, status: 'posted' | 'discarded', documentId: number | null, at: string): void {
  db.orm.update(drafts).set({ status, documentId, updatedAt: at }).where(eq(drafts.id, id)).run();
  db.orm.delete(draftLines).where(eq(draftLines.draftId, id)).run();
}

export function linesOfDraft(db: Db, draftId: number) {
  return db.orm
    .select({
      id: draftLines.id,
      lineNo: draftLines.lineNo,
      productId: draftLines.productId,
      productName: products.name,
      unit: products.unit,
      qty: draftLines.qty,
      unitCost: draftLines.unitCost,
    })
    .from(draftLines)
    .innerJoin(products, eq(products.id, draftLines.productId))
    .where(eq(draftLines.draftId, draftId))
    .orderBy(asc(draftLines.lineNo))
    .all();
}

export function getDraftLine(db: Db, draftId: number, lineId: number) {
  return db.orm
    .select()
    .from(draftLines)
    .where(and(eq(draftLines.id, lineId), eq(draftLines.draftId, draftId)))
    .get();
}

/** Appends lines after the last one. */
export function appendDraftLines(db: Db, draftId: number, lines: DraftLineInput[]): number[] {
  const last = db.raw.prepare('SELECT COALESCE(MAX(line_no), 0) AS n FROM draft_lines WHERE draft_id = ?').get(draftId) as { n: number };
  const ins = db.raw.prepare<[number, number, number, number, number | null], { id: number }>(
    'INSERT INTO draft_lines (draft_id, line_no, product_id, qty, unit_cost) VALUES (?, ?, ?, ?, ?) RETURNING id',
  );
  return lines.map((l, i) => ins.get(draftId, last.n + i + 1, l.productId, l.qty, l.unitCost)!.id);
}

export function replaceDraftLines(db: Db, draftId: number, lines: DraftLineInput[]): void {
  db.orm.delete(draftLines).where(eq(draftLines.draftId, draftId)).run();
  appendDraftLines(db, draftId, lines);
}

export function updateDraftLine(db: Db, lineId: number, patch: { qty?: number; unitCost?: number | null }): void {
  db.orm.update(draftLines).set(patch).where(eq(draftLines.id, lineId)).run();
}

/** Removes a line; the ones after it move up, so line numbers stay 1..n. */
export function removeDraftLine(db: Db, draftId: number, lineId: number, lineNo: number): void {
  db.orm.delete(draftLines).where(eq(draftLines.id, lineId)).run();
  db.raw.prepare('UPDATE draft_lines SET line_no = line_no - 1 WHERE draft_id = ? AND line_no > ?').run(draftId, lineNo);
}

const summaryColumns = {
  id: drafts.id,
  uuid: drafts.uuid,
  type: drafts.type,
  status: drafts.status,
  locationId: drafts.locationId,
  toLocationId: drafts.toLocationId,
  businessDate: drafts.businessDate,
  note: drafts.note,
  extra: drafts.extra,
  authorId: drafts.authorId,
  authorName: users.name,
  createdAt: drafts.createdAt,
  updatedAt: drafts.updatedAt,
  documentId: drafts.documentId,
  lineCount: sql<number>`(SELECT count(*) FROM draft_lines l WHERE l.draft_id = ${drafts.id})`,
};

export function draftSummary(db: Db, id: number) {
  return db.orm.select(summaryColumns).from(drafts).innerJoin(users, eq(users.id, drafts.authorId)).where(eq(drafts.id, id)).get();
}

/** Newest first; a page ends before `cursor` (the last id of the previous page). */
export function listDrafts(db: Db, f: { status: DraftRow['status']; type?: DraftType; cursor?: number; limit: number }) {
  const conds = [eq(drafts.status, f.status)];
  if (f.type) conds.push(eq(drafts.type, f.type));
  if (f.cursor !== undefined) conds.push(lt(drafts.id, f.cursor));
  return db.orm
    .select(summaryColumns)
    .from(drafts)
    .innerJoin(users, eq(users.id, drafts.authorId))
    .where(and(...conds))
    .orderBy(desc(drafts.id))
    .limit(f.limit)
    .all();
}
