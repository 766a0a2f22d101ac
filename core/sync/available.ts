import type { Db } from '../../db/connection';
import { unreserved } from '../../db/queries/store';

/**
 * What the store may sell of a product, in whole units: on hand less active reservations less the safety stock,
 * rounded down (a weighed product's 2.6 kg is 2 in a store that sells whole units), never below zero.
 */
export function availableToSell(db: Db, productId: number, locationId: number, safetyStock: number): number {
  return availableOf(unreserved(db, productId, locationId), safetyStock);
}

/** The same from the product's unreserved thousandths (a batch's, read at once: db/queries/store.ts storeStockLevels). */
export const availableOf = (unreservedQty: number, safetyStock: number): number =>
  Math.max(0, Math.floor((unreservedQty - safetyStock) / 1000));
