import type { Db } from '../../db/connection';
import { countProductMovements, onHandNow, productMovements } from '../../db/queries/stock-views';
import type { ApiParsed } from '../contract/api';
import type { Movement, MovementPage, WriteoffReason } from '../contract/types';
import type { DocType } from '../contract/types';

/**
 * A product's movements, newest first, each with the balance it left: the first page starts from on-hand now and
 * walks back through the deltas; the cursor carries the balance after the next row, so a later page goes on from
 * there without summing the ledger again.
 */
export function movementHistory(db: Db, input: ApiParsed<'stock.movements'>): MovementPage {
  const { productId, locationId, cursor, limit } = input;
  const rows = productMovements(db, { productId, locationId, beforeId: cursor?.id, limit: limit + 1 });
  let balance = cursor ? Number(cursor.key) : onHandNow(db, productId, locationId);
  const out: Movement[] = rows.slice(0, limit).map((r) => {
    const m: Movement = { ...r, docType: r.docType as DocType, reason: r.reason as WriteoffReason | null, balanceAfter: balance };
    balance -= r.qtyDelta;
    return m;
  });
  const last = out[out.length - 1];
  return {
    rows: out,
    nextCursor: rows.length > limit && last ? { key: balance, id: last.id } : null,
    count: cursor ? null : countProductMovements(db, { productId, locationId }),
  };
}
