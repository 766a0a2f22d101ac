// What each list keeps in the URL. A value the schema does not accept (a hand-edited or stale link) is dropped, not
// an error: the list opens with that filter off.
import { z } from 'zod';
import { businessDate } from '../../../core/contract/primitives';
import { MOVEMENT_DOC_TYPES, PROFIT_BY, REPORT_NAMES } from '../../../core/contract/report-columns';

const day = businessDate;
const dir = z.enum(['asc', 'desc']);
const loose = <T extends z.ZodType>(t: T) => t.optional().catch(undefined);

export const salesSearch = z.object({
  /** Local calendar days, both included. */
  from: loose(day),
  to: loose(day),
  type: loose(z.enum(['sale', 'return'])),
  number: loose(z.string().max(40)),
  sort: loose(z.enum(['postedAt', 'total'])),
  dir: loose(dir),
});
export type SalesSearch = z.output<typeof salesSearch>;

export const stockSearch = z.object({
  q: loose(z.string().max(100)),
  location: loose(z.number().int().positive()),
  belowZero: loose(z.boolean()),
  sort: loose(z.enum(['name', 'sku'])),
  dir: loose(dir),
});
export type StockSearch = z.output<typeof stockSearch>;

export const catalogSearch = z.object({
  q: loose(z.string().max(100)),
  category: loose(z.number().int().positive()),
  supplier: loose(z.number().int().positive()),
  archived: loose(z.enum(['archived', 'all'])),
  belowMin: loose(z.boolean()),
  noBarcode: loose(z.boolean()),
  sort: loose(z.enum(['name', 'sku', 'price'])),
  dir: loose(dir),
});
export type CatalogSearch = z.output<typeof catalogSearch>;

export const supplierSearch = z.object({ q: loose(z.string().max(100)), archived: loose(z.enum(['archived', 'all'])) });
export type SupplierSearch = z.output<typeof supplierSearch>;
export const reportsSearch = z.object({
  report: loose(z.enum(REPORT_NAMES)),
  /** Business days, both included; valuation reads `to` as its day. */
  from: loose(day),
  to: loose(day),
  by: loose(z.enum(PROFIT_BY)),
  deadDays: loose(z.number().int().min(1).max(3650)),
  supplierId: loose(z.number().int().positive()),
  /** The movement journal's filters. */
  locationId: loose(z.number().int().positive()),
  docType: loose(z.enum(MOVEMENT_DOC_TYPES)),
  productId: loose(z.number().int().positive()),
});
export type ReportsSearch = z.output<typeof reportsSearch>;

export const ordersSearch = z.object({
  status: loose(z.enum(['reserved', 'parked', 'picking', 'ready', 'fulfilled', 'cancelled'])),
  q: loose(z.string().max(100)),
  /** The store's id of the order open beside the list. */
  order: loose(z.string().max(100)),
});
export type OrdersSearch = z.output<typeof ordersSearch>;
