/**
 * Experiment (not part of `npm run bench`): `npx tsx bench/experiment-prepared-sale.ts [FULL|NORMAL]`.
 * The real sale.post against a copy of its handler whose per-call queries are prepared once:
 * products by the prepared getProduct (not a fresh inArray query), the location and the default
 * location setting by prepared statements (not loadSettings/readSettings, not getLocation).
 * Everything else (zod, replay, writeDocument) is the real code. Same process, interleaved rounds.
 */
import type { Session } from '../core/auth/sessions';
import { apiSpec } from '../core/contract/api';
import { includedTax, lineAmount } from '../core/money';
import { replay, requestHash, writeDocument, type PreparedLine } from '../core/posting/engine';
import { settle } from '../core/posting/prepare';
import { inTransaction } from '../db/connection';
import * as docs from '../db/queries/documents';
import { getProduct } from '../db/queries/products';
import { openShop, postSales, saleInputs, type SaleInput, type Shop, type Sync } from './sale-post';
import { median, nowMs, percentile } from './util';

function fixedPoster(shop: Shop) {
  const db = shop.core.db;
  const loc = db.raw.prepare<[number], { active: number }>('SELECT active FROM locations WHERE id = ?');
  const defLoc = db.raw.prepare<[], { value: string }>(`SELECT value FROM settings WHERE key = 'defaultLocationId'`);
  const session = [...(shop.core.sessions as unknown as { byToken: Map<string, Session> }).byToken.values()].find((s) => s.userId === 2)!;
  return async (raw: SaleInput) => {
    const input = apiSpec['sale.post'].input.parse(raw);
    const hash = requestHash(input);
    return inTransaction(db, () => {
      const again = replay(db, input.uuid, hash, () => settle(docs.findDocumentByUuid(db, input.uuid)!.total, input.payments).change);
      if (again) return again;
      const locationId = input.locationId ?? (defLoc.get() ? Number(JSON.parse(defLoc.get()!.value)) : 1);
      if (!loc.get(locationId)?.active) throw new Error('unknown_location');
      const lines = input.lines.map<PreparedLine>((l) => {
        const p = getProduct(db, l.productId);
        if (!p || !p.active) throw new Error('unknown_product');
        const amount = lineAmount(l.price ?? p.price, l.qty);
        return { productId: p.id, qty: l.qty, price: l.price ?? p.price, amount, taxRateBp: p.taxRateBp, taxAmount: includedTax(amount, p.taxRateBp), fallbackUnitCost: p.cost, move: { kind: 'out' } };
      });
      const { payments, change } = settle(lines.reduce((s, l) => s + l.amount, 0), input.payments);
      return writeDocument(db, { userId: session.userId }, { type: 'sale', uuid: input.uuid, requestHash: hash, locationId, lines, payments, change });
    });
  };
}

const sync = (process.argv[2] ?? 'NORMAL') as Sync;
const real = await openShop(sync);
const fixed = await openShop(sync);
const post = fixedPoster(fixed);
const runFixed = async (inputs: SaleInput[]) => {
  const lat: number[] = [];
  for (const x of inputs) {
    const t0 = nowMs();
    await post(x);
    lat.push(nowMs() - t0);
  }
  return lat;
};
await postSales(real, saleInputs(real.products, 300, 1));
await runFixed(saleInputs(fixed.products, 300, 1));
const a: number[] = [];
const b: number[] = [];
const perRoundA: number[] = [];
const perRoundB: number[] = [];
for (let r = 0; r < 6; r++) {
  const la = await postSales(real, saleInputs(real.products, 500, 10 + r));
  const lb = await runFixed(saleInputs(fixed.products, 500, 10 + r));
  a.push(...la);
  b.push(...lb);
  perRoundA.push(la.reduce((s, x) => s + x, 0) / la.length);
  perRoundB.push(lb.reduce((s, x) => s + x, 0) / lb.length);
}
for (const l of [a, b]) l.sort((x, y) => x - y);
const us = (x: number) => `${(x * 1000).toFixed(0)} µs`;
console.log(`synchronous=${sync}, 3000 sales each, median of 6 round means:`);
console.log(`  real sale.post      mean ${us(median(perRoundA))}  p50 ${us(percentile(a, 50))}  p99 ${us(percentile(a, 99))}`);
console.log(`  prepared handler    mean ${us(median(perRoundB))}  p50 ${us(percentile(b, 50))}  p99 ${us(percentile(b, 99))}`);
console.log(`  saving per sale     ${us(median(perRoundA) - median(perRoundB))} (${((1 - median(perRoundB) / median(perRoundA)) * 100).toFixed(0)}%)`);
real.cleanup();
fixed.cleanup();
