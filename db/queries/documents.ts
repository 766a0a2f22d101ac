import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../connection';
import { perConnection } from '../prepared';
import { documentLines, documents, payments, products, users, type DocType, type PAYMENT_METHODS } from '../schema';

export type DocumentRow = typeof documents.$inferSelect;
export type LineRow = typeof documentLines.$inferSelect;
export type NewDocument = typeof documents.$inferInsert;
export type NewLine = Omit<typeof documentLines.$inferInsert, 'id'>;
/** Header and line columns that only some kinds of document fill (a counter document's shift, customer, discounts). */
export type HeaderExtras = Partial<Pick<NewDocument, 'shiftId' | 'customerId' | 'rounding'>>;
export type LineExtras = Partial<Pick<NewLine, 'catalogPrice' | 'discount' | 'marking'>>;

const DOCUMENT_COLUMNS = `id, uuid, request_hash AS requestHash, type, number, status, location_id AS locationId,
  to_location_id AS toLocationId, base_document_id AS baseDocumentId, reversal_of AS reversalOf, author_id AS authorId,
  total, tax_total AS taxTotal, note, created_at AS createdAt, business_date AS businessDate, posted_at AS postedAt,
  cancelled_at AS cancelledAt, shift_id AS shiftId, customer_id AS customerId, rounding`;

// Plain statements: every posting runs these, and drizzle's placeholder filling and row mapping cost more than the
// inserts themselves (see bench/profile.ts).
const stmts = perConnection((db) => ({
  byUuid: db.raw.prepare<[string], DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE uuid = ?`),
  byId: db.raw.prepare<[number], DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = ?`),
  insertDoc: db.raw.prepare<
    [
      string,
      string,
      string,
      string,
      string,
      number,
      number | null,
      number | null,
      number | null,
      number,
      number,
      number,
      string | null,
      string,
      string,
      string | null,
      number | null,
      number | null,
      number,
    ]
  >(
    `INSERT INTO documents (uuid, request_hash, type, number, status, location_id, to_location_id, base_document_id, reversal_of,
       author_id, total, tax_total, note, created_at, business_date, posted_at, shift_id, customer_id, rounding)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  insertLine: db.raw.prepare<
    [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number | null,
      number | null,
      number | null,
      number,
      string | null,
      string | null,
    ]
  >(
    `INSERT INTO document_lines (document_id, line_no, product_id, qty, price, amount, tax_rate_bp, tax_amount, cost_amount,
       base_line_id, counted_qty, catalog_price, discount, marking, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  insertPayment: db.raw.prepare<[number, string, number]>('INSERT INTO payments (document_id, method, amount) VALUES (?, ?, ?)'),
  nextSeq: db.raw.prepare<[string], { next: number }>(
    'INSERT INTO sequences (name, next) VALUES (?, 2) ON CONFLICT (name) DO UPDATE SET next = next + 1 RETURNING next',
  ),
}));

const PREFIX: Record<DocType, string> = {
  sale: 'S',
  return: 'R',
  receipt: 'P',
  writeoff: 'W',
  transfer: 'T',
  transfer_in: 'TI',
  count: 'C',
  supplier_return: 'V',
  supplier_payment: 'SP',
  expense: 'E',
};

/** Next document number of a type, e.g. S-000042; gap-free because it shares the posting transaction. */
export function nextNumber(db: Db, type: DocType): string {
  const row = stmts(db).nextSeq.get(`doc.${type}`);
  return `${PREFIX[type]}-${String((row?.next ?? 2) - 1).padStart(6, '0')}`;
}

export const findDocumentByUuid = (db: Db, uuid: string): DocumentRow | undefined => stmts(db).byUuid.get(uuid);
export const findDocument = (db: Db, id: number): DocumentRow | undefined => stmts(db).byId.get(id);

type NewDocumentRow = Omit<NewDocument, 'id' | 'cancelledAt' | 'businessDate' | 'total' | 'taxTotal' | 'createdAt'> & {
  total: number;
  taxTotal: number;
  createdAt: string;
  businessDate: string;
};

export function insertDocument(db: Db, d: NewDocumentRow): number {
  return Number(
    stmts(db).insertDoc.run(
      d.uuid,
      d.requestHash,
      d.type,
      d.number,
      d.status,
      d.locationId,
      d.toLocationId ?? null,
      d.baseDocumentId ?? null,
      d.reversalOf ?? null,
      d.authorId,
      d.total,
      d.taxTotal,
      d.note ?? null,
      d.createdAt,
      d.businessDate,
      d.postedAt ?? null,
      d.shiftId ?? null,
      d.customerId ?? null,
      d.rounding ?? 0,
    ).lastInsertRowid,
  );
}

export function insertLine(db: Db, l: NewLine): number {
  return Number(
    stmts(db).insertLine.run(
      l.documentId,
      l.lineNo,
      l.productId,
      l.qty,
      l.price,
      l.amount,
      l.taxRateBp,
      l.taxAmount,
      l.costAmount,
      l.baseLineId ?? null,
      l.countedQty ?? null,
      l.catalogPrice ?? null,
      l.discount ?? 0,
      l.marking ?? null,
      l.reason ?? null,
    ).lastInsertRowid,
  );
}

export function insertPayment(db: Db, documentId: number, method: (typeof PAYMENT_METHODS)[number], amount: number): void {
  stmts(db).insertPayment.run(documentId, method, amount);
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
      reason: documentLines.reason,
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
