/**
 * On-hand against the movement sums, for the bench's databases. ledgerViolations (db/queries/stock.ts) says the same,
 * but its FULL OUTER JOIN gets no index on the grouped side: a nested loop, fine for the demo shop, hours for the
 * aged shop's 200k-product catalog. Here the same check is two indexed lookups when on-hand is big.
 */
import type { Db } from '../db/connection';
import { ledgerViolations } from '../db/queries/stock';

export function ledgerViolationCount(db: Db): number {
  const n = (sql: string) => db.raw.prepare(sql).pluck().get() as number;
  if (n('SELECT count(*) FROM on_hand') <= 10_000) return ledgerViolations(db).length;
  return (
    n(`SELECT count(*) FROM (SELECT product_id, location_id, SUM(qty_delta) AS q, SUM(value_delta) AS v FROM stock_movements GROUP BY product_id, location_id) m
       LEFT JOIN on_hand o ON o.product_id = m.product_id AND o.location_id = m.location_id WHERE o.qty IS NOT m.q OR o.value IS NOT m.v`) +
    n(`SELECT count(*) FROM on_hand o WHERE (o.qty <> 0 OR o.value <> 0)
       AND NOT EXISTS (SELECT 1 FROM stock_movements s WHERE s.product_id = o.product_id AND s.location_id = o.location_id)`)
  );
}
