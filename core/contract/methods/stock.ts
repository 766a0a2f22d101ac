import { z } from 'zod';
import { returns, type DomainSpec } from '../method';
import { businessDate, cursor, id, LIMITS, pageLimit, uuid } from '../primitives';
import type * as S from '../stock-types';
import type { PostResult } from '../types';

const locationName = z.string().trim().min(1).max(100);

export const locationCreateInput = z.object({ name: locationName, kind: z.enum(['store', 'warehouse']).default('store') }).strict();
/** Omitted fields stay as they are; a location with stock on hand cannot be closed (active: false). */
export const locationUpdateInput = z
  .object({ id, name: locationName.optional(), kind: z.enum(['store', 'warehouse']).optional(), active: z.boolean().optional() })
  .strict();

export const transferReceiveInput = z
  .object({
    transferId: id,
    uuid,
    /** Received per transfer line; lines left out arrived as sent. Less than sent: the difference is lost in transit. */
    lines: z
      .array(z.object({ lineId: id, qty: z.number().int().min(0).max(LIMITS.qty) }).strict())
      .max(5000)
      .optional(),
    note: z.string().max(500).optional(),
    /** The day the goods arrived; omitted: today. Earlier days need doc.backdate, and none before the transfer's. */
    businessDate: businessDate.optional(),
  })
  .strict();

export const negativeStockInput = z
  .object({
    cursor: cursor.optional(),
    limit: pageLimit,
    filters: z.object({ locationId: id.optional(), productId: id.optional(), stillNegative: z.boolean().optional() }).strict().default({}),
  })
  .strict();

export const reorderInput = z
  .object({
    /** 'max': fill up to the maximum (the minimum where none is set); 'velocity': the minimum plus the lead time's sales. */
    basis: z.enum(['max', 'velocity']).default('max'),
    /** The sales period for velocity, days back from today. */
    days: z.number().int().min(1).max(365).default(28),
    /** For suppliers without a lead time of their own. */
    leadTimeDays: z.number().int().min(0).max(365).default(7),
    /** On hand at this location only; omitted: everywhere, goods in transit included. */
    locationId: id.optional(),
  })
  .strict();

/** Stock by place: locations, transfers in transit, negative stock, reorder. */
export const stockApi = {
  'stock.byLocation': { input: z.object({ productId: id }).strict(), output: returns<S.LocationStock[]>(), access: 'stock.view' },
  'location.all': { input: z.object({}).strict(), output: returns<S.LocationAdmin[]>(), access: 'settings.edit' },
  'location.create': { input: locationCreateInput, output: returns<S.LocationAdmin>(), access: 'settings.edit' },
  'location.update': { input: locationUpdateInput, output: returns<S.LocationAdmin>(), access: 'settings.edit' },
  'transfer.inTransit': { input: z.object({}).strict(), output: returns<S.TransferInTransit[]>(), access: 'stock.view' },
  'transfer.receive': { input: transferReceiveInput, output: returns<PostResult>(), access: 'stock.transfer' },
  'report.negativeStock': { input: negativeStockInput, output: returns<S.NegativeStockPage>(), access: 'report.view' },
  'reorder.suggest': { input: reorderInput, output: returns<S.ReorderSuggestion>(), access: 'stock.view' },
} as const satisfies DomainSpec;
