/** Count sessions and their lines: outside the ledger until posted (core/counts/ posts them through the engine). */
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../connection';
import { SUBTREE } from './catalog-list';
import { countLines, countSessions } from '../schema';

export type CountSessionRow = typeof countSessions.$inferSelect;
export type CountLineRow = typeof countLines.$inferSelect;
export type CountScope = Pick<CountSessionRow, 'scope' | 'categoryId' | 'supplierId' | 'locationId'>;

export const getCountSession = (db: Db, id: number): CountSessionRow | undefined =>
  db.orm.select().from(countSessions).where(eq(countSessions.id, id)).get();
export const countSessionByUuid = (db: Db, uuid: string): CountSessionRow | undefined =>
  db.orm.select().from(countSessions).where(eq(countSessions.uuid, uuid)).get();

export function insertCountSession(
  db: Db,
  s: Omit<CountSessionRow, 'id' | 'status' | 'closedAt' | 'documentId' | 'itemsCounted' | 'itemsMatched'>,
): number {
  return db.orm
    .insert(countSessions)
    .values({ ...s, status: 'open' })
    .returning({ id: countSessions.id })
    .get().id;
}

export function closeCountSession(
  db: Db,
  id: number,
  c: { status: 'posted' | 'cancelled'; closedAt: string; documentId?: number; itemsCounted?: number; itemsMatched?: number },
): void {
  db.orm.update(countSessions).set(c).where(eq(countSessions.id, id)).run();
}

/** Newest first, keyset by id. */
export function listCountSessions(db: Db, q: { status?: CountSessionRow['status']; cursor?: number; limit: number }): CountSessionRow[] {
  const where = [q.status ? eq(countSessions.status, q.status) : undefined, q.cursor ? lt(countSessions.id, q.cursor) : undefined];
  return db.orm
    .select()
    .from(countSessions)
    .where(and(...where))
    .orderBy(desc(countSessions.id))
    .limit(q.limit)
    .all();
}

export const countLineOf = (db: Db, sessionId: number, productId: number): CountLineRow | undefined =>
  db.orm
    .select()
    .from(countLines)
    .where(and(eq(countLines.sessionId, sessionId), eq(countLines.productId, productId)))
    .get();

export function insertCountLine(db: Db, l: Omit<CountLineRow, 'id'>): number {
  return db.orm.insert(countLines).values(l).returning({ id: countLines.id }).get().id;
}

export function updateCountLine(db: Db, id: number, patch: Partial<Omit<CountLineRow, 'id' | 'sessionId' | 'productId'>>): void {
  db.orm.update(countLines).set(patch).where(eq(countLines.id, id)).run();
}

