/**
 * catalog.search through the real API (core.caller as the demo cashier: zod, access check, handler, toProduct) on a
 * copy of the cached big catalog, with the limit the product picker and stock screen send (200). A mix of what people
 * type into the picker: name prefixes of 1-4 letters, two-word prefixes, SKU prefixes, whole barcodes, no-hit text.
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { createCore, DB_FILE, type Core } from '../core/app';
import type { Caller } from '../core/api/dispatch';
import { searchProductIds } from '../db/queries/products';
import { benchBarcode } from './catalog-db';
import { MIGRATIONS, nowMs, rng, tempDir } from './util';

/** What the product picker (renderer/src/screens/sale/ProductPicker.tsx) asks for. */
export const SEARCH_LIMIT = 200;

export type Shape = 'prefix1' | 'prefix2_4' | 'two_words' | 'sku_prefix' | 'barcode' | 'no_hit';
interface Query {
  shape: Shape;
  q: string;
  /** For a whole barcode: the product that must come first. */
  expectId?: number;
}

export interface SearchResult {
  all: number[];
  byShape: Record<Shape, number[]>;
  /** The same queries through db/queries/products searchProductIds alone: no dispatch, no product rows. */
  queryOnly: number[];
  queryOnlyByShape: Record<Shape, number[]>;
  builtS: number | null;
  products: number;
}

async function loginCashier(core: Core): Promise<Caller> {
  const r = await core.call({ session: null }, 'auth.login', { userId: 2, pin: '2222' });
  if (!r.ok) throw new Error(`demo cashier login failed: ${r.error.message}`);
  return core.caller({ session: core.sessions.get((r.value as { token: string }).token) });
}

const NO_HIT = [
  'qwxz',
  'zzyzx',
  'xylophone',
  'jjjj',
  'fhqwhgads',
  'q',
  'zx',
  'wubba lubba',
  'xx yy',
  '4659',
  '999999',
  'C-9999999',
  'ёжик',
  'Kvqo',
  'plumbus',
];

function queries(sample: { id: number; name: string; sku: string; code: string }[], count: number, seed: number): Query[] {
  const rand = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const words = (name: string) => name.split(/\s+/).filter((w) => /^\p{L}{2,}$/u.test(w));
  const out: Query[] = [];
  for (let i = 0; i < count; i++) {
    const p = pick(sample);
    const r = rand();
    const ws = words(p.name);
    // Typed in lower case mostly, as people do.
    const cased = (s: string) => (rand() < 0.7 ? s.toLowerCase() : s);
    if (r < 0.1) out.push({ shape: 'prefix1', q: cased(pick(ws).slice(0, 1)) });
    else if (r < 0.3) out.push({ shape: 'prefix2_4', q: cased(pick(ws).slice(0, 2 + Math.floor(rand() * 3))) });
    else if (r < 0.5 && ws.length >= 2) {
      const a = Math.floor(rand() * (ws.length - 1));
      const first = rand() < 0.5 ? ws[a]! : ws[a]!.slice(0, Math.min(ws[a]!.length, 3 + Math.floor(rand() * 3)));
      out.push({ shape: 'two_words', q: cased(`${first} ${ws[a + 1]!.slice(0, 1 + Math.floor(rand() * 4))}`) });
    } else if (r < 0.65) out.push({ shape: 'sku_prefix', q: cased(p.sku.slice(0, 4 + Math.floor(rand() * 4))) });
    else if (r < 0.85) out.push({ shape: 'barcode', q: p.code, expectId: p.id });
    else out.push({ shape: 'no_hit', q: pick(NO_HIT) });
  }
  return out;
}

/** On a copy of `source.file` (catalog-db.ts's catalog, or the aged shop built on it) holding `source.products` generated products. */
export async function benchSearch(
  source: { file: string; products: number; builtS: number | null },
  count: number,
  warmup: number,
): Promise<SearchResult> {
  const { file, builtS, products } = source;
  const t = tempDir('lavka-bench-search-');
  let core: Core | null = null;
  try {
    copyFileSync(file, path.join(t.dir, DB_FILE));
    core = createCore({ dataDir: t.dir, migrationsDir: MIGRATIONS, version: '0.0.0-bench', mode: 'local', quickCheck: false });
    const cashier = await loginCashier(core);
    // 5000 generated products spread over the catalog, with their barcode (benchBarcode(i) for the i-th generated one).
    const first = (core.db.raw.prepare(`SELECT MIN(id) AS id FROM products WHERE sku LIKE 'C-%'`).get() as { id: number }).id;
    const rand = rng(99);
    const sample = Array.from({ length: 5000 }, () => {
      const i = 1 + Math.floor(rand() * products);
      const row = core!.db.raw.prepare('SELECT id, name, sku FROM products WHERE id = ?').get(first + i - 1) as {
        id: number;
        name: string;
        sku: string;
      };
      return { ...row, code: benchBarcode(i) };
    });
    const run = async (qs: Query[], times: number[] | null, byShape: Record<Shape, number[]> | null) => {
      for (const x of qs) {
        const t0 = nowMs();
        const r = await cashier('catalog.search', { q: x.q, limit: SEARCH_LIMIT });
        const ms = nowMs() - t0;
        if (!r.ok) throw new Error(`catalog.search ${JSON.stringify(x.q)} failed: ${r.error.code}: ${r.error.message}`);
        const found = r.value as { id: number }[];
        if (x.expectId !== undefined && found[0]?.id !== x.expectId)
          throw new Error(`catalog.search of barcode ${x.q} did not return product ${x.expectId} first`);
        if (x.shape === 'no_hit' && found.length)
          throw new Error(`catalog.search ${JSON.stringify(x.q)} was meant to find nothing, found ${found.length}`);
        times?.push(ms);
        byShape?.[x.shape].push(ms);
      }
    };
    const shapes = (): Record<Shape, number[]> => ({ prefix1: [], prefix2_4: [], two_words: [], sku_prefix: [], barcode: [], no_hit: [] });
    await run(queries(sample, warmup, 1), null, null);
    const timed = queries(sample, count, 2);
    const all: number[] = [];
    const byShape = shapes();
    await run(timed, all, byShape);
    const queryOnly: number[] = [];
    const queryOnlyByShape = shapes();
    for (const x of timed) {
      const t0 = nowMs();
      searchProductIds(core.db, x.q, SEARCH_LIMIT);
      const ms = nowMs() - t0;
      queryOnly.push(ms);
      queryOnlyByShape[x.shape].push(ms);
    }
    for (const xs of [all, queryOnly, ...Object.values(byShape), ...Object.values(queryOnlyByShape)]) xs.sort((a, b) => a - b);
    return { all, byShape, queryOnly, queryOnlyByShape, builtS, products };
  } finally {
    core?.close();
    t.cleanup();
  }
}
