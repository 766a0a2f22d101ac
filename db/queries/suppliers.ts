import { eq } from 'drizzle-orm';
import type { Db } from '../connection';
import { nowIso } from '../prepared';
import { suppliers } from '../schema';
import { after, contains, orderBy, page, type Cursor, type Dir, type ListPage } from './lists';

export type SupplierRow = typeof suppliers.$inferSelect;
export type SupplierValues = Omit<typeof suppliers.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;
export type SupplierListRow = SupplierRow & { products: number };

export const getSupplier = (db: Db, id: number): SupplierRow | undefined =>
  db.orm.select().from(suppliers).where(eq(suppliers.id, id)).get();

export const supplierByName = (db: Db, name: string): SupplierRow | undefined =>
  db.orm.select().from(suppliers).where(eq(suppliers.name, name)).get();

export const insertSupplier = (db: Db, v: SupplierValues): number =>
  db.orm.insert(suppliers).values(v).returning({ id: suppliers.id }).get().id;

export function updateSupplier(db: Db, id: number, v: SupplierValues): void {
  db.orm
    .update(suppliers)
    .set({ ...v, updatedAt: nowIso() })
    .where(eq(suppliers.id, id))
    .run();
}

export const supplierProductCount = (db: Db, id: number): number =>
  (db.raw.prepare('SELECT COUNT(*) AS n FROM products WHERE supplier_id = ?').get(id) as { n: number }).n;

const COLUMNS = `s.id, s.name, s.tax_id AS taxId, s.phone, s.email, s.contact, s.address, s.payment_terms_days AS paymentTermsDays, s.lead_time_days AS leadTimeDays,
  s.note, s.archived, s.created_at AS createdAt, s.updated_at AS updatedAt,
  (SELECT COUNT(*) FROM products p WHERE p.supplier_id = s.id) AS products`;

export interface SupplierListQuery {
  cursor?: Cursor;
  limit: number;
  sort: { by: 'name'; dir: Dir };
  filters: { q?: string; archived: 'active' | 'archived' | 'all' };
}

export function listSuppliers(db: Db, q: SupplierListQuery): ListPage<SupplierListRow> {
  const conds: string[] = [];
  const params: Record<string, string | number> = {};
  if (q.filters.archived !== 'all') conds.push(q.filters.archived === 'active' ? 's.archived = 0' : 's.archived = 1');
  const text = q.filters.q?.trim();
  if (text) {
    // A directory of hundreds: a contains-match on the name is cheap enough.
    conds.push(`(s.name LIKE @like ESCAPE '\\' OR s.tax_id >= @text AND s.tax_id < @textEnd)`);
    Object.assign(params, { like: contains(text), text, textEnd: `${text}\uffff` });
  }
  const where = conds.length ? conds.join(' AND ') : '1';
  const count = q.cursor ? null : (db.raw.prepare(`SELECT COUNT(*) AS n FROM suppliers s WHERE ${where}`).get(params) as { n: number }).n;
  const keyset = q.cursor ? ` AND ${after('s.name', 's.id', q.sort.dir)}` : '';
  if (q.cursor) Object.assign(params, { cursorKey: q.cursor.key, cursorId: q.cursor.id });
  const rows = db.raw
    .prepare(`SELECT ${COLUMNS} FROM suppliers s WHERE ${where}${keyset} ${orderBy('s.name', 's.id', q.sort.dir)} LIMIT @limit`)
    .all({ ...params, limit: q.limit + 1 }) as (Omit<SupplierListRow, 'archived'> & { archived: number })[];
  return {
    ...page(
      rows.map((r) => ({ ...r, archived: r.archived === 1 })),
      q.limit,
      (r) => r.name,
    ),
    count,
  };
}
