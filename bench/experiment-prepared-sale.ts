/**
 * Experiment (not part of `npm run bench`): `npx tsx bench/experiment-prepared-sale.ts [FULL|NORMAL]`.
 * The real 'sale.post' handler against a copy whose per-call queries are prepared once: products by
 * the prepared getProduct (not a fresh drizzle inArray query), the location and the default-location
 * setting by prepared statements (not getLocation / loadSettings). Both go through the real dispatch
 * (the copy is swapped into the handler map for its rounds); replay and writeDocument are the real code.
 */
import type { Handler } from '../core/api/handler';
import { includedTax, lineAmount } from '../core/money';
import { handlers } from '../core/handlers';
import { replay, requestHash, writeDocument, type PreparedLine } from '../core/posting/engine';
import { settle } from '../core/posting/prepare';
import { fail } from '../core/errors';
import { inTransaction, type Db } from '../db/connection';
import * as docs from '../db/queries/documents';
import { getProduct } from '../db/queries/products';
import { perConnection } from '../db/prepared';
import { openShop, postSales, saleInputs, type Sync } from './sale-post';
import { median, percentile } from './util';

const stmts = perConnection((db: Db) => ({
  loc: db.raw.prepare<[number], { active: number }>('SELECT active FROM locations WHERE id = ?'),
  defLoc: db.raw.prepare<[], { value: string }>(`SELECT value FROM settings WHERE key = 'defaultLocationId'`),
}));

const preparedSalePost: Handler<'sale.post'> = (svc, ctx, input) => {
  const db = svc.db;
  const hash = requestHash(input);
  const r = inTransaction(db, () => {
    const again = replay(db, input.uuid, hash, () => settle(docs.findDocumentByUuid(db, input.uuid)!.total, input.payments).change);
    if (again) return again;
    const s = stmts(db);
    const def = s.defLoc.get();
    const locationId = input.locationId ?? (def ? Number(JSON.parse(def.value)) : 1);
    if (!s.loc.get(locationId)?.active) fail('unknown_location', `location ${locationId} does not exist`);
    const lines = input.lines.map<PreparedLine>((l) => {
      const p = getProduct(db, l.productId);
      if (!p || !p.active) fail('unknown_product', `product ${l.productId}`);
      const price = l.price ?? p!.price;
      const amount = lineAmount(price, l.qty);
      return { productId: p!.id, qty: l.qty, price, amount, taxRateBp: p!.taxRateBp, taxAmount: includedTax(amount, p!.taxRateBp), fallbackUnitCost: p!.cost, move: { kind: 'out' } };
    });
    const { payments, change } = settle(lines.reduce((a, l) => a + l.amount, 0), input.payments);
    return writeDocument(db, { userId: ctx.session!.userId }, { type: 'sale', uuid: input.uuid, requestHash: hash, locationId, lines, payments, change });
  });
  if (!r.replayed) svc.events.emit({ type: 'doc.posted', id: r.id, docType: 'sale', number: r.number });
  return r;
};

const sync = (process.argv[2] ?? 'NORMAL') as Sync;
const rounds = 6;
const n = 500;
const real = await openShop(sync);
const fixed = await openShop(sync);
const original = handlers['sale.post'];
const withHandler = async <T>(h: Handler<'sale.post'>, fn: () => Promise<T>): Promise<T> => {
  handlers['sale.post'] = h;
  try {
    return await fn();
  } finally {
    handlers['sale.post'] = original;
  }
};
await postSales(real, saleInputs(real.products, 300, 1));
await withHandler(preparedSalePost, () => postSales(fixed, saleInputs(fixed.products, 300, 1)));
const a: number[] = [];
const b: number[] = [];
const meanA: number[] = [];
const meanB: number[] = [];
const mean = (l: number[]) => l.reduce((s, x) => s + x, 0) / l.length;
for (let r = 0; r < rounds; r++) {
  const runA = async () => {
    const l = await postSales(real, saleInputs(real.products, n, 10 + r));
    a.push(...l);
    meanA.push(mean(l));
  };
  const runB = async () => {
    const l = await withHandler(preparedSalePost, () => postSales(fixed, saleInputs(fixed.products, n, 10 + r)));
    b.push(...l);
    meanB.push(mean(l));
  };
  if (r % 2) await runB().then(runA);
  else await runA().then(runB);
}
for (const l of [a, b]) l.sort((x, y) => x - y);
const us = (x: number) => `${(x * 1000).toFixed(0)} µs`;
console.log(`synchronous=${sync}, ${rounds * n} sales each through dispatch, interleaved rounds (median of round means):`);
console.log(`  real sale.post handler      mean ${us(median(meanA))}  p50 ${us(percentile(a, 50))}  p99 ${us(percentile(a, 99))}`);
console.log(`  prepared-statement handler  mean ${us(median(meanB))}  p50 ${us(percentile(b, 50))}  p99 ${us(percentile(b, 99))}`);
console.log(`  p50 saving per sale         ${us(percentile(a, 50) - percentile(b, 50))} (${((1 - percentile(b, 50) / percentile(a, 50)) * 100).toFixed(0)}%)`);
real.cleanup();
fixed.cleanup();
