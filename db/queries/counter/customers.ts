import { eq } from 'drizzle-orm';
import type { Db } from '../../connection';
import { customers } from '../../schema';

export type CustomerRow = typeof customers.$inferSelect;

export const customerByPhone = (db: Db, phone: string): CustomerRow | undefined =>
  db.orm.select().from(customers).where(eq(customers.phone, phone)).get();
export const getCustomer = (db: Db, id: number): CustomerRow | undefined =>
  db.orm.select().from(customers).where(eq(customers.id, id)).get();

export function insertCustomer(db: Db, c: { phone: string; name: string; at: string }): number {
  return db.orm
    .insert(customers)
    .values({ phone: c.phone, name: c.name, createdAt: c.at, updatedAt: c.at })
    .returning({ id: customers.id })
    .get().id;
}

export function renameCustomer(db: Db, id: number, name: string, at: string): void {
  db.orm.update(customers).set({ name, updatedAt: at }).where(eq(customers.id, id)).run();
}

/** Posted sales minus returns; a cancelled sale's reversal carries the customer too, so it nets out. */
export function customerPurchases(db: Db, customerId: number): number {
  const r = db.raw
    .prepare(
      `SELECT COALESCE(SUM(CASE type WHEN 'sale' THEN total WHEN 'return' THEN -total ELSE 0 END), 0) AS t
       FROM documents WHERE customer_id = ? AND type IN ('sale', 'return')`,
    )
    .get(customerId) as { t: number };
  return r.t;
}