/** The ledger's position now: movements with a greater id happen after this moment. */
export const lastMovementId = (db: Db): number =>
  (db.raw.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM stock_movements').get() as { id: number }).id;

export interface CountLineView {
  id: number;
  productId: number;
  name: string;
  sku: string;
  unit: 'pcs' | 'kg' | 'l' | 'm';
  price: number;
  cost: number;
  countedQty: number;
  bookQty: number;
  bookPosition: number;
  countedBy: string;
  countedAt: string;
  device: string;
  updatedAt: string;
  scans: number;
}

const LINE_COLUMNS = `l.id, l.product_id AS productId, p.name, p.sku, p.unit, p.price, p.cost, l.counted_qty AS countedQty,
  l.book_qty AS bookQty, l.book_position AS bookPosition, u.name AS countedBy, l.counted_at AS countedAt, l.device,
  l.updated_at AS updatedAt, l.scans`;

/** The lines, most recently changed first (the phone shows what was just scanned on top). */
export function countLinesOf(db: Db, sessionId: number, limit = 100_000): CountLineView[] {
  return db.raw
    .prepare(
      `SELECT ${LINE_COLUMNS} FROM count_lines l JOIN products p ON p.id = l.product_id JOIN users u ON u.id = l.counted_by
       WHERE l.session_id = ? ORDER BY l.updated_at DESC, l.id DESC LIMIT ?`,
    )
    .all(sessionId, limit) as CountLineView[];
}

export function countLineView(db: Db, sessionId: number, productId: number): CountLineView | undefined {
  return db.raw
    .prepare(
      `SELECT ${LINE_COLUMNS} FROM count_lines l JOIN products p ON p.id = l.product_id JOIN users u ON u.id = l.counted_by
       WHERE l.session_id = ? AND l.product_id = ?`,
    )
    .get(sessionId, productId) as CountLineView | undefined;
}

export const countedItems = (db: Db, sessionId: number): number =>
  (db.raw.prepare('SELECT COUNT(*) AS n FROM count_lines WHERE session_id = ?').get(sessionId) as { n: number }).n;

/** The products a count covers, as SQL over `p` (products) with @categoryId / @supplierId bound. */
function scopeWhere(s: CountScope): string {
  if (s.scope === 'category') return `p.category_id IN (${SUBTREE})`;
  if (s.scope === 'supplier') return 'p.supplier_id = @supplierId';
  return '1';
}
const scopeParams = (s: CountScope) => ({ categoryId: s.categoryId ?? null, supplierId: s.supplierId ?? null, locationId: s.locationId });

/** Whether the product lies in the count's scope. */
export function inCountScope(db: Db, s: CountScope, productId: number): boolean {
  return (
    db.raw.prepare(`SELECT 1 AS x FROM products p WHERE p.id = @productId AND ${scopeWhere(s)}`).get({ ...scopeParams(s), productId }) !==
    undefined
  );
}

/**
 * The items a count expects: products in scope on sale, and any with stock at the location (an archived product
 * still on the books must be counted out).
 */
export function expectedItems(db: Db, s: CountScope): number {
  return (
    db.raw
      .prepare(
        `SELECT COUNT(*) AS n FROM products p LEFT JOIN on_hand o ON o.product_id = p.id AND o.location_id = @locationId
         WHERE ${scopeWhere(s)} AND (p.active = 1 OR COALESCE(o.qty, 0) <> 0)`,
      )
      .get(scopeParams(s)) as { n: number }
  ).n;
}

/** Products in scope with stock on the books that the count has no line for (a full count counts them as zero). */
export function uncountedWithStock(db: Db, sessionId: number, s: CountScope): { productId: number; qty: number }[] {
  return db.raw
    .prepare(
      `SELECT p.id AS productId, o.qty FROM on_hand o JOIN products p ON p.id = o.product_id
       WHERE o.location_id = @locationId AND o.qty <> 0 AND ${scopeWhere(s)}
         AND NOT EXISTS (SELECT 1 FROM count_lines l WHERE l.session_id = @sessionId AND l.product_id = p.id)
       ORDER BY p.id`,
    )
    .all({ ...scopeParams(s), sessionId }) as { productId: number; qty: number }[];
}

export interface CountSheetRow {
  sku: string;
  name: string;
  unit: string;
  barcode: string | null;
  bookQty: number;
  countedQty: number | null;
}

/**
 * The count sheet for exports: every item the count expects, by name, with what is counted so far. The book figure is
 * the line's snapshot once counted, on-hand now before; whether it is written is the caller's choice of columns.
 */
export function countSheetRows(db: Db, a: { sessionId: number }): IterableIterator<CountSheetRow> {
  const s = db.raw
    .prepare(
      'SELECT scope, category_id AS categoryId, supplier_id AS supplierId, location_id AS locationId FROM count_sessions WHERE id = ?',
    )
    .get(a.sessionId) as CountScope | undefined;
  if (!s) return [][Symbol.iterator]();
  return db.raw
    .prepare(
      `SELECT p.sku, p.name, p.unit, (SELECT b.code FROM barcodes b WHERE b.product_id = p.id LIMIT 1) AS barcode,
              COALESCE(l.book_qty, o.qty, 0) AS bookQty, l.counted_qty AS countedQty
       FROM products p LEFT JOIN on_hand o ON o.product_id = p.id AND o.location_id = @locationId
       LEFT JOIN count_lines l ON l.session_id = @sessionId AND l.product_id = p.id
       WHERE ${scopeWhere(s)} AND (p.active = 1 OR COALESCE(o.qty, 0) <> 0 OR l.id IS NOT NULL)
       ORDER BY p.name, p.id`,
    )
    .iterate({ ...scopeParams(s), sessionId: a.sessionId }) as IterableIterator<CountSheetRow>;
}

/** Rows already worked out on the calling thread (a variance), written to a file where the reader runs. */
export function* givenRows(_db: Db, a: { rows: Record<string, unknown>[] }): Generator<Record<string, unknown>> {
  yield* a.rows;
}

export interface AccuracyRow {
  id: number;
  closedAt: string;
  businessDate: string;
  itemsCounted: number;
  itemsMatched: number;
}

/** Posted counts, newest first, with how many of their items matched the book. */
export function accuracyOfCounts(db: Db, limit: number): AccuracyRow[] {
  return db.raw
    .prepare(
      `SELECT s.id, s.closed_at AS closedAt, d.business_date AS businessDate, s.items_counted AS itemsCounted,
              s.items_matched AS itemsMatched
       FROM count_sessions s JOIN documents d ON d.id = s.document_id
       WHERE s.status = 'posted' ORDER BY s.id DESC LIMIT ?`,
    )
    .all(limit) as AccuracyRow[];
}

/** The posted count's lines (difference and its cost as the engine wrote them), by product. */
export function postedCountLines(db: Db, documentId: number): Map<number, { qty: number; costAmount: number }> {
  const rows = db.raw
    .prepare('SELECT product_id AS productId, qty, cost_amount AS costAmount FROM document_lines WHERE document_id = ?')
    .all(documentId) as { productId: number; qty: number; costAmount: number }[];
  return new Map(rows.map((r) => [r.productId, { qty: r.qty, costAmount: r.costAmount }]));
}

export interface VarianceBasisRow {
  productId: number;
  name: string;
  sku: string;
  unit: 'pcs' | 'kg' | 'l' | 'm';
  price: number;
  cost: number;
  countedQty: number;
  bookQty: number;
  onHandQty: number;
  onHandValue: number;
  /** 1: a full count's item with no count line (zero). */
  uncounted: number;
  /** A posted count: the cost the engine wrote; null while open. */
  postedCost: number | null;
}

/**
 * What a count's variance is worked out from (core/counts/post.ts, with the posting's own rule): a posted count's
 * document lines (book = counted - the difference posted), or an open count's lines and on-hand now, with a full
 * count's uncounted items in scope at zero.
 */
export function varianceBasis(db: Db, a: { sessionId: number }): VarianceBasisRow[] {
  const s = getCountSession(db, a.sessionId);
  if (!s) return [];
  const product = 'p.id AS productId, p.name, p.sku, p.unit, p.price, p.cost';
  if (s.status === 'posted')
    return db.raw
      .prepare(
        `SELECT ${product}, dl.counted_qty AS countedQty, dl.counted_qty - dl.qty AS bookQty, 0 AS onHandQty, 0 AS onHandValue,
                NOT EXISTS (SELECT 1 FROM count_lines l WHERE l.session_id = @sessionId AND l.product_id = p.id) AS uncounted,
                dl.cost_amount AS postedCost
         FROM document_lines dl JOIN products p ON p.id = dl.product_id WHERE dl.document_id = @documentId ORDER BY p.name, p.id`,
      )
      .all({ sessionId: s.id, documentId: s.documentId }) as VarianceBasisRow[];
  const counted = db.raw
    .prepare(
      `SELECT ${product}, l.counted_qty AS countedQty, l.book_qty AS bookQty, COALESCE(o.qty, 0) AS onHandQty,
              COALESCE(o.value, 0) AS onHandValue, 0 AS uncounted, NULL AS postedCost
       FROM count_lines l JOIN products p ON p.id = l.product_id
       LEFT JOIN on_hand o ON o.product_id = l.product_id AND o.location_id = @locationId
       WHERE l.session_id = @sessionId`,
    )
    .all({ sessionId: s.id, locationId: s.locationId }) as VarianceBasisRow[];
  const zeros =
    s.mode === 'full'
      ? (db.raw
          .prepare(
            `SELECT ${product}, 0 AS countedQty, o.qty AS bookQty, o.qty AS onHandQty, o.value AS onHandValue, 1 AS uncounted,
                    NULL AS postedCost
             FROM on_hand o JOIN products p ON p.id = o.product_id
             WHERE o.location_id = @locationId AND o.qty <> 0 AND ${scopeWhere(s)}
               AND NOT EXISTS (SELECT 1 FROM count_lines l WHERE l.session_id = @sessionId AND l.product_id = p.id)`,
          )
          .all({ ...scopeParams(s), sessionId: s.id }) as VarianceBasisRow[])
      : [];
  return [...counted, ...zeros].sort((x, y) => x.name.localeCompare(y.name) || x.productId - y.productId);
}
