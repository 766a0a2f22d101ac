import { z } from 'zod';
import type * as K from '../catalog-types';
import type * as P from '../purchasing-types';
import { returns, type DomainSpec } from '../method';
import { id, LIMITS } from '../primitives';
import { rounding } from './categories';

/** Names the exact changes a preview showed. */
const token = z.string().regex(/^[0-9a-f]{64}$/);

export const priceBulkInput = z
  .object({
    /** A category (with its subcategories) or the products picked in the list. */
    selection: z.discriminatedUnion('by', [
      z.object({ by: z.literal('category'), categoryId: id }).strict(),
      z.object({ by: z.literal('products'), productIds: z.array(id).min(1).max(50_000) }).strict(),
    ]),
    change: z.discriminatedUnion('kind', [
      /** Basis points: 500 = +5 %, −1000 = −10 %. */
      z.object({ kind: z.literal('percent'), bp: z.number().int().min(-9_900).max(100_000) }).strict(),
      /** Minor units added to (or, negative, taken from) each price. */
      z.object({ kind: z.literal('amount'), minor: z.number().int().min(-LIMITS.unitPrice).max(LIMITS.unitPrice) }).strict(),
    ]),
    rounding: rounding.default('none'),
    /** Archived products keep their price unless asked. */
    includeArchived: z.boolean().default(false),
  })
  .strict();

export const priceBulkApplyInput = priceBulkInput.extend({ token }).strict();

/** A posted receipt whose purchase costs give new retail prices by their categories' markup. */
export const priceMarkupInput = z.object({ receiptId: id }).strict();

/** Prices in bulk: a preview of every change, then exactly that change. */
export const pricesApi = {
  'price.bulkPreview': { input: priceBulkInput, output: returns<K.PricePreview>(), access: 'price.edit' },
  'price.bulkApply': { input: priceBulkApplyInput, output: returns<K.PriceApplyResult>(), access: 'price.edit' },
  'price.markupPreview': { input: priceMarkupInput, output: returns<P.MarkupPreview>(), access: 'price.edit' },
  'price.markupApply': {
    input: priceMarkupInput.extend({ token }).strict(),
    output: returns<K.PriceApplyResult>(),
    access: 'price.edit',
  },
} as const satisfies DomainSpec;
