import { z } from 'zod';
import type * as K from '../catalog-types';
import { returns, type DomainSpec } from '../method';
import { id, oneStart, oneStartIssue, pageStart, sortDir } from '../primitives';
import * as s from '../schemas';
import type * as T from '../types';

export const catalogListInput = z
  .object({
    ...pageStart,
    sort: z
      .object({ by: z.enum(['name', 'sku', 'price']), dir: sortDir })
      .strict()
      .default({ by: 'name', dir: 'asc' }),
    filters: z
      .object({
        /** Words of the name, or the start of a SKU or barcode. */
        q: z.string().trim().max(100).optional(),
        /** This category and all below it. */
        categoryId: id.optional(),
        supplierId: id.optional(),
        archived: z.enum(['active', 'archived', 'all']).default('active'),
        /** On hand (all locations) under the product's minimum. */
        belowMin: z.boolean().optional(),
        noBarcode: z.boolean().optional(),
      })
      .strict()
      .default({ archived: 'active' }),
  })
  .strict()
  .refine(oneStart, oneStartIssue);

/** Products: search, scan, read and edit. */
export const catalogApi = {
  'catalog.search': { input: s.productSearchInput, output: returns<T.Product[]>(), access: 'catalog.view' },
  'catalog.scan': { input: s.barcodeInput, output: returns<T.ScanResult>(), access: 'catalog.view' },
  'catalog.get': { input: s.productGetInput, output: returns<T.ProductDetail>(), access: 'catalog.view' },
  'catalog.upsert': { input: s.productUpsertInput, output: returns<T.ProductDetail>(), access: 'catalog.edit' },
  'catalog.list': { input: catalogListInput, output: returns<K.CatalogPage>(), access: 'catalog.view' },
  /** The next in-store EAN-13 (prefix 20–29) for goods without a maker's code; never handed out twice. */
  'catalog.newBarcode': {
    input: z.object({ prefix: z.string().regex(/^2\d$/, 'an in-store prefix is 20 to 29').default('20') }).strict(),
    output: returns<{ code: string }>(),
    access: 'catalog.edit',
  },
} as const satisfies DomainSpec;
