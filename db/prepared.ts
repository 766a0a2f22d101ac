import type { Db } from './connection';

/** Prepares a domain's hot statements once per connection (unprepared queries re-parse every call). */
export function perConnection<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  // The app has one writer connection: the last one asked for answers without a WeakMap lookup (a sale asks ~30 times).
  let lastDb: Db | null = null;
  let last: T | undefined;
  return (db) => {
    if (db === lastDb) return last!;
    let v = cache.get(db);
    if (!v) {
      v = build(db);
      cache.set(db, v);
    }
    lastDb = db;
    last = v;
    return v;
  };
}

export const nowIso = (): string => new Date().toISOString();
