/**
 * Count sessions: opened, scanned into from any number of devices, read back with the expected figures hidden where
 * the count is blind. Nothing here touches the ledger; core/counts/post.ts posts a count through the engine.
 */
import { inTransaction, type Db } from '../../db/connection';
import { nowIso } from '../../db/prepared';
import { appendAudit } from '../../db/queries/audit';
import { getCategory } from '../../db/queries/categories';
import * as q from '../../db/queries/counts';
import { getProduct, type ProductRow } from '../../db/queries/products';
import { getOnHand } from '../../db/queries/stock';
import { getSupplier } from '../../db/queries/suppliers';
import { actorOf, sourceOf, type CallContext, type Services } from '../api/handler';
import type { ApiParsed } from '../contract/api';
import type { CountLine, CountProgress, CountScanResult, CountSession, CountView } from '../contract/count-types';
import { LIMITS } from '../contract/primitives';
import { activeLocation, counterSettings } from '../counter/context';
import { resolveScan } from '../counter/scan';
import { fail } from '../errors';
import { requireWholeUnits } from '../posting/sale-lines';
import { setting } from '../settings';

/** Whether the caller is kept from the expected figures of this count. */
export const expectedHidden = (ctx: CallContext, s: Pick<q.CountSessionRow, 'blind'>): boolean =>
  s.blind && !(ctx.session?.permissions.has('count.view_expected') ?? false);

export function countSession(db: Db, id: number): q.CountSessionRow {
  return q.getCountSession(db, id) ?? fail('not_found', `count ${id} does not exist`);
}

/** The count, if still open; a posted or cancelled one is refused saying so. */
export function openCount(db: Db, id: number): q.CountSessionRow {
  const s = countSession(db, id);
  if (s.status === 'posted') fail('invalid_state', `count ${id} was already posted`);
  if (s.status === 'cancelled') fail('invalid_state', `count ${id} was cancelled`);
  return s;
}

export const progressOf = (db: Db, s: q.CountSessionRow): CountProgress => {
  const counted = q.countedItems(db, s.id);
  return { expected: Math.max(s.expectedItems, counted), counted };
};

const sessionOf = (s: q.CountSessionRow): CountSession => ({ ...s });

const lineOf = (l: q.CountLineView, hidden: boolean): CountLine => ({
  id: l.id,
  productId: l.productId,
  name: l.name,
  sku: l.sku,
  unit: l.unit,
  countedQty: l.countedQty,
  bookQty: hidden ? null : l.bookQty,
  countedBy: l.countedBy,
  countedAt: l.countedAt,
  device: l.device,
  updatedAt: l.updatedAt,
  scans: l.scans,
});

/** The lines a count's view carries: the most recently changed (every device re-reads it after each scan). */
const VIEW_LINES = 200;

export function countView(db: Db, ctx: CallContext, id: number): CountView {
  const s = countSession(db, id);
  const hidden = expectedHidden(ctx, s);
  return {
    ...sessionOf(s),
    progress: progressOf(db, s),
    expectedHidden: hidden,
    lines: q.countLinesOf(db, s.id, VIEW_LINES).map((l) => lineOf(l, hidden)),
  };
}

export function createCount(svc: Services, ctx: CallContext, input: ApiParsed<'count.create'>): CountView {
  const { db } = svc;
  const userId = actorOf(ctx).userId;
  const id = inTransaction(db, () => {
    const again = q.countSessionByUuid(db, input.uuid);
    if (again) return again.id;
    const locationId = activeLocation(db, input.locationId ?? setting(db, 'defaultLocationId'));
    const scope = {
      scope: input.scope,
      categoryId: input.scope === 'category' ? input.categoryId! : null,
      supplierId: input.scope === 'supplier' ? input.supplierId! : null,
      locationId,
    };
    if (scope.categoryId !== null && !getCategory(db, scope.categoryId)) fail('not_found', `category ${scope.categoryId} does not exist`);
    if (scope.supplierId !== null && !getSupplier(db, scope.supplierId)) fail('not_found', `supplier ${scope.supplierId} does not exist`);
    const at = nowIso();
    const newId = q.insertCountSession(db, {
      uuid: input.uuid,
      ...scope,
      mode: input.mode,
      blind: input.blind,
      expectedItems: q.expectedItems(db, scope),
      note: input.note ?? null,
      authorId: userId,
      createdAt: at,
    });
    appendAudit(db, {
      userId,
      action: 'count.create',
      entity: 'count',
      entityId: newId,
      data: { ...scope, mode: input.mode, blind: input.blind },
    });
    return newId;
  });
  svc.events.emit({ type: 'count.changed', countId: id, productId: null });
  return countView(db, ctx, id);
}

