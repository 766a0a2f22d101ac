import { z } from 'zod';
import { id, LIMITS } from './primitives';

export const storeConfigureInput = z
  .object({
    enabled: z.boolean(),
    kind: z.literal('medusa').default('medusa'),
    url: z
      .string()
      .trim()
      .url()
      .refine((u) => /^https?:\/\//.test(u), 'an http(s) address'),
    stockLocationId: z.string().trim().min(1).max(100),
    currency: z
      .string()
      .trim()
      .regex(/^[a-z]{3}$/, 'a three-letter currency code in lower case, as the store keeps it'),
    locationId: id,
    intervalSeconds: z.number().int().min(5).max(3600).default(30),
    priceOwner: z.enum(['lavka', 'store']).default('lavka'),
    /** Thousandths held back from the store per product. */
    safetyStock: z.number().int().min(0).max(LIMITS.qty).default(0),
    /** Omitted: keep the stored key. */
    apiKey: z.string().trim().min(8).max(500).optional(),
    /** The secret the store's order hook sends (its subscriber's LAVKA_HOOK_SECRET); omitted: keep the stored one. */
    hookSecret: z.string().trim().min(16).max(200).optional(),
  })
  .strict();

export const storeOrdersInput = z
  .object({
    status: z.enum(['reserved', 'parked', 'fulfilled', 'cancelled']).optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();

export const deadLetterRetryInput = z.object({ id }).strict();
