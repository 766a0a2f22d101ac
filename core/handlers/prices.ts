import { inTransaction, type Db } from '../../db/connection';
import { nowIso } from '../../db/prepared';
import { appendAudit } from '../../db/queries/audit';
import { getCategory } from '../../db/queries/categories';
import * as docs from '../../db/queries/documents';
import { productsForPricing } from '../../db/queries/prices';
import { getProducts, setProductPrice } from '../../db/queries/products';
import { actorOf, type DomainHandlers, type Services } from '../api/handler';
import { categoryTree } from '../catalog/categories';
import { changedPrice, changesToken, markupPrice } from '../catalog/pricing';
import type { PricePreview } from '../contract/catalog-types';
import type { ApiParsed } from '../contract/api';
import type { pricesApi } from '../contract/methods/prices';
import type { MarkupChange, MarkupPreview } from '../contract/purchasing-types';
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

/**
 * The retail prices a posted receipt's purchase costs give by each product's category markup and rounding (the
 * category's own rule or its nearest ancestor's). Products without a markup rule, or whose price already is the
 * markup price, are left as they are; a product on several lines takes its last line's cost.
 */
function markupPreview(db: Db, receiptId: number): MarkupPreview {
  const doc = docs.findDocument(db, receiptId);
  if (!doc || doc.type !== 'receipt' || doc.reversalOf != null) fail('not_found', `receipt ${receiptId} does not exist`);
  if (doc!.status !== 'posted') fail('invalid_state', `${doc!.number} is ${doc!.status}: its costs no longer stand`);
  const costs = new Map<number, number>();
  for (const l of docs.linesOf(db, receiptId)) costs.set(l.productId, l.price);
  const products = getProducts(db, [...costs.keys()]);
  const rules = new Map(categoryTree(db).map((c) => [c.id, c]));
  const changes: MarkupChange[] = [];
  for (const [productId, cost] of [...costs].sort((a, b) => a[0] - b[0])) {
    const p = products.get(productId)!;
    const rule = p.categoryId === null ? undefined : rules.get(p.categoryId);
    if (!p.active || rule?.effectiveMarkupBp == null) continue;
    const to = markupPrice(cost, rule.effectiveMarkupBp, rule.effectiveRounding);
    if (to !== p.price) changes.push({ productId, sku: p.sku, name: p.name, cost, markupBp: rule.effectiveMarkupBp, from: p.price, to });
  }
  return { changes, unchanged: costs.size - changes.length, token: changesToken(changes) };
}

/** The one way a previewed list of price changes is applied: each change audited, then the batch. */
function applyChanges(
  svc: Services,
  userId: number,
  changes: { productId: number; from: number; to: number }[],
  batch: { token: string; action: string; data: Record<string, unknown> },
): { changed: number } {
  const at = nowIso();
  const id = batch.token.slice(0, 16);
  for (const c of changes) {
    setProductPrice(svc.db, c.productId, c.to, at);
    appendAudit(svc.db, {
      userId,
      action: 'price.change',
      entity: 'product',
      entityId: c.productId,
      data: { from: c.from, to: c.to, batch: id },
    });
  }
  appendAudit(svc.db, { userId, action: batch.action, entity: 'price', entityId: id, data: { ...batch.data, changed: changes.length } });
  return { changed: changes.length };
}

const stale = (): never => fail('invalid_state', 'prices changed since the preview: preview again and check the changes');

export const priceHandlers: DomainHandlers<typeof pricesApi> = {
  'price.bulkPreview': (svc, _ctx, input) => preview(svc.db, input),

  /** Applies exactly what the preview showed: if any price moved since, the same request names other changes, and is refused. */
  'price.bulkApply': (svc, ctx, input) => {
    const { token, ...request } = input;
    const r = inTransaction(svc.db, () => {
      const now = preview(svc.db, request);
      if (now.token !== token) stale();
      return applyChanges(svc, actorOf(ctx).userId, now.changes, {
        token,
        action: 'price.bulk',
        data: { selection: request.selection, change: request.change, rounding: request.rounding },
      });
    });
    svc.events.emit({ type: 'catalog.changed', productId: null });
    return r;
  },

  'price.markupPreview': (svc, _ctx, input) => markupPreview(svc.db, input.receiptId),

  /** Applies exactly the markup prices the preview listed; a price or rule changed since makes other changes, refused. */
  'price.markupApply': (svc, ctx, input) => {
    const r = inTransaction(svc.db, () => {
      const now = markupPreview(svc.db, input.receiptId);
      if (now.token !== input.token) stale();
      return applyChanges(svc, actorOf(ctx).userId, now.changes, {
        token: input.token,
        action: 'price.markup',
        data: { receiptId: input.receiptId },
      });
    });
    svc.events.emit({ type: 'catalog.changed', productId: null });
    return r;
  },
};
