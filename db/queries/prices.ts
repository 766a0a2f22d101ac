import type { Db } from '../connection';
import { SUBTREE } from './catalog-list';

export interface PricedProduct {
  id: number;
  sku: string;
  name: string;
  price: number;
}

/** The products a bulk price change selects, by id (the order the preview lists them in). */
export function productsForPricing(
  db: Db,
  selection: { by: 'category'; categoryId: number } | { by: 'products'; productIds: number[] },
  includeArchived: boolean,
): PricedProduct[] {
  const active = includeArchived ? '' : ' AND p.active = 1';
  if (selection.by === 'category')
    return db.raw
      .prepare(`SELECT p.id, p.sku, p.name, p.price FROM products p WHERE p.category_id IN (${SUBTREE})${active} ORDER BY p.id`)
      .all({ categoryId: selection.categoryId }) as PricedProduct[];
  return db.raw
    .prepare(`SELECT p.id, p.sku, p.name, p.price FROM products p WHERE p.id IN (SELECT value FROM json_each(@ids))${active} ORDER BY p.id`)
    .all({ ids: JSON.stringify(selection.productIds) }) as PricedProduct[];
}
