import type { Db } from './connection';

/** Prepares a domain's hot statements once per connection (unprepared queries re-parse every call). */
export function perConnection<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let v = cache.get(db);
    if (!v) {
      v = build(db);
      cache.set(db, v);
    }
    return v;
  };
}

export const nowIso = (): string => new Date().toISOString();
