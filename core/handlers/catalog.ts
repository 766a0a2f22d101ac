import { inTransaction, type Db } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import { listCatalog } from '../../db/queries/catalog-list';
import { getCategory } from '../../db/queries/categories';
import * as q from '../../db/queries/products';
import { getSupplier } from '../../db/queries/suppliers';
import { actorOf, keep, type DomainHandlers } from '../api/handler';
import { requireOwnPermission } from '../auth/approval';
import type { Product, ProductDetail } from '../contract/types';
import { hasValidCheckDigit, isGtin } from '../barcode';
import { counterSettings } from '../counter/context';
import { resolveScan } from '../counter/scan';
import { nextInStoreBarcode } from '../catalog/instore-barcode';
import { fail } from '../errors';
import { mulDivRound } from '../money';
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
  minStock: c.minStock,
  maxStock: c.maxStock,
  packQty: c.packQty,
  supplierId: c.supplierId,
});

/** What a new product gets for the fields catalog.upsert may leave out. */
const PRODUCT_DEFAULTS = {
  cost: 0,
  categoryId: null as number | null,
  active: true,
  plu: null as number | null,
  minStock: null as number | null,
  maxStock: null as number | null,
  packQty: null as number | null,
  supplierId: null as number | null,
};

export const toProduct = (db: Db, p: q.ProductRow): Product =>
  cardToProduct({ ...p, barcodes: q.barcodesOf(db, p.id), onHand: q.totalOnHand(db, p.id) });

const toDetail = (db: Db, p: q.ProductRow): ProductDetail => ({ ...toProduct(db, p), articles: q.articlesOf(db, p.id) });

/** Codes, SKU, PLU and articles must be the product's own; a category and a supplier must exist. */
function checkOwnership(
  db: Db,
  id: number | undefined,
  values: q.ProductValues,
  codes: string[],
  articles: { supplierId: number; article: string }[],
): void {
  for (const code of codes) {
    if (isGtin(code) && !hasValidCheckDigit(code)) fail('invalid_barcode', `${code}: check digit is wrong`);
    const owner = q.barcodeOwner(db, code);
    if (owner !== undefined && owner !== id) fail('duplicate', `barcode ${code} already belongs to product ${owner}`);
  }
  if (new Set(codes).size !== codes.length) fail('duplicate', 'the same barcode is listed twice');
  const skuOwner = q.skuOwner(db, values.sku);
  if (skuOwner !== undefined && skuOwner !== id) fail('duplicate', `SKU ${values.sku} already belongs to product ${skuOwner}`);
  if (values.plu != null) {
    const pluOwner = q.pluOwner(db, values.plu);
    if (pluOwner !== undefined && pluOwner !== id) fail('duplicate', `PLU ${values.plu} already belongs to product ${pluOwner}`);
  }
  if (values.categoryId != null && !getCategory(db, values.categoryId)) fail('not_found', `category ${values.categoryId} does not exist`);
  for (const supplierId of new Set([values.supplierId, ...articles.map((a) => a.supplierId)]))
    if (supplierId != null && !getSupplier(db, supplierId)) fail('not_found', `supplier ${supplierId} does not exist`);
  const seen = new Set<string>();
  for (const a of articles) {
    const key = `${a.supplierId}\u0000${a.article}`;
    if (seen.has(key)) fail('duplicate', `article ${a.article} is listed twice for supplier ${a.supplierId}`);
    seen.add(key);
    const owner = q.articleOwner(db, a.supplierId, a.article);
    if (owner !== undefined && owner !== id)
      fail('duplicate', `supplier ${a.supplierId}'s article ${a.article} already names product ${owner}`);
  }
}

const marginBp = (price: number, cost: number): number | null => (price > 0 ? mulDivRound(price - cost, 10_000, price) : null);

