/**
 * sale.post on the aged shop (history.ts: two years of sales, the scan bench's catalog) against its floor: the same
 * rows inserted with plain prepared statements on another copy of the same aged database (raw-insert.ts), both at
 * synchronous=FULL, interleaved round by round. Each sale is timed on both sides, so the p99 has a floor too.
 */
import { openRaw } from './raw-insert';
import { checkShop, openShop, postSales, saleInputs } from './sale-post';

export interface AgedSalesResult {
  /** sale.post through the API as the cashier, ms each. */
  apiMs: number[];
  /** The same rows raw, ms each. */
  rawMs: number[];
}

export async function benchSalesAged(file: string, sales: number, rounds: number, warmup: number): Promise<AgedSalesResult> {
  const shop = await openShop('FULL', file);
  const salesBefore = shop.core.db.raw.prepare(`SELECT count(*) FROM documents WHERE type = 'sale'`).pluck().get() as number;
  const raw = openRaw(shop.products, 'FULL', file);
  try {
    let seed = 101;
    const api = (n: number) => postSales(shop, saleInputs(shop.products, n, seed++));
    const rawRun = (n: number) => raw.runEach(raw.prepare(saleInputs(shop.products, n, seed++)));
    await api(warmup);
    rawRun(warmup);
    const apiMs: number[] = [];
    const rawMs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const n = Math.floor(sales / rounds) + (r < sales % rounds ? 1 : 0);
      // Alternate which side goes first, so drift in the machine's speed hits both alike.
      const steps = [async () => apiMs.push(...(await api(n))), async () => rawMs.push(...rawRun(n))];
      for (const step of r % 2 ? steps.reverse() : steps) await step();
    }
    checkShop(shop, warmup + sales, salesBefore);
    return { apiMs, rawMs };
  } finally {
    shop.cleanup();
    raw.cleanup();
  }
}
