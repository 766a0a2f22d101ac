import { openRaw } from './raw-insert';
import { openShop, postSales, saleInputs } from './sale-post';
import { nowMs } from './util';
const shop = await openShop('FULL');
const raw = openRaw(shop.products, 'FULL');
const SP = Object.getPrototypeOf(raw.raw.prepare('SELECT 1')) as Record<string, (...a: unknown[]) => unknown>;
const orig = SP.run!;
let commitMs = 0, commits = 0;
SP.run = function (this: { source: string }, ...a: unknown[]) { if (this.source !== 'COMMIT') return orig.apply(this, a); const t = nowMs(); try { return orig.apply(this, a); } finally { commitMs += nowMs() - t; commits++; } };
for (let round = 0; round < 3; round++) {
  commitMs = 0; commits = 0;
  const rms = raw.run(raw.prepare(saleInputs(shop.products, 1000, round * 2 + 1)));
  const rc = commitMs / commits;
  commitMs = 0; commits = 0;
  const t0 = nowMs(); await postSales(shop, saleInputs(shop.products, 1000, round * 2 + 2)); const ams = nowMs() - t0;
  console.log(`raw ${(rms / 1000).toFixed(3)} ms/sale commit ${(rc * 1000).toFixed(0)}us | api ${(ams / 1000).toFixed(3)} ms/sale commit ${(commitMs / commits * 1000).toFixed(0)}us`);
}
const pages = (f: string) => 0;
console.log(raw.raw.pragma('page_count'), shop.core.db.raw.pragma('page_count'), raw.raw.pragma('wal_autocheckpoint'), shop.core.db.raw.pragma('wal_autocheckpoint'));
void pages;
shop.cleanup(); raw.cleanup();
