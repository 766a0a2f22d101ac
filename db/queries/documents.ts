import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../connection';
import { perConnection } from '../prepared';
import { documentLines, documents, payments, products, sequences, users, type DocType } from '../schema';

export type DocumentRow = typeof documents.$inferSelect;
export type LineRow = typeof documentLines.$inferSelect;
export type NewDocument = typeof documents.$inferInsert;
export type NewLine = Omit<typeof documentLines.$inferInsert, 'id'>;

const stmts = perConnection((db) => ({
  byUuid: db.orm
    .select()
    .from(documents)
    .where(eq(documents.uuid, sql.placeholder('uuid')))
    .prepare(),
  byId: db.orm
    .select()
    .from(documents)
    .where(eq(documents.id, sql.placeholder('id')))
    .prepare(),
  insertDoc: db.orm
    .insert(documents)
    .values({
      uuid: sql.placeholder('uuid'),
      requestHash: sql.placeholder('requestHash'),
      type: sql.placeholder('type'),
      number: sql.placeholder('number'),
      status: sql.placeholder('status'),
      locationId: sql.placeholder('locationId'),
      toLocationId: sql.placeholder('toLocationId'),
      baseDocumentId: sql.placeholder('baseDocumentId'),
      reversalOf: sql.placeholder('reversalOf'),
      authorId: sql.placeholder('authorId'),
      total: sql.placeholder('total'),
      taxTotal: sql.placeholder('taxTotal'),
      note: sql.placeholder('note'),
      createdAt: sql.placeholder('createdAt'),
      businessDate: sql.placeholder('businessDate'),
      postedAt: sql.placeholder('postedAt'),
      shiftId: sql.placeholder('shiftId'),
      customerId: sql.placeholder('customerId'),
      rounding: sql.placeholder('rounding'),
    })
    .returning({ id: documents.id })
    .prepare(),
  insertLine: db.orm
    .insert(documentLines)
    .values({
      documentId: sql.placeholder('documentId'),
      lineNo: sql.placeholder('lineNo'),
      productId: sql.placeholder('productId'),
      qty: sql.placeholder('qty'),
      price: sql.placeholder('price'),
      amount: sql.placeholder('amount'),
      taxRateBp: sql.placeholder('taxRateBp'),
      taxAmount: sql.placeholder('taxAmount'),
      costAmount: sql.placeholder('costAmount'),
      baseLineId: sql.placeholder('baseLineId'),
      countedQty: sql.placeholder('countedQty'),
      catalogPrice: sql.placeholder('catalogPrice'),
      discount: sql.placeholder('discount'),
      marking: sql.placeholder('marking'),
    })
    .returning({ id: documentLines.id })
    .prepare(),
  insertPayment: db.orm
    .insert(payments)
    .values({ documentId: sql.placeholder('documentId'), method: sql.placeholder('method'), amount: sql.placeholder('amount') })
    .prepare(),
  nextSeq: db.orm
    .insert(sequences)
    .values({ name: sql.placeholder('name'), next: 2 })
    .onConflictDoUpdate({ target: sequences.name, set: { next: sql`${sequences.next} + 1` } })
    .returning({ next: sequences.next })
    .prepare(),
}));

const PREFIX: Record<DocType, string> = { sale: 'S', return: 'R', receipt: 'P', writeoff: 'W', transfer: 'T', count: 'C' };

/** Next document number of a type, e.g. S-000042; gap-free because it shares the posting transaction. */
export function nextNumber(db: Db, type: DocType): string {
  const row = stmts(db).nextSeq.get({ name: `doc.${type}` });
  return `${PREFIX[type]}-${String((row?.next ?? 2) - 1).padStart(6, '0')}`;
}

export const findDocumentByUuid = (db: Db, uuid: string): DocumentRow | undefined => stmts(db).byUuid.get({ uuid });
export const findDocument = (db: Db, id: number): DocumentRow | undefined => stmts(db).byId.get({ id });

