import { and, eq, ne, sql } from 'drizzle-orm';
import { perConnection } from '../prepared';
import type { Db } from '../connection';
import { locations, roles, settings, users } from '../schema';

export type UserRow = typeof users.$inferSelect;
export type RoleRow = typeof roles.$inferSelect;

export const getUser = (db: Db, id: number): UserRow | undefined => db.orm.select().from(users).where(eq(users.id, id)).get();
export const getRole = (db: Db, id: string): RoleRow | undefined => db.orm.select().from(roles).where(eq(roles.id, id)).get();
export const activeUsers = (db: Db) =>
  db.orm
    .select({ id: users.id, name: users.name, role: users.roleId, hasPin: sql<number>`${users.pinHash} IS NOT NULL` })
    .from(users)
    .where(eq(users.active, true))
    .orderBy(users.name)
    .all()
    .map(({ hasPin, ...u }) => ({ ...u, signIn: hasPin ? ('pin' as const) : ('password' as const) }));

/** Every user, active or not, by name. */
export const allUsers = (db: Db): { id: number; name: string; active: boolean }[] =>
  db.orm.select({ id: users.id, name: users.name, active: users.active }).from(users).orderBy(users.name).all();

export function insertUser(db: Db, u: typeof users.$inferInsert): number {
  return db.orm.insert(users).values(u).returning({ id: users.id }).get().id;
}

export function upsertRole(db: Db, r: typeof roles.$inferInsert): void {
  db.orm
    .insert(roles)
    .values(r)
    .onConflictDoUpdate({ target: roles.id, set: { name: r.name, permissions: r.permissions } })
    .run();
}

export function insertRoleIfMissing(db: Db, r: typeof roles.$inferInsert): void {
  db.orm.insert(roles).values(r).onConflictDoNothing({ target: roles.id }).run();
}

/** The shop's own locations (the transit location is the system's, never picked by hand). */
export const listLocations = (db: Db, withInactive = false) =>
  db.orm
    .select({ id: locations.id, name: locations.name, kind: locations.kind, active: locations.active })
    .from(locations)
    .where(withInactive ? ne(locations.kind, 'transit') : and(eq(locations.active, true), ne(locations.kind, 'transit')))
    .orderBy(locations.id)
    .all() as { id: number; name: string; kind: 'store' | 'warehouse'; active: boolean }[];
const stmts = perConnection((db) => ({
  location: db.raw.prepare<[number], { id: number; name: string; kind: 'store' | 'warehouse'; active: number }>(
    'SELECT id, name, kind, active FROM locations WHERE id = ?',
  ),
  settings: db.raw.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings'),
  setting: db.raw.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
}));

/** Read on every sale (activeLocation): plain SQL, as the posting path's statements are. */
export function getLocation(db: Db, id: number): typeof locations.$inferSelect | undefined {
  const r = stmts(db).location.get(id);
  return r && { ...r, active: r.active === 1 };
}
export function insertLocation(db: Db, name: string, kind: 'store' | 'warehouse' | 'transit'): number {
  return db.orm.insert(locations).values({ name, kind }).returning({ id: locations.id }).get().id;
}

export const locationByName = (db: Db, name: string) =>
  db.orm.select({ id: locations.id }).from(locations).where(eq(locations.name, name)).get();

export function updateLocation(db: Db, id: number, set: { name: string; kind: 'store' | 'warehouse'; active: boolean }): void {
  db.orm.update(locations).set(set).where(eq(locations.id, id)).run();
}

/** The transit location's id, or undefined before the first transfer made it. */
export const findTransitLocation = (db: Db): number | undefined =>
  db.orm.select({ id: locations.id }).from(locations).where(eq(locations.kind, 'transit')).orderBy(locations.id).get()?.id;

/** Read on every sale (default location): a prepared statement over a handful of rows. */
export function readSettings(db: Db): Record<string, unknown> {
  return Object.fromEntries(
    stmts(db)
      .settings.all()
      .map((r) => [r.key, JSON.parse(r.value) as unknown]),
  );
}

/** One setting's stored value, or undefined: a sale reads two (its day's time zone, the default location), not all. */
export function readSetting(db: Db, key: string): unknown {
  const row = stmts(db).setting.get(key);
  return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
}

export function writeSetting(db: Db, key: string, value: unknown): void {
  db.orm.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
}
