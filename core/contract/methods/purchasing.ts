import { z } from 'zod';
import type * as T from '../types';
import type * as P from '../purchasing-types';
import { returns, type DomainSpec } from '../method';
import { businessDate, id, LIMITS, unitPrice, uuid } from '../primitives';

const orderLine = z
  .object({
    productId: id,
    qty: z.number().int().positive().max(LIMITS.qty),
    /** Omitted: the product's last purchase cost. */
    unitCost: unitPrice.optional(),
  })
  .strict();
const orderLines = z.array(orderLine).max(5000);

export const purchaseCreateInput = z
  .object({
    /** Client-made: the same uuid again returns the order already made. */
    uuid,
    supplierId: id,
    /** Omitted: the shop's default location. */
    locationId: id.optional(),
    expectedDate: businessDate.nullable().default(null),
    note: z.string().trim().max(1000).nullable().default(null),
    lines: orderLines.default([]),
  })
  .strict();

/** Omitted fields stay as they are; null clears. Supplier and location change only before anything is received. */
export const purchaseUpdateInput = z
  .object({
    id,
    supplierId: id.optional(),
    locationId: id.optional(),
    expectedDate: businessDate.nullable().optional(),
    note: z.string().trim().max(1000).nullable().optional(),
  })
  .strict();

export const purchaseStatus = z.enum(['draft', 'sent', 'partially_received', 'received', 'closed', 'cancelled']);

export const purchaseListInput = z
  .object({
    /** The nextCursor of the previous page (newest first). */
    cursor: id.optional(),
    limit: z.number().int().min(1).max(200).default(50),
    filters: z.object({ supplierId: id.optional(), status: purchaseStatus.optional() }).strict().default({}),
  })
  .strict();

const orderId = z.object({ id }).strict();

/** Orders to suppliers: documents in progress, never in the ledger; their receipts are. */
export const purchasingApi = {
  'purchase.create': { input: purchaseCreateInput, output: returns<P.PurchaseOrder>(), access: 'purchase.manage' },
  'purchase.update': { input: purchaseUpdateInput, output: returns<P.PurchaseOrder>(), access: 'purchase.manage' },
  'purchase.setLines': {
    input: z.object({ id, lines: orderLines }).strict(),
    output: returns<P.PurchaseOrder>(),
    access: 'purchase.manage',
  },
  'purchase.get': { input: orderId, output: returns<P.PurchaseOrder>(), access: 'stock.view' },
  'purchase.list': { input: purchaseListInput, output: returns<P.PurchaseOrderPage>(), access: 'stock.view' },
  'purchase.send': { input: orderId, output: returns<P.PurchaseOrder>(), access: 'purchase.manage' },
  'purchase.close': { input: orderId, output: returns<P.PurchaseOrder>(), access: 'purchase.manage' },
  'purchase.cancel': { input: orderId, output: returns<P.PurchaseOrder>(), access: 'purchase.manage' },
  /** A receipt draft for what is still due on the order, at the agreed costs, to be checked against the delivery. */
  'purchase.receiveDraft': { input: z.object({ id, uuid }).strict(), output: returns<T.Draft>(), access: 'stock.receive' },
} as const satisfies DomainSpec;
