import { z } from 'zod';
import type * as N from '../count-types';
import { returns, type DomainSpec } from '../method';
import { id, LIMITS, uuid } from '../primitives';

export const countCreateInput = z
  .object({
    /** Client-made: the same uuid again returns that count; the posted document gets it. */
    uuid,
    /** Omitted: the shop's default location. */
    locationId: id.optional(),
    scope: z.enum(['all', 'category', 'supplier']).default('all'),
    categoryId: id.optional(),
    supplierId: id.optional(),
    mode: z.enum(['full', 'partial']).default('partial'),
    blind: z.boolean().default(false),
    note: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine((c) => c.scope !== 'category' || c.categoryId !== undefined, { message: 'a count of a category names it', path: ['categoryId'] })
  .refine((c) => c.scope !== 'supplier' || c.supplierId !== undefined, {
    message: "a count of a supplier's goods names the supplier",
    path: ['supplierId'],
  });

export const countIdInput = z.object({ id }).strict();

export const countListInput = z
  .object({
    status: z.enum(['open', 'posted', 'cancelled']).optional(),
    cursor: id.optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

/** A scanned or typed code (barcode, scale label, SKU), or a product picked by id. */
export const countScanInput = z
  .object({
    id,
    code: z.string().trim().min(1).max(200).optional(),
    productId: id.optional(),
    /** Thousandths; omitted: one piece, or the weight on a scale label. */
    qty: z.number().int().min(0).max(LIMITS.qty).optional(),
    /** Needed when the item is already counted: a recount is never implied. */
    recount: z.enum(['replace', 'add']).optional(),
    /** The screen's name for the device it runs on (shown on the line); omitted: the caller's address. */
    device: z.string().trim().min(1).max(60).optional(),
  })
  .strict()
  .refine((s) => (s.code === undefined) !== (s.productId === undefined), { message: 'a scan names a code or a product, one of them' });

export const countExportInput = z.object({ id, what: z.enum(['sheet', 'variance']) }).strict();
export const countAccuracyInput = z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict();

/** Stock counts while the shop trades: outside the ledger until posted as one count document. */
export const countsApi = {
  'count.create': { input: countCreateInput, output: returns<N.CountView>(), access: 'stock.count' },
  'count.list': { input: countListInput, output: returns<N.CountPage>(), access: 'count.scan' },
  'count.get': { input: countIdInput, output: returns<N.CountView>(), access: 'count.scan' },
  'count.progress': { input: countIdInput, output: returns<N.CountProgress>(), access: 'count.scan' },
  'count.scan': { input: countScanInput, output: returns<N.CountScanResult>(), access: 'count.scan' },
  'count.variance': { input: countIdInput, output: returns<N.CountVariance>(), access: 'count.view_expected' },
  'count.post': { input: countIdInput, output: returns<N.CountPostResult>(), access: 'stock.count' },
  'count.cancel': { input: countIdInput, output: returns<N.CountView>(), access: 'stock.count' },
  'count.export': { input: countExportInput, output: returns<N.CountExportResult>(), access: 'count.scan' },
  'count.accuracy': { input: countAccuracyInput, output: returns<N.CountAccuracy>(), access: 'report.view' },
} as const satisfies DomainSpec;
