import { inTransaction, type Db } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import * as q from '../../db/queries/products';
import { actorOf, type DomainHandlers } from '../api/handler';
import type { Product } from '../contract/types';
import { hasValidCheckDigit, isGtin } from '../barcode';
import { counterSettings } from '../counter/context';
import { resolveScan } from '../counter/scan';
import { fail } from '../errors';
import type { catalogApi } from '../contract/methods/catalog';

const cardToProduct = (c: q.ProductCard): Product => ({
  id: c.id,
  sku: c.sku,
  name: c.name,
  unit: c.unit,
  price: c.price,
  cost: c.cost,
  taxRateBp: c.taxRateBp,
  categoryId: c.categoryId,
  active: c.active,
  plu: c.plu,
  barcodes: c.barcodes,
  onHand: c.onHand,
});

/** What a new product gets for the fields catalog.upsert may leave out. */
const PRODUCT_DEFAULTS = { cost: 0, categoryId: null as number | null, active: true, plu: null as number | null };

export const toProduct = (db: Db, p: q.ProductRow): Product =>
  cardToProduct({ ...p, barcodes: q.barcodesOf(db, p.id), onHand: q.totalOnHand(db, p.id) });

export const catalogHandlers: DomainHandlers<typeof catalogApi> = {
  'catalog.search': (svc, _ctx, input) => q.productCards(svc.db, q.searchProductIds(svc.db, input.q, input.limit)).map(cardToProduct),
  'catalog.scan': (svc, _ctx, input) => {
    // GTIN (check digit validated: a misread is refused, never guessed), weighed-goods labels, GS1, SKU.
    const hit = resolveScan(svc.db, input.code, counterSettings(svc.db).barcodeRules);
    return { product: toProduct(svc.db, hit.product), qty: hit.qty };
  },
  'catalog.get': (svc, _ctx, input) =>
    toProduct(svc.db, q.getProduct(svc.db, input.id) ?? fail('not_found', `product ${input.id} does not exist`)),
  'catalog.upsert': (svc, ctx, input) =>
    inTransaction(svc.db, () => {
      const { id, barcodes: sent } = input;
      const before = id !== undefined ? (q.getProduct(svc.db, id) ?? fail('not_found', `product ${id} does not exist`)) : undefined;
      // A field not sent keeps the product's value (an update of the price must not reset the cost); a new product
      // gets the defaults. null is a value (no category, no PLU), so only undefined means "not sent".
      const kept = before ?? PRODUCT_DEFAULTS;
      const values = {
        sku: input.sku,
        name: input.name,
        unit: input.unit,
        price: input.price,
        taxRateBp: input.taxRateBp,
        cost: input.cost ?? kept.cost,
        categoryId: input.categoryId === undefined ? kept.categoryId : input.categoryId,
        active: input.active ?? kept.active,
        plu: input.plu === undefined ? kept.plu : input.plu,
      } satisfies q.ProductValues;
      for (const code of sent ?? []) {
        if (isGtin(code) && !hasValidCheckDigit(code)) fail('invalid_barcode', `${code}: check digit is wrong`);
        const owner = q.barcodeOwner(svc.db, code);
        if (owner !== undefined && owner !== id) fail('duplicate', `barcode ${code} already belongs to product ${owner}`);
      }
      const skuOwner = svc.db.raw.prepare('SELECT id FROM products WHERE sku = ?').get(values.sku) as { id: number } | undefined;
      if (skuOwner && skuOwner.id !== id) fail('duplicate', `SKU ${values.sku} already belongs to product ${skuOwner.id}`);
      if (values.plu !== null) {
        const pluOwner = svc.db.raw.prepare('SELECT id FROM products WHERE plu = ?').get(values.plu) as { id: number } | undefined;
        if (pluOwner && pluOwner.id !== id) fail('duplicate', `PLU ${values.plu} already belongs to product ${pluOwner.id}`);
      }
      let productId: number;
      if (before) {
        productId = before.id;
        q.updateProduct(svc.db, productId, values);
      } else {
        productId = q.insertProduct(svc.db, values);
      }
      const barcodes = sent ?? (before ? q.barcodesOf(svc.db, productId) : []);
      if (sent) q.replaceBarcodes(svc.db, productId, sent);
      appendAudit(svc.db, {
        userId: actorOf(ctx).userId,
        action: before ? 'product.update' : 'product.create',
        entity: 'product',
        entityId: productId,
        data: before
          ? { price: { from: before.price, to: values.price }, cost: { from: before.cost, to: values.cost }, name: values.name }
          : { ...values, barcodes },
      });
      svc.events.emit({ type: 'catalog.changed', productId });
      return toProduct(svc.db, q.getProduct(svc.db, productId)!);
    }),
};
