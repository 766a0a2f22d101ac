import { inTransaction, type Db } from '../../db/connection';
import { nowIso } from '../../db/prepared';
import { appendAudit } from '../../db/queries/audit';
import { getCategory } from '../../db/queries/categories';
import { productsForPricing } from '../../db/queries/prices';
import { setProductPrice } from '../../db/queries/products';
import { actorOf, type DomainHandlers } from '../api/handler';
import { changedPrice, changesToken } from '../catalog/pricing';
import type { PricePreview } from '../contract/catalog-types';
import type { ApiParsed } from '../contract/api';
import type { pricesApi } from '../contract/methods/prices';
import { fail } from '../errors';

function preview(db: Db, input: ApiParsed<'price.bulkPreview'>): PricePreview {
  if (input.selection.by === 'category' && !getCategory(db, input.selection.categoryId))
    fail('not_found', `category ${input.selection.categoryId} does not exist`);
  const products = productsForPricing(db, input.selection, input.includeArchived);
  if (input.selection.by === 'products' && products.length < new Set(input.selection.productIds).size)
    fail('unknown_product', 'some of the products picked do not exist (or are archived)');
  const changes = products
    .map((p) => ({ productId: p.id, sku: p.sku, name: p.name, from: p.price, to: changedPrice(p.price, input.change, input.rounding) }))
    .filter((c) => c.to !== c.from);
  return { changes, unchanged: products.length - changes.length, token: changesToken(changes) };
}

export const priceHandlers: DomainHandlers<typeof pricesApi> = {
  'price.bulkPreview': (svc, _ctx, input) => preview(svc.db, input),

  /** Applies exactly what the preview showed: if any price moved since, the same request names other changes, and is refused. */
  'price.bulkApply': (svc, ctx, input) => {
    const { token, ...request } = input;
    const r = inTransaction(svc.db, () => {
      const now = preview(svc.db, request);
      if (now.token !== token) fail('invalid_state', 'prices changed since the preview: preview again and check the changes');
      const at = nowIso();
      const userId = actorOf(ctx).userId;
      const batch = token.slice(0, 16);
      for (const c of now.changes) {
        setProductPrice(svc.db, c.productId, c.to, at);
        appendAudit(svc.db, {
          userId,
          action: 'price.change',
          entity: 'product',
          entityId: c.productId,
          data: { from: c.from, to: c.to, batch },
        });
      }
      appendAudit(svc.db, {
        userId,
        action: 'price.bulk',
        entity: 'price',
        entityId: batch,
        data: { selection: request.selection, change: request.change, rounding: request.rounding, changed: now.changes.length },
      });
      return { changed: now.changes.length };
    });
    svc.events.emit({ type: 'catalog.changed', productId: null });
    return r;
  },
};
