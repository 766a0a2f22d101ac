import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../../connection';
import { perConnection } from '../../prepared';
import { cashMoves, sequences, shifts, users } from '../../schema';

export type ShiftRow = typeof shifts.$inferSelect;
export type CashMoveRow = typeof cashMoves.$inferSelect;

const stmts = perConnection((db) => ({
  // Plain SQL: every sale and return asks it (drizzle's row mapping cost more than the read).
  openAt: db.raw.prepare<[number], ShiftRow>(
    `SELECT id, number, location_id AS locationId, opened_by AS openedBy, opened_at AS openedAt, float, closed_at AS closedAt,
            closed_by AS closedBy, counted_cash AS countedCash, z_report AS zReport
     FROM shifts WHERE location_id = ? AND closed_at IS NULL`,
  ),
  byId: db.orm
    .select()
    .from(shifts)
    .where(eq(shifts.id, sql.placeholder('id')))
    .prepare(),
  nextSeq: db.orm
    .insert(sequences)
    .values({ name: 'shift', next: 2 })
    .onConflictDoUpdate({ target: sequences.name, set: { next: sql`${sequences.next} + 1` } })
    .returning({ next: sequences.next })
    .prepare(),
}));

export const openShiftAt = (db: Db, locationId: number): ShiftRow | undefined => stmts(db).openAt.get(locationId);
export const getShift = (db: Db, id: number): ShiftRow | undefined => stmts(db).byId.get({ id });

export function insertShift(db: Db, s: { locationId: number; openedBy: number; openedAt: string; float: number }): number {
  const number = (stmts(db).nextSeq.get()?.next ?? 2) - 1;
  return db.orm
    .insert(shifts)
    .values({ ...s, number })
    .returning({ id: shifts.id })
    .get().id;
}

export function closeShiftRow(db: Db, id: number, v: { closedAt: string; closedBy: number; countedCash: number; zReport: string }): void {
  db.orm.update(shifts).set(v).where(eq(shifts.id, id)).run();
}

export function listShifts(db: Db, f: { from?: string; to?: string; limit: number; offset: number }): ShiftRow[] {
  const conds = [];
  if (f.from) conds.push(gte(shifts.openedAt, f.from));
  if (f.to) conds.push(lt(shifts.openedAt, f.to));
  return db.orm
    .select()
    .from(shifts)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(shifts.id))
    .limit(f.limit)
    .offset(f.offset)
    .all();
}

export const userName = (db: Db, id: number): string =>
  db.orm.select({ name: users.name }).from(users).where(eq(users.id, id)).get()?.name ?? `#${id}`;

export const cashMoveByUuid = (db: Db, uuid: string): CashMoveRow | undefined =>
  db.orm.select().from(cashMoves).where(eq(cashMoves.uuid, uuid)).get();

export function insertCashMove(db: Db, m: Omit<CashMoveRow, 'id'>): number {
  return db.orm.insert(cashMoves).values(m).returning({ id: cashMoves.id }).get().id;
}

export function cashMoveTotals(db: Db, shiftId: number): { cashIn: number; cashOut: number } {
  const r = db.raw
    .prepare(
      `SELECT COALESCE(SUM(CASE WHEN kind = 'in' THEN amount END), 0) AS cashIn, COALESCE(SUM(CASE WHEN kind = 'out' THEN amount END), 0) AS cashOut
       FROM cash_moves WHERE shift_id = ?`,
    )
    .get(shiftId) as { cashIn: number; cashOut: number };
  return r;
}

export interface ShiftDocTotals {
  salesCount: number;
  salesTotal: number;
  returnsCount: number;
  returnsTotal: number;
  payments: { type: 'sale' | 'return'; method: 'cash' | 'card' | 'online'; amount: number }[];
  taxes: { rateBp: number; amount: number; tax: number }[];
  discounts: number;
}

/**
 * Sums over the documents of a shift. Reversals (a cancelled sale) carry the shift they were posted in and
 * negative amounts, so totals are net; counts are of posted, not cancelled documents.
 */
export function shiftDocTotals(db: Db, shiftId: number): ShiftDocTotals {
  const heads = db.raw
    .prepare(
      `SELECT type,
              SUM(CASE WHEN reversal_of IS NULL AND status = 'posted' THEN 1 ELSE 0 END) AS n,
              COALESCE(SUM(total), 0) AS total, COALESCE(SUM(rounding), 0) AS rounding
       FROM documents WHERE shift_id = ? AND type IN ('sale', 'return') GROUP BY type`,
    )
    .all(shiftId) as { type: 'sale' | 'return'; n: number; total: number; rounding: number }[];
  const sale = heads.find((h) => h.type === 'sale');
  const ret = heads.find((h) => h.type === 'return');
  const payments = db.raw
    .prepare(
      `SELECT d.type AS type, p.method AS method, SUM(p.amount) AS amount FROM payments p JOIN documents d ON d.id = p.document_id
       WHERE d.shift_id = ? AND d.type IN ('sale', 'return') GROUP BY d.type, p.method`,
    )
    .all(shiftId) as ShiftDocTotals['payments'];
  // Net per rate: sales count up, returns down.
  const taxes = db.raw
    .prepare(
      `SELECT l.tax_rate_bp AS rateBp,
              SUM(CASE WHEN d.type = 'sale' THEN l.amount ELSE -l.amount END) AS amount,
              SUM(CASE WHEN d.type = 'sale' THEN l.tax_amount ELSE -l.tax_amount END) AS tax
       FROM document_lines l JOIN documents d ON d.id = l.document_id
       WHERE d.shift_id = ? AND d.type IN ('sale', 'return') GROUP BY l.tax_rate_bp ORDER BY l.tax_rate_bp DESC`,
    )
    .all(shiftId) as ShiftDocTotals['taxes'];
  const lineDiscounts = (
    db.raw
      .prepare(
        `SELECT COALESCE(SUM(l.discount), 0) AS d FROM document_lines l JOIN documents d ON d.id = l.document_id WHERE d.shift_id = ? AND d.type = 'sale'`,
      )
      .get(shiftId) as { d: number }
  ).d;
  return {
    salesCount: sale?.n ?? 0,
    salesTotal: sale?.total ?? 0,
    returnsCount: ret?.n ?? 0,
    returnsTotal: ret?.total ?? 0,
    payments,
    taxes,
    // Cash rounding is spread over line discounts too; it is not a discount anyone gave.
    discounts: lineDiscounts - (sale?.rounding ?? 0),
  };
}