/** The product and quantity a scan stands for: a scale label carries its weight; a typed quantity wins. */
function scannedItem(db: Db, input: ApiParsed<'count.scan'>): { product: ProductRow; qty: number } {
  if (input.code !== undefined) {
    const hit = resolveScan(db, input.code, counterSettings(db).barcodeRules);
    return { product: hit.product, qty: input.qty ?? hit.qty };
  }
  const p = getProduct(db, input.productId!) ?? fail('unknown_product', `product ${input.productId} does not exist`);
  if (!p.active) fail('product_inactive', `${p.name} is archived: it cannot be counted`);
  return { product: p, qty: input.qty ?? 1000 };
}

/**
 * A scan into an open count. The first scan of an item takes its book (on-hand now) and the ledger's position, so
 * later sales are not counted twice. Scanning it again needs an explicit choice: add to the figure (a second shelf),
 * or replace it (a fresh count of it, which takes a fresh book). Concurrent scans from several devices are
 * serialised by SQLite's single writer, each adding to what the last one left.
 */
export function scanIntoCount(svc: Services, ctx: CallContext, input: ApiParsed<'count.scan'>): CountScanResult {
  const { db } = svc;
  const userId = actorOf(ctx).userId;
  const device = input.device ?? sourceOf(ctx).address;
  const r = inTransaction(db, () => {
    const s = openCount(db, input.id);
    const { product, qty } = scannedItem(db, input);
    requireWholeUnits(product, qty);
    if (!q.inCountScope(db, s, product.id)) fail('validation', `${product.name} is not in this count's scope`);
    const at = nowIso();
    const line = q.countLineOf(db, s.id, product.id);
    const fresh = () => ({ bookQty: getOnHand(db, product.id, s.locationId).qty, bookPosition: q.lastMovementId(db) });
    let counted: number;
    if (!line) {
      counted = qty;
      q.insertCountLine(db, {
        sessionId: s.id,
        productId: product.id,
        countedQty: qty,
        ...fresh(),
        countedBy: userId,
        countedAt: at,
        device,
        updatedBy: userId,
        updatedAt: at,
        scans: 1,
      });
    } else if (input.recount === 'add') {
      counted = line.countedQty + qty;
      if (counted > LIMITS.qty) fail('validation', `${product.name}: ${counted} is beyond the limit of ${LIMITS.qty}`);
      q.updateCountLine(db, line.id, { countedQty: counted, updatedBy: userId, updatedAt: at, device, scans: line.scans + 1 });
    } else if (input.recount === 'replace') {
      counted = qty;
      q.updateCountLine(db, line.id, {
        countedQty: qty,
        ...fresh(),
        countedBy: userId,
        countedAt: at,
        device,
        updatedBy: userId,
        updatedAt: at,
        scans: line.scans + 1,
      });
    } else {
      return fail('duplicate', `${product.name} is already counted: choose to replace its figure or add to it`);
    }
    appendAudit(db, {
      userId,
      action: 'count.scan',
      entity: 'count',
      entityId: s.id,
      data: { productId: product.id, qty, recount: line ? input.recount : undefined, counted, device, code: input.code },
    });
    const view = q.countLineView(db, s.id, product.id)!;
    return { session: s, productId: product.id, line: view, created: !line };
  });
  svc.events.emit({ type: 'count.changed', countId: r.session.id, productId: r.productId });
  return { line: lineOf(r.line, expectedHidden(ctx, r.session)), created: r.created, progress: progressOf(db, r.session) };
}

export function cancelCount(svc: Services, ctx: CallContext, id: number): CountView {
  const { db } = svc;
  const userId = actorOf(ctx).userId;
  inTransaction(db, () => {
    const s = openCount(db, id);
    q.closeCountSession(db, s.id, { status: 'cancelled', closedAt: nowIso() });
    appendAudit(db, { userId, action: 'count.cancel', entity: 'count', entityId: s.id, data: { lines: q.countedItems(db, s.id) } });
  });
  svc.events.emit({ type: 'count.changed', countId: id, productId: null });
  return countView(db, ctx, id);
}
