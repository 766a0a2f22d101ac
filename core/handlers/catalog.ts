import { inTransaction, type Db } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import { listCatalog } from '../../db/queries/catalog-list';
import * as q from '../../db/queries/products';
import { actorOf, type DomainHandlers } from '../api/handler';
import { requireOwnPermission } from '../auth/approval';
import type { Product, ProductDetail } from '../contract/types';
import { counterSettings } from '../counter/context';
import { resolveScan } from '../counter/scan';
import { nextInStoreBarcode } from '../catalog/instore-barcode';
import { saveProduct } from '../catalog/products';
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

export const toProduct = (db: Db, p: q.ProductRow): Product =>
  cardToProduct({ ...p, barcodes: q.barcodesOf(db, p.id), onHand: q.totalOnHand(db, p.id) });

const toDetail = (db: Db, p: q.ProductRow): ProductDetail => ({ ...toProduct(db, p), articles: q.articlesOf(db, p.id) });

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
    // Checked again inside: the price may have moved between the check above and this transaction.
    const actor = { userId: actorOf(ctx).userId, mayPrice: ctx.session!.permissions.has('price.edit') };
    const r = inTransaction(svc.db, () => toDetail(svc.db, q.getProduct(svc.db, saveProduct(svc.db, actor, input))!));
    svc.events.emit({ type: 'catalog.changed', productId: r.id });
    return r;
  },
};
