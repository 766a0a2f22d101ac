import type { Db } from '../../db/connection';
import { unreserved } from '../../db/queries/store';

/**
 * What the store may sell of a product, in whole units: on hand less active reservations less the safety stock,
 * rounded down (a weighed product's 2.6 kg is 2 in a store that sells whole units), never below zero.
 */
export function availableToSell(db: Db, productId: number, locationId: number, safetyStock: number): number {
  return Math.max(0, Math.floor((unreserved(db, productId, locationId) - safetyStock) / 1000));
}
