import { eq } from 'drizzle-orm';
import type { Db } from '../connection';
import { purchaseOrderLines, purchaseOrders, supplierDocuments } from '../schema';

export type OrderRow = typeof purchaseOrders.$inferSelect;
export type OrderHeader = Pick<OrderRow, 'supplierId' | 'locationId' | 'expectedDate' | 'note'>;
export type OrderLineInput = { productId: number; qty: number; unitCost: number };
export type SupplierDocumentRow = typeof supplierDocuments.$inferSelect;

export const getOrder = (db: Db, id: number): OrderRow | undefined =>
  db.orm.select().from(purchaseOrders).where(eq(purchaseOrders.id, id)).get();
export const orderByUuid = (db: Db, uuid: string): OrderRow | undefined =>
  db.orm.select().from(purchaseOrders).where(eq(purchaseOrders.uuid, uuid)).get();

/** PO-000042; gap-free as it shares the creating transaction. */
export function nextOrderNumber(db: Db): string {
  const row = db.raw
    .prepare(
      `INSERT INTO sequences (name, next) VALUES ('purchase_order', 2) ON CONFLICT (name) DO UPDATE SET next = next + 1 RETURNING next`,
    )
    .get() as { next: number };
  return `PO-${String(row.next - 1).padStart(6, '0')}`;
}

export function insertOrder(db: Db, o: Omit<OrderRow, 'id' | 'sentAt' | 'closedAt'>): number {
  return db.orm.insert(purchaseOrders).values(o).returning({ id: purchaseOrders.id }).get().id;
}

export function updateOrder(db: Db, id: number, patch: Partial<Omit<OrderRow, 'id' | 'uuid' | 'number'>> & { updatedAt: string }): void {
  db.orm.update(purchaseOrders).set(patch).where(eq(purchaseOrders.id, id)).run();
}

export function replaceOrderLines(db: Db, orderId: number, lines: OrderLineInput[]): void {
  db.orm.delete(purchaseOrderLines).where(eq(purchaseOrderLines.orderId, orderId)).run();
  const ins = db.raw.prepare('INSERT INTO purchase_order_lines (order_id, line_no, product_id, qty, unit_cost) VALUES (?, ?, ?, ?, ?)');
  lines.forEach((l, i) => ins.run(orderId, i + 1, l.productId, l.qty, l.unitCost));
}

/** What posted, not cancelled, receipts against the order brought in, per product (thousandths). */
const RECEIVED = `SELECT dl.product_id AS productId, SUM(dl.qty) AS qty
  FROM supplier_documents sd
  JOIN documents d ON d.id = sd.document_id AND d.type = 'receipt' AND d.status = 'posted'
  JOIN document_lines dl ON dl.document_id = d.id
  WHERE sd.purchase_order_id = ?
  GROUP BY dl.product_id`;

export function receivedOnOrder(db: Db, orderId: number): Map<number, number> {
  const rows = db.raw.prepare(RECEIVED).all(orderId) as { productId: number; qty: number }[];
  return new Map(rows.map((r) => [r.productId, r.qty]));
}

export function orderLines(db: Db, orderId: number) {
  return db.raw
    .prepare(
      `SELECT l.id, l.line_no AS lineNo, l.product_id AS productId, p.sku, p.name AS productName, p.unit, l.qty, l.unit_cost AS unitCost,
        COALESCE(r.qty, 0) AS received
      FROM purchase_order_lines l
      JOIN products p ON p.id = l.product_id
      LEFT JOIN (${RECEIVED}) r ON r.productId = l.product_id
      WHERE l.order_id = ?
      ORDER BY l.line_no`,
    )
    .all(orderId, orderId) as {
    id: number;
    lineNo: number;
    productId: number;
    sku: string;
    productName: string;
    unit: 'pcs' | 'kg' | 'l' | 'm';
    qty: number;
    unitCost: number;
    received: number;
  }[];
}

/**
 * The order's status as shown: its state, except that a sent order with posted receipts against it is partially
 * received, or received once no line has anything left due.
 */
const STATUS = `CASE
  WHEN o.state <> 'sent' THEN o.state
  WHEN NOT EXISTS (SELECT 1 FROM supplier_documents sd JOIN documents d ON d.id = sd.document_id AND d.status = 'posted'
    WHERE sd.purchase_order_id = o.id) THEN 'sent'
  WHEN EXISTS (SELECT 1 FROM purchase_order_lines l WHERE l.order_id = o.id AND l.qty > COALESCE((
    SELECT SUM(dl.qty) FROM supplier_documents sd
    JOIN documents d ON d.id = sd.document_id AND d.type = 'receipt' AND d.status = 'posted'
    JOIN document_lines dl ON dl.document_id = d.id AND dl.product_id = l.product_id
    WHERE sd.purchase_order_id = o.id), 0)) THEN 'partially_received'
  ELSE 'received' END`;

