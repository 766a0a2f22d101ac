import { eq } from 'drizzle-orm';
import type { Db } from '../connection';
import { categories } from '../schema';

export type CategoryRow = typeof categories.$inferSelect;
export type CategoryValues = Omit<typeof categories.$inferInsert, 'id'>;

/** Every category with the count of products directly in it (a shop has tens or hundreds, not thousands). */
export function listCategories(db: Db): (CategoryRow & { products: number })[] {
  const rows = db.raw
    .prepare(
      `SELECT c.id, c.name, c.parent_id AS parentId, c.markup_bp AS markupBp, c.rounding, c.archived,
              (SELECT COUNT(*) FROM products p WHERE p.category_id = c.id) AS products
       FROM categories c ORDER BY c.name`,
    )
    .all() as (Omit<CategoryRow, 'archived'> & { archived: number; products: number })[];
  return rows.map((r) => ({ ...r, archived: r.archived === 1 }));
}

export const getCategory = (db: Db, id: number): CategoryRow | undefined =>
  db.orm.select().from(categories).where(eq(categories.id, id)).get();

export const categoryByName = (db: Db, name: string): CategoryRow | undefined =>
  db.orm.select().from(categories).where(eq(categories.name, name)).get();

export const insertCategory = (db: Db, v: CategoryValues): number =>
  db.orm.insert(categories).values(v).returning({ id: categories.id }).get().id;

export function updateCategory(db: Db, id: number, v: CategoryValues): void {
  db.orm.update(categories).set(v).where(eq(categories.id, id)).run();
}

/** The category and its ancestors, nearest first (the chain a pricing rule is inherited along). */
export function ancestry(db: Db, id: number): CategoryRow[] {
  const rows = db.raw
    .prepare(
      `WITH RECURSIVE up(id, depth) AS (SELECT @id, 0 UNION ALL SELECT c.parent_id, up.depth + 1 FROM categories c JOIN up ON c.id = up.id WHERE c.parent_id IS NOT NULL AND up.depth < 100)
       SELECT c.id, c.name, c.parent_id AS parentId, c.markup_bp AS markupBp, c.rounding, c.archived
       FROM up JOIN categories c ON c.id = up.id ORDER BY up.depth`,
    )
    .all({ id }) as (Omit<CategoryRow, 'archived'> & { archived: number })[];
  return rows.map((r) => ({ ...r, archived: r.archived === 1 }));
}
