import Database from 'better-sqlite3';
import { apiSpec } from '../core/contract/api';
import { requestHash } from '../core/posting/engine';
import { postSales, saleInputs, type Shop } from './sale-post';
import { nowMs } from './util';

export interface ProfileRow {
  what: string;
  calls: number;
  usPerSale: number;
}

type Fn = (...a: unknown[]) => unknown;

/** Label a statement: its SQL squeezed to one line and cut short. */
const label = (sql: string): string => sql.replace(/\s+/g, ' ').replace(/`/g, '').trim().slice(0, 90);

/**
 * Posts `n` sales with every better-sqlite3 Statement run/get/all and every Database.prepare timed
 * (prepare rows are statements built per call: unprepared drizzle queries). BEGIN/COMMIT/SAVEPOINT
 * are statements too, so COMMIT carries the WAL fsync.
 */
export async function profileSales(shop: Shop, n: number): Promise<{ rows: ProfileRow[]; totalUs: number; sqlUs: number }> {
  const probe = shop.core.db.raw.prepare('SELECT 1');
  const SP = Object.getPrototypeOf(probe) as Record<string, Fn>;
  const DP = Database.prototype as unknown as Record<string, Fn>;
  const acc = new Map<string, { calls: number; ms: number }>();
  const add = (k: string, ms: number) => {
    const a = acc.get(k) ?? { calls: 0, ms: 0 };
    a.calls++;
    a.ms += ms;
    acc.set(k, a);
  };
  const saved: [Record<string, Fn>, string, Fn][] = [];
  const wrap = (proto: Record<string, Fn>, name: string, key: (self: unknown, args: unknown[]) => string) => {
    const orig = proto[name]!;
    saved.push([proto, name, orig]);
    proto[name] = function (this: unknown, ...args: unknown[]) {
      const t0 = nowMs();
      try {
        return orig.apply(this, args);
      } finally {
        add(key(this, args), nowMs() - t0);
      }
    };
  };
  const inputs = saleInputs(shop.products, n, 99);
  for (const m of ['run', 'get', 'all']) wrap(SP, m, (self) => label((self as { source: string }).source));
  wrap(DP, 'prepare', (_self, args) => `prepare: ${label(String(args[0]))}`);
  let totalMs: number;
  try {
    const t0 = nowMs();
    await postSales(shop, inputs);
    totalMs = nowMs() - t0;
  } finally {
    for (const [proto, name, orig] of saved) proto[name] = orig;
  }
  const sqlMs = [...acc.values()].reduce((s, a) => s + a.ms, 0);
  const rows = [...acc.entries()].map(([what, a]) => ({ what, calls: a.calls, usPerSale: (a.ms * 1000) / n }));
  // JS work with no SQL in it, measured alone on the same inputs.
  const fresh = saleInputs(shop.products, n, 98);
  let t = nowMs();
  for (const x of fresh) apiSpec['sale.post'].input.parse(x);
  rows.push({ what: '(js) zod parse of the input', calls: n, usPerSale: ((nowMs() - t) * 1000) / n });
  t = nowMs();
  for (const x of fresh) requestHash(x);
  rows.push({ what: '(js) requestHash: JSON + sha256', calls: n, usPerSale: ((nowMs() - t) * 1000) / n });
  rows.sort((a, b) => b.usPerSale - a.usPerSale);
  return { rows, totalUs: (totalMs * 1000) / n, sqlUs: (sqlMs * 1000) / n };
}