export const catalogHandlers: DomainHandlers<typeof catalogApi> = {
  'catalog.search': (svc, _ctx, input) => q.productCards(svc.db, q.searchProductIds(svc.db, input.q, input.limit)).map(cardToProduct),
  'catalog.scan': (svc, _ctx, input) => {
    // GTIN (check digit validated: a misread is refused, never guessed), weighed-goods labels, GS1, SKU.
    const hit = resolveScan(svc.db, input.code, counterSettings(svc.db).barcodeRules);
    return { product: toProduct(svc.db, hit.product), qty: hit.qty };
  },
  'catalog.get': (svc, _ctx, input) =>
    toDetail(svc.db, q.getProduct(svc.db, input.id) ?? fail('not_found', `product ${input.id} does not exist`)),
  'catalog.newBarcode': (svc, ctx, input) =>
    inTransaction(svc.db, () => {
      const code = nextInStoreBarcode(svc.db, input.prefix);
      appendAudit(svc.db, {
        userId: actorOf(ctx).userId,
        action: 'barcode.issue',
        entity: 'barcode',
        entityId: code,
        data: { prefix: input.prefix },
      });
      return { code };
    }),
  'catalog.list': (svc, _ctx, input) => {
    const p = listCatalog(svc.db, input);
    return { ...p, rows: p.rows.map((r) => ({ ...r, marginBp: marginBp(r.price, r.cost) })) };
  },
  /**
   * Creates or edits a product. Changing an existing product's price or cost needs price.edit besides catalog.edit
   * (a clerk may fix a name or a barcode, not what things cost); the old and new figures are audited.
   */
  'catalog.upsert': (svc, ctx, input) => {
    const current = input.id !== undefined ? q.getProduct(svc.db, input.id) : undefined;
    if (current && (current.price !== input.price || (input.cost !== undefined && input.cost !== current.cost)))
      requireOwnPermission(svc, ctx, 'price.edit', 'catalog.upsert', { productId: current.id, price: input.price, cost: input.cost });
    const r = inTransaction(svc.db, () => {
      const { id, barcodes: sent, articles: sentArticles } = input;
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
        categoryId: keep(input.categoryId, kept.categoryId),
        active: input.active ?? kept.active,
        plu: keep(input.plu, kept.plu),
        minStock: keep(input.minStock, kept.minStock),
        maxStock: keep(input.maxStock, kept.maxStock),
        packQty: keep(input.packQty, kept.packQty),
        supplierId: keep(input.supplierId, kept.supplierId),
      } satisfies q.ProductValues;
      if (values.minStock != null && values.maxStock != null && values.minStock > values.maxStock)
        fail('validation', 'maxStock: the minimum stock is above the maximum');
      // Checked again inside: the price may have moved between the check above and this transaction.
      if (before && (before.price !== values.price || before.cost !== values.cost) && !ctx.session!.permissions.has('price.edit'))
        fail('forbidden', `changing the price or cost of ${before.name} needs price.edit`);
      const codes = sent ?? (before ? q.barcodesOf(svc.db, before.id) : []);
      const articles = sentArticles ?? (before ? q.articlesOf(svc.db, before.id) : []);
      checkOwnership(svc.db, id, values, sent ?? [], sentArticles ?? []);
      const productId = before ? before.id : q.insertProduct(svc.db, values);
      if (before) q.updateProduct(svc.db, productId, values);
      if (sent) q.replaceBarcodes(svc.db, productId, sent);
      if (sentArticles) q.replaceArticles(svc.db, productId, sentArticles);
      appendAudit(svc.db, {
        userId: actorOf(ctx).userId,
        action: before ? 'product.update' : 'product.create',
        entity: 'product',
        entityId: productId,
        data: before
          ? { price: { from: before.price, to: values.price }, cost: { from: before.cost, to: values.cost }, name: values.name }
          : { ...values, barcodes: codes, articles },
      });
      return toDetail(svc.db, q.getProduct(svc.db, productId)!);
    });
    svc.events.emit({ type: 'catalog.changed', productId: r.id });
    return r;
  },
};
