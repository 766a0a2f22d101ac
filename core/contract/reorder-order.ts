/**
 * Reorder to purchase order: one supplier's suggestion becomes purchase.create's input (the one way an order is made),
 * line for line at the costs the suggestion showed. Shared by the reorder screen's button and the tests.
 */
import type { z } from 'zod';
import type { purchaseCreateInput } from './methods/purchasing';
import type { ReorderGroup } from './stock-types';

export type ReorderOrderInput = z.input<typeof purchaseCreateInput>;

/** Null for the group of products without a main supplier: there is no one to order them from. */
export function purchaseFromReorder(group: ReorderGroup, o: { uuid: string; locationId?: number }): ReorderOrderInput | null {
  if (group.supplierId == null || !group.lines.length) return null;
  return {
    uuid: o.uuid,
    supplierId: group.supplierId,
    ...(o.locationId === undefined ? {} : { locationId: o.locationId }),
    lines: group.lines.map((l) => ({ productId: l.productId, qty: l.qty, unitCost: l.unitCost })),
  };
}
