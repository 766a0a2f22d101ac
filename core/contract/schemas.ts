import { z } from 'zod';
import { counterSettingsInput } from './counter-schemas';
import { PERMISSIONS } from './permissions';
import { id, money, qty, uuid, paymentInput } from './primitives';

export { approvalInput, empty, id, money, paymentInput, qty, uuid } from './primitives';

export const loginInput = z.object({ userId: id, pin: z.string().regex(/^\d{4,8}$/, 'PIN is 4 to 8 digits') }).strict();

export const setupShopInput = z
  .object({
    shopName: z.string().trim().min(1).max(100),
    ownerName: z.string().trim().min(1).max(60),
    pin: z.string().regex(/^\d{4,8}$/, 'PIN is 4 to 8 digits'),
    locale: z.enum(['en', 'ru']).default('en'),
    currency: z.string().regex(/^[A-Z]{3}$/).default('RUB'),
  })
  .strict();

export const passwordLoginInput = z.object({ userId: id, password: z.string().min(8).max(200) }).strict();

export const userUpsertInput = z
  .object({
    id: id.optional(),
    name: z.string().trim().min(1).max(60),
    roleId: z.string().min(1).max(40),
    pin: z.string().regex(/^\d{4,8}$/, 'PIN is 4 to 8 digits').optional(),
    /** Back-office users sign in with a password (scrypt-hashed) instead of, or besides, a PIN. */
    password: z.string().min(8, 'a password has at least 8 characters').max(200).optional(),
    active: z.boolean().default(true),
  })
  .strict();

export const roleUpsertInput = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_-]{1,39}$/, 'a role id is lower-case letters, digits, - or _'),
    name: z.string().trim().min(1).max(60),
    permissions: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length),
  })
  .strict();

export const productSearchInput = z
  .object({ q: z.string().max(100), limit: z.number().int().min(1).max(200).default(50) })
  .strict();
export const barcodeInput = z.object({ code: z.string().min(1).max(200) }).strict();
export const productGetInput = z.object({ id }).strict();
export const productUpsertInput = z
  .object({
    id: id.optional(),
    sku: z.string().trim().min(1).max(64),
    name: z.string().trim().min(1).max(200),
    unit: z.enum(['pcs', 'kg', 'l', 'm']),
    price: money,
    cost: money.default(0),
    taxRateBp: z.number().int().min(0).max(10000),
    categoryId: id.nullable().default(null),
    active: z.boolean().default(true),
    plu: z.number().int().min(1).max(999999).nullable().default(null),
    barcodes: z.array(z.string().regex(/^\d{8,14}$/)).max(20).default([]),
  })
  .strict();


export const saleLineInput = z
  .object({
    productId: id,
    qty,
    /** Omitted: the catalog price. */
    price: money.optional(),
  })
  .strict();

export const salePostInput = z
  .object({
    uuid,
    locationId: id.optional(),
    lines: z.array(saleLineInput).min(1).max(500),
    payments: z.array(paymentInput).min(1).max(10),
  })
  .strict();

export const listInput = z
  .object({
    from: z.string().datetime().optional(),
    to: z.string().datetime().optional(),
    limit: z.number().int().min(1).max(1000).default(100),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

/**
 * Keyset paging for long lists: a page ends with the last row's sort key and id, and the next page starts after them
 * (never OFFSET: page 5000 costs what page 1 costs). Pass back nextCursor as it came, with the same sort and filters.
 */
const cursor = z.object({ key: z.union([z.string().max(300), z.number()]), id }).strict();
const sortDir = z.enum(['asc', 'desc']);
const pageLimit = z.number().int().min(1).max(500).default(100);

export const saleListInput = z
  .object({
    cursor: cursor.optional(),
    limit: pageLimit,
    sort: z.object({ by: z.enum(['postedAt', 'total']), dir: sortDir }).strict().default({ by: 'postedAt', dir: 'desc' }),
    filters: z
      .object({
        /** Posted at or after from, and before to. */
        from: z.string().datetime().optional(),
        to: z.string().datetime().optional(),
        type: z.enum(['sale', 'return']).optional(),
        /** Part of the document number, e.g. "42" finds S-000042. */
        number: z.string().trim().max(40).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export const onHandInput = z
  .object({
    cursor: cursor.optional(),
    limit: pageLimit,
    sort: z.object({ by: z.enum(['name', 'sku']), dir: sortDir }).strict().default({ by: 'name', dir: 'asc' }),
    filters: z
      .object({
        /** Words of the name, or the start of a SKU or barcode. */
        q: z.string().trim().max(100).optional(),
        productId: id.optional(),
        /** On hand at this location only; all locations summed when omitted. */
        locationId: id.optional(),
        belowZero: z.boolean().optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export const docGetInput = z.object({ id }).strict();

const stockLine = z.object({ productId: id, qty }).strict();

export const docPostInput = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('receipt'),
      uuid,
      locationId: id,
      lines: z.array(stockLine.extend({ unitCost: money })).min(1).max(5000),
      note: z.string().max(500).optional(),
    })
    .strict(),
  z
    .object({ type: z.literal('writeoff'), uuid, locationId: id, lines: z.array(stockLine).min(1).max(5000), note: z.string().max(500).optional() })
    .strict(),
  z
    .object({
      type: z.literal('transfer'),
      uuid,
      locationId: id,
      toLocationId: id,
      lines: z.array(stockLine).min(1).max(5000),
      note: z.string().max(500).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('count'),
      uuid,
      locationId: id,
      /** Counted quantity, zero allowed. */
      lines: z.array(z.object({ productId: id, qty: z.number().int().min(0).max(1e9) }).strict()).min(1).max(50000),
      note: z.string().max(500).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('return'),
      uuid,
      saleId: id,
      lines: z.array(z.object({ saleLineId: id, qty }).strict()).min(1).max(500),
      refund: z.enum(['original', 'cash']).default('original'),
      note: z.string().max(500).optional(),
    })
    .strict(),
]);

export const docCancelInput = z.object({ id, uuid, reason: z.string().trim().min(1).max(500) }).strict();

export const backupNameInput = z.object({ name: z.string().regex(/^[\w.-]+\.sqlite$/, 'a backup file name') }).strict();

export const movementsInput = z.object({ productId: id, limit: z.number().int().min(1).max(1000).default(100) }).strict();

export const settingsSetInput = z
  .object({
    shopName: z.string().trim().min(1).max(100).optional(),
    shopAddress: z.string().max(300).optional(),
    currency: z.string().regex(/^[A-Z]{3}$/).optional(),
    locale: z.enum(['en', 'ru']).optional(),
    counter: counterSettingsInput.optional(),
    taxRates: z
      .array(z.object({ name: z.string().min(1).max(40), rateBp: z.number().int().min(0).max(10000) }).strict())
      .min(1)
      .max(10)
      .optional(),
  })
  .strict();

