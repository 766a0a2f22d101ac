// The one way a product is created or edited: the catalog's form, a price list's new products and a catalog import
// all come through here, inside the caller's transaction, so every product meets the same checks and is audited
// the same way.
import type { Db } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import { getCategory } from '../../db/queries/categories';
import * as q from '../../db/queries/products';
import { getSupplier } from '../../db/queries/suppliers';
import { keep } from '../api/handler';
import { hasValidCheckDigit, isGtin } from '../barcode';
import type { ApiParsed } from '../contract/api';
import { fail } from '../errors';

export type ProductInput = ApiParsed<'catalog.upsert'>;

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

/**
 * Creates a product (no `id`) or edits one, inside the caller's transaction; returns its id. `mayPrice`: the caller
 * holds price.edit (changing an existing product's price or cost needs it). `audit` is added to the entry's data
 * (a batch's id, the file row it came from).
 */
export function saveProduct(
  db: Db,
  actor: { userId: number; mayPrice: boolean },
  input: ProductInput,
  audit: Record<string, unknown> = {},
): number {
  const { id, barcodes: sent, articles: sentArticles } = input;
  const before = id !== undefined ? (q.getProduct(db, id) ?? fail('not_found', `product ${id} does not exist`)) : undefined;
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
  if (before && (before.price !== values.price || before.cost !== values.cost) && !actor.mayPrice)
    fail('forbidden', `changing the price or cost of ${before.name} needs price.edit`);
  const codes = sent ?? (before ? q.barcodesOf(db, before.id) : []);
  const articles = sentArticles ?? (before ? q.articlesOf(db, before.id) : []);
  checkOwnership(db, id, values, sent ?? [], sentArticles ?? []);
  const productId = before ? before.id : q.insertProduct(db, values);
  if (before) q.updateProduct(db, productId, values);
  if (sent) q.replaceBarcodes(db, productId, sent);
  if (sentArticles) q.replaceArticles(db, productId, sentArticles);
  appendAudit(db, {
    userId: actor.userId,
    action: before ? 'product.update' : 'product.create',
    entity: 'product',
    entityId: productId,
    data: before
      ? { price: { from: before.price, to: values.price }, cost: { from: before.cost, to: values.cost }, name: values.name, ...audit }
      : { ...values, barcodes: codes, articles, ...audit },
  });
  return productId;
}
