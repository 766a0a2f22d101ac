import { openShop, postSales, saleInputs } from './sale-post';
import { percentile } from './util';
const a = await openShop('FULL');
const b = await openShop('FULL');
b.core.db.raw.pragma('wal_autocheckpoint = 0');
await postSales(a, saleInputs(a.products, 300, 1)); await postSales(b, saleInputs(b.products, 300, 1));
const la: number[] = [], lb: number[] = [];
for (let r = 0; r < 5; r++) {
  la.push(...(await postSales(a, saleInputs(a.products, 600, r + 10))));
  lb.push(...(await postSales(b, saleInputs(b.products, 600, r + 10))));
  b.core.db.raw.pragma('wal_checkpoint(TRUNCATE)');
}
for (const [n, l] of [['autockpt', la], ['noautockpt', lb]] as const) { l.sort((x, y) => x - y); console.log(n, [50, 90, 95, 97, 98, 99, 99.9].map((p) => `p${p}=${percentile(l, p).toFixed(3)}`).join(' '), 'mean', (l.reduce((s, x) => s + x, 0) / l.length).toFixed(3)); }
a.cleanup(); b.cleanup();