const SUMMARY = `SELECT o.id, o.uuid, o.number, o.supplier_id AS supplierId, s.name AS supplierName, o.location_id AS locationId,
  o.expected_date AS expectedDate, o.note, ${STATUS} AS status, o.author_id AS authorId, u.name AS authorName,
  o.created_at AS createdAt, o.updated_at AS updatedAt, o.sent_at AS sentAt, o.closed_at AS closedAt,
  (SELECT COUNT(*) FROM purchase_order_lines l WHERE l.order_id = o.id) AS lineCount,
  (SELECT COALESCE(SUM((l.qty * l.unit_cost + 500) / 1000), 0) FROM purchase_order_lines l WHERE l.order_id = o.id) AS total,
  CASE WHEN o.state = 'sent' THEN (SELECT COALESCE(SUM((MAX(l.qty - COALESCE((
    SELECT SUM(dl.qty) FROM supplier_documents sd
    JOIN documents d ON d.id = sd.document_id AND d.type = 'receipt' AND d.status = 'posted'
    JOIN document_lines dl ON dl.document_id = d.id AND dl.product_id = l.product_id
    WHERE sd.purchase_order_id = o.id), 0), 0) * l.unit_cost + 500) / 1000), 0)
    FROM purchase_order_lines l WHERE l.order_id = o.id) ELSE 0 END AS due
  FROM purchase_orders o
  JOIN suppliers s ON s.id = o.supplier_id
  JOIN users u ON u.id = o.author_id`;

export type OrderSummaryRow = {
  id: number;
  uuid: string;
  number: string;
  supplierId: number;
  supplierName: string;
  locationId: number;
  expectedDate: string | null;
  note: string | null;
  status: 'draft' | 'sent' | 'partially_received' | 'received' | 'closed' | 'cancelled';
  authorId: number;
  authorName: string;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  closedAt: string | null;
  lineCount: number;
  total: number;
  due: number;
};

export const orderSummary = (db: Db, id: number): OrderSummaryRow | undefined =>
  db.raw.prepare(`${SUMMARY} WHERE o.id = ?`).get(id) as OrderSummaryRow | undefined;

/** Newest first; a page ends before `cursor` (the last id of the previous page). */
export function listOrders(db: Db, f: { cursor?: number; limit: number; supplierId?: number; status?: OrderSummaryRow['status'] }) {
  const conds: string[] = [];
  const params: Record<string, string | number> = { limit: f.limit };
  if (f.supplierId !== undefined) {
    conds.push('o.supplier_id = @supplierId');
    params.supplierId = f.supplierId;
  }
  if (f.cursor !== undefined) {
    conds.push('o.id < @cursor');
    params.cursor = f.cursor;
  }
  if (f.status !== undefined) {
    // Stored states narrow by the index first; the received ones are all 'sent' underneath.
    conds.push(`o.state = @state AND ${STATUS} = @status`);
    params.state = ['partially_received', 'received'].includes(f.status) ? 'sent' : f.status;
    params.status = f.status;
  }
  const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
  return db.raw.prepare(`${SUMMARY} ${where} ORDER BY o.id DESC LIMIT @limit`).all(params) as OrderSummaryRow[];
}

export function receiptsOfOrder(db: Db, orderId: number) {
  return db.raw
    .prepare(
      `SELECT d.id, d.number, d.business_date AS businessDate, d.status, sd.invoice_no AS invoiceNo, sd.invoice_date AS invoiceDate
      FROM supplier_documents sd JOIN documents d ON d.id = sd.document_id
      WHERE sd.purchase_order_id = ? ORDER BY d.id`,
    )
    .all(orderId) as {
    id: number;
    number: string;
    businessDate: string;
    status: 'posted' | 'cancelled';
    invoiceNo: string | null;
    invoiceDate: string | null;
  }[];
}

/** Whether any receipt ever named the order (cancelled ones too: the order then stays as it is, for the record). */
export const orderHasReceipts = (db: Db, orderId: number): boolean =>
  db.raw.prepare('SELECT 1 FROM supplier_documents WHERE purchase_order_id = ? LIMIT 1').get(orderId) !== undefined;

export function insertSupplierDocument(db: Db, row: SupplierDocumentRow): void {
  db.orm.insert(supplierDocuments).values(row).run();
}

/** The supplier's side of a document with the supplier's name, for showing it. */
export const supplierOfDocument = (db: Db, documentId: number) =>
  db.raw
    .prepare(
      `SELECT sd.supplier_id AS supplierId, s.name AS supplierName, sd.invoice_no AS invoiceNo, sd.invoice_date AS invoiceDate,
        sd.purchase_order_id AS purchaseOrderId
      FROM supplier_documents sd JOIN suppliers s ON s.id = sd.supplier_id WHERE sd.document_id = ?`,
    )
    .get(documentId) as
    | { supplierId: number; supplierName: string; invoiceNo: string | null; invoiceDate: string | null; purchaseOrderId: number | null }
    | undefined;

export const supplierDocument = (db: Db, documentId: number): SupplierDocumentRow | undefined =>
  db.orm.select().from(supplierDocuments).where(eq(supplierDocuments.documentId, documentId)).get();

/** What posted, not cancelled, returns to the supplier based on the receipt took back, per product. */
export function returnedToSupplier(db: Db, receiptId: number): Map<number, number> {
  const rows = db.raw
    .prepare(
      `SELECT dl.product_id AS productId, SUM(dl.qty) AS qty FROM documents d JOIN document_lines dl ON dl.document_id = d.id
      WHERE d.base_document_id = ? AND d.type = 'supplier_return' AND d.status = 'posted' AND d.reversal_of IS NULL
      GROUP BY dl.product_id`,
    )
    .all(receiptId) as { productId: number; qty: number }[];
  return new Map(rows.map((r) => [r.productId, r.qty]));
}
