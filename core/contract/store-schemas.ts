import { z } from 'zod';
import { id, LIMITS, paymentInput, uuid } from './primitives';

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
    status: z.enum(['reserved', 'parked', 'picking', 'ready', 'fulfilled', 'cancelled']).optional(),
    /** The order's number ('#' optional, from its start), or part of its e-mail, phone or the shop customer's name. */
    search: z.string().trim().max(100).optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();

export const deadLetterRetryInput = z.object({ id }).strict();

const storeOrderId = z.string().trim().min(1).max(100);

/** The order the counter is handed: by the store's id, or by the number the shopper shows ('#1042' or '1042'). */
export const storeOrderInput = z
  .object({ orderId: storeOrderId.optional(), number: z.string().trim().min(1).max(30).optional() })
  .strict()
  .refine((v) => (v.orderId === undefined) !== (v.number === undefined), { message: 'an order id or its number, one of them' });

/** Shipped from the back office: paid online in full, nothing taken at the counter. */
export const storeFulfilInput = z.object({ orderId: storeOrderId, uuid }).strict();

/** Collected at the counter: what was not paid online is paid here (cash, card). */
export const storeCollectInput = z.object({ orderId: storeOrderId, uuid, payments: z.array(paymentInput).max(10).default([]) }).strict();

/** Start picking, mark ready: the order alone. */
export const storeOrderStepInput = z.object({ orderId: storeOrderId }).strict();

/** One scan into the order's basket: the code as the counter reads it (a barcode, a scale label, a SKU). */
export const storePickInput = z.object({ orderId: storeOrderId, code: z.string().trim().min(1).max(200) }).strict();

/** Cancelled in Lavka: why, for the audit and the order's reason. */
export const storeCancelInput = z.object({ orderId: storeOrderId, reason: z.string().trim().min(1).max(200).optional() }).strict();
