import { openRaw } from './raw-insert';
import { saleInputs } from './sale-post';
import { nowMs } from './util';
const products = Array.from({ length: 100 }, (_, i) => ({ id: i + 1, price: 1000 + i * 10 }));
const raw = openRaw(products, 'FULL');
const SP = Object.getPrototypeOf(raw.raw.prepare('SELECT 1')) as Record<string, (...a: unknown[]) => unknown>;
const orig = SP.run!;
let commitMs = 0, commits = 0;
SP.run = function (this: { source: string }, ...a: unknown[]) { if (this.source !== 'COMMIT') return orig.apply(this, a); const t = nowMs(); try { return orig.apply(this, a); } finally { commitMs += nowMs() - t; commits++; } };
raw.run(raw.prepare(saleInputs(products, 500, 1)));
for (const gap of [0, 0.3, 0.8, 0, 0.8]) {
  commitMs = 0; commits = 0;
  const sales = raw.prepare(saleInputs(products, 1000, Math.random() * 1e9));
  for (const s of sales) { raw.run([s]); const t = nowMs(); while (nowMs() - t < gap); }
  console.log(`gap ${gap} ms: commit ${(commitMs / commits * 1000).toFixed(0)} us`);
}
raw.cleanup();