export function insertDocument(db: Db, d: Omit<NewDocument, 'id' | 'cancelledAt' | 'businessDate'> & { businessDate: string }): number {
  const row = stmts(db).insertDoc.get({
    toLocationId: null,
    baseDocumentId: null,
    reversalOf: null,
    note: null,
    postedAt: null,
    shiftId: null,
    customerId: null,
    rounding: 0,
    ...d,
  });
  if (!row) throw new Error('insert into documents returned no id');
  return row.id;
}

export function insertLine(db: Db, l: NewLine): number {
  const row = stmts(db).insertLine.get({ baseLineId: null, countedQty: null, catalogPrice: null, discount: 0, marking: null, ...l });
  if (!row) throw new Error('insert into document_lines returned no id');
  return row.id;
}

export function insertPayment(db: Db, documentId: number, method: 'cash' | 'card', amount: number): void {
  stmts(db).insertPayment.run({ documentId, method, amount });
}

export function markCancelled(db: Db, id: number, at: string): void {
  db.orm.update(documents).set({ status: 'cancelled', cancelledAt: at }).where(eq(documents.id, id)).run();
}

export function linesOf(db: Db, documentId: number): LineRow[] {
  return db.orm.select().from(documentLines).where(eq(documentLines.documentId, documentId)).orderBy(documentLines.lineNo).all();
}

export function linesWithNames(db: Db, documentId: number) {
  return db.orm
    .select({
      id: documentLines.id,
      lineNo: documentLines.lineNo,
      productId: documentLines.productId,
      productName: products.name,
      qty: documentLines.qty,
      price: documentLines.price,
      amount: documentLines.amount,
      taxRateBp: documentLines.taxRateBp,
      taxAmount: documentLines.taxAmount,
      costAmount: documentLines.costAmount,
      baseLineId: documentLines.baseLineId,
      unit: products.unit,
      catalogPrice: documentLines.catalogPrice,
      discount: documentLines.discount,
      marking: documentLines.marking,
    })
    .from(documentLines)
    .innerJoin(products, eq(products.id, documentLines.productId))
    .where(eq(documentLines.documentId, documentId))
    .orderBy(documentLines.lineNo)
    .all();
}

export function paymentsOf(db: Db, documentId: number) {
  return db.orm
    .select({ method: payments.method, amount: payments.amount })
    .from(payments)
    .where(eq(payments.documentId, documentId))
    .orderBy(payments.id)
    .all();
}

/** Quantity already returned per sale line, counting only returns that are still posted. */
export function returnedBySaleLine(db: Db, saleId: number): Map<number, number> {
  const rows = db.raw
    .prepare(
      `SELECT l.base_line_id AS lineId, SUM(l.qty) AS q FROM document_lines l
       JOIN documents d ON d.id = l.document_id
       WHERE d.type = 'return' AND d.status = 'posted' AND d.base_document_id = ? AND d.reversal_of IS NULL
       GROUP BY l.base_line_id`,
    )
    .all(saleId) as { lineId: number; q: number }[];
  return new Map(rows.map((r) => [r.lineId, r.q]));
}

/** Posted documents based on this one (returns of a sale); reversals of cancelled ones carry the base too, but do not count. */
export function postedDependents(db: Db, id: number): DocumentRow[] {
  return db.orm
    .select()
    .from(documents)
    .where(and(eq(documents.baseDocumentId, id), eq(documents.status, 'posted'), isNull(documents.reversalOf)))
    .all();
}

const summaryColumns = {
  id: documents.id,
  uuid: documents.uuid,
  type: documents.type,
  number: documents.number,
  status: documents.status,
  locationId: documents.locationId,
  total: documents.total,
  taxTotal: documents.taxTotal,
  authorId: documents.authorId,
  authorName: users.name,
  businessDate: documents.businessDate,
  postedAt: documents.postedAt,
  reversalOf: documents.reversalOf,
  baseDocumentId: documents.baseDocumentId,
  shiftId: documents.shiftId,
  customerId: documents.customerId,
  rounding: documents.rounding,
};

export function documentSummary(db: Db, id: number) {
  return db.orm.select(summaryColumns).from(documents).innerJoin(users, eq(users.id, documents.authorId)).where(eq(documents.id, id)).get();
}
