import { z } from 'zod';
import { counterSettingsInput } from './counter-schemas';
import { PERMISSIONS } from './permissions';
import {
  approvalInput,
  businessDate,
  cursor,
  id,
  LIMITS,
  oneStart,
  oneStartIssue,
  pageLimit,
  pageStart,
  pin,
  qty,
  sortDir,
  timeZone,
  uuid,
  paymentInput,
  unitPrice,
} from './primitives';

export { approvalInput, businessDate, empty, id, money, paymentInput, pin, qty, timeZone, unitPrice, uuid } from './primitives';

export const loginInput = z.object({ userId: id, pin }).strict();

export const setupShopInput = z
  .object({
    shopName: z.string().trim().min(1).max(100),
    ownerName: z.string().trim().min(1).max(60),
    pin,
    locale: z.enum(['en', 'ru']).default('en'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .default('RUB'),
  })
  .strict();

export const passwordLoginInput = z.object({ userId: id, password: z.string().min(8).max(200) }).strict();

export const userUpsertInput = z
  .object({
    id: id.optional(),
    name: z.string().trim().min(1).max(60),
    roleId: z.string().min(1).max(40),
    pin: pin.optional(),
    /** Back-office users sign in with a password (scrypt-hashed) instead of, or besides, a PIN. */
    password: z.string().min(8, 'a password has at least 8 characters').max(200).optional(),
    /** Omitted: a new user is active, an existing one keeps their status. */
    active: z.boolean().optional(),
  })
  .strict();

/** Clears a user's sign-in throttles (every source). */
export const userUnlockInput = z.object({ userId: id }).strict();

/** A custom role's id: lower-case letters, digits, - or _ (the role editor checks it with this too). */
export const roleId = z.string().regex(/^[a-z][a-z0-9_-]{1,39}$/, 'a role id is lower-case letters, digits, - or _');

export const roleUpsertInput = z
  .object({
    id: roleId,
    name: z.string().trim().min(1).max(60),
    permissions: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length),
  })
  .strict();

export const productSearchInput = z.object({ q: z.string().max(100), limit: z.number().int().min(1).max(200).default(50) }).strict();
export const barcodeInput = z.object({ code: z.string().min(1).max(200) }).strict();
export const productGetInput = z.object({ id }).strict();
/**
 * The optional fields of a product: omitted on an update, the product keeps what it has; omitted on a create, they
 * take PRODUCT_DEFAULTS (core/handlers/catalog.ts). No zod defaults here: a default cannot tell the two apart.
 */
export const productUpsertInput = z
  .object({
    id: id.optional(),
    sku: z.string().trim().min(1).max(64),
    name: z.string().trim().min(1).max(200),
    unit: z.enum(['pcs', 'kg', 'l', 'm']),
    price: unitPrice,
    cost: unitPrice.optional(),
    taxRateBp: z.number().int().min(0).max(10000),
    categoryId: id.nullable().optional(),
    active: z.boolean().optional(),
    plu: z.number().int().min(1).max(999999).nullable().optional(),
    barcodes: z
      .array(z.string().regex(/^\d{8,14}$/))
      .max(20)
      .optional(),
    /** Reorder levels in thousandths; null: not watched. */
    minStock: z.number().int().min(0).max(LIMITS.qty).nullable().optional(),
    maxStock: z.number().int().min(0).max(LIMITS.qty).nullable().optional(),
    /** The main supplier's pack in thousandths (12 pcs = 12000); null: reorders in single units. */
    packQty: z.number().int().min(1).max(LIMITS.qty).nullable().optional(),
    /** The main supplier. */
    supplierId: id.nullable().optional(),
    /** Suppliers' own codes for it (how their price lists find it); sent: replaces the product's list. */
    articles: z
      .array(z.object({ supplierId: id, article: z.string().trim().min(1).max(64) }).strict())
      .max(50)
      .optional(),
  })
  .strict()
  .refine((p) => p.minStock == null || p.maxStock == null || p.minStock <= p.maxStock, {
    message: 'the minimum stock is above the maximum',
    path: ['maxStock'],
  });

export const saleLineInput = z
  .object({
    productId: id,
    qty,
    /** Omitted: the catalog price. Any other price is an override: price.override, or a manager's approval. */
    price: unitPrice.optional(),
  })
  .strict();

export const salePostInput = z
  .object({
    uuid,
    locationId: id.optional(),
    lines: z.array(saleLineInput).min(1).max(500),
    payments: z.array(paymentInput).min(1).max(10),
    approval: approvalInput.optional(),
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

export const saleListInput = z
  .object({
    ...pageStart,
    sort: z
      .object({ by: z.enum(['postedAt', 'total']), dir: sortDir })
      .strict()
      .default({ by: 'postedAt', dir: 'desc' }),
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
  .strict()
  .refine(oneStart, oneStartIssue);

export const onHandInput = z
  .object({
    ...pageStart,
    sort: z
      .object({ by: z.enum(['name', 'sku']), dir: sortDir })
      .strict()
      .default({ by: 'name', dir: 'asc' }),
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
  .strict()
  .refine(oneStart, oneStartIssue);

export const docGetInput = z.object({ id }).strict();

const stockLine = z.object({ productId: id, qty }).strict();
export const writeoffReason = z.enum(['damaged', 'expired', 'theft', 'own_use', 'other']);
/** The day a back-office document belongs to; omitted: today. Earlier days need doc.backdate, later ones are refused. */
const asOf = businessDate.optional();

/** A receipt's supplier and their invoice (optional: goods may come in without one, as the demo's opening stock). */
const supplierHeader = {
  supplierId: id.optional(),
  invoiceNo: z.string().trim().min(1).max(60).optional(),
  invoiceDate: businessDate.optional(),
};

export const docPostInput = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('receipt'),
      uuid,
      locationId: id,
      lines: z
        .array(stockLine.extend({ unitCost: unitPrice }))
        .min(1)
        .max(5000),
      note: z.string().max(500).optional(),
      businessDate: asOf,
      ...supplierHeader,
      /** The purchase order delivered against: each line at most what is still due on it, unless allowOverReceipt. */
      orderId: id.optional(),
      allowOverReceipt: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      type: z.literal('supplier_return'),
      uuid,
      locationId: id,
      supplierId: id,
      /** The receipt the goods came with: each line at most what it brought and was not yet sent back. */
      receiptId: id.optional(),
      lines: z.array(stockLine).min(1).max(5000),
      note: z.string().max(500).optional(),
      businessDate: asOf,
    })
    .strict(),
  z
    .object({
      type: z.literal('writeoff'),
      uuid,
      locationId: id,
      /** Every line's reason unless the line names its own; with 'other', the note says why. */
      reason: writeoffReason.default('other'),
      lines: z
        .array(stockLine.extend({ reason: writeoffReason.optional() }))
        .min(1)
        .max(5000),
      note: z.string().max(500).optional(),
      businessDate: asOf,
    })
    .strict(),
  z
    .object({
      type: z.literal('transfer'),
      uuid,
      locationId: id,
      toLocationId: id,
      lines: z.array(stockLine).min(1).max(5000),
      note: z.string().max(500).optional(),
      businessDate: asOf,
    })
    .strict(),
  z
    .object({
      type: z.literal('count'),
      uuid,
      locationId: id,
      /** Counted quantity, zero allowed. */
      lines: z
        .array(z.object({ productId: id, qty: z.number().int().min(0).max(LIMITS.qty) }).strict())
        .min(1)
        .max(50000),
      note: z.string().max(500).optional(),
      businessDate: asOf,
    })
    .strict(),
  z
    .object({
      type: z.literal('return'),
      uuid,
      saleId: id,
      lines: z
        .array(z.object({ saleLineId: id, qty }).strict())
        .min(1)
        .max(500),
      refund: z.enum(['original', 'cash']).default('original'),
      note: z.string().max(500).optional(),
    })
    .strict(),
]);

export const docCancelInput = z.object({ id, uuid, reason: z.string().trim().min(1).max(500) }).strict();

export const backupNameInput = z.object({ name: z.string().regex(/^[\w.-]+\.sqlite$/, 'a backup file name') }).strict();

/** A product's movements, newest first; the cursor's key is the balance after the next row (the page's running sum). */
export const movementsInput = z.object({ productId: id, locationId: id.optional(), cursor: cursor.optional(), limit: pageLimit }).strict();

/**
 * A name this computer is reached by on the shop's network (`till.local`, `shop-pc.lan`, `192.168.1.20`): letters,
 * digits and hyphens in dot-separated labels, as a browser sends it in the Host header.
 */
export const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

export const settingsSetInput = z
  .object({
    shopName: z.string().trim().min(1).max(100).optional(),
    shopAddress: z.string().max(300).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    locale: z.enum(['en', 'ru']).optional(),
    timeZone: timeZone.optional(),
    counter: counterSettingsInput.optional(),
    taxRates: z
      .array(z.object({ name: z.string().min(1).max(40), rateBp: z.number().int().min(0).max(10000) }).strict())
      .min(1)
      .max(10)
      .optional(),
    /** Extra names the browser-mode server answers to on the LAN, besides this computer's own names and addresses. */
    lanHostNames: z
      .array(z.string().trim().toLowerCase().regex(HOST_NAME, 'a host name such as till.local or 192.168.1.20'))
      .max(20)
      .optional(),
    negativeStock: z.enum(['allow', 'block']).optional(),
  })
  .strict();

/** Back-office documents in progress (drafts): edited freely, then posted into the ledger in one go. */
export const draftType = z.enum(['receipt', 'writeoff', 'transfer', 'count']);
/** Kind-specific header fields (supplier, invoice number…): a small object of scalars. */
const draftExtra = z
  .record(z.string().min(1).max(40), z.union([z.string().max(500), z.number(), z.boolean(), z.null()]))
  .refine((o) => Object.keys(o).length <= 20, 'at most 20 extra fields');
/** qty: thousandths (for a count, the counted quantity); zero while keying in, posting refuses it where it matters. */
const draftLineInput = z
  .object({ productId: id, qty: z.number().int().min(0).max(LIMITS.qty), unitCost: unitPrice.nullable().default(null) })
  .strict();
const draftId = id;

export const draftCreateInput = z
  .object({
    /** Client-made: the same uuid again returns that draft; the posted document gets it as its own uuid. */
    uuid,
    type: draftType,
    /** Omitted: the shop's default location. */
    locationId: id.optional(),
    toLocationId: id.nullable().default(null),
    /** Null: the day it is posted. */
    businessDate: businessDate.nullable().default(null),
    note: z.string().max(500).nullable().default(null),
    extra: draftExtra.default({}),
    lines: z.array(draftLineInput).max(50000).default([]),
  })
  .strict();
export const draftGetInput = z.object({ id: draftId }).strict();
export const draftListInput = z
  .object({
    type: draftType.optional(),
    status: z.enum(['open', 'posted', 'discarded']).default('open'),
    /** The nextCursor of the previous page. */
    cursor: id.optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();
/** The header: omitted fields stay as they are, null clears. */
export const draftUpdateInput = z
  .object({
    id: draftId,
    locationId: id.optional(),
    toLocationId: id.nullable().optional(),
    businessDate: businessDate.nullable().optional(),
    note: z.string().max(500).nullable().optional(),
    extra: draftExtra.optional(),
  })
  .strict();
export const draftSetLinesInput = z.object({ id: draftId, lines: z.array(draftLineInput).max(50000) }).strict();
export const draftAddLineInput = draftLineInput.extend({ id: draftId }).strict();
export const draftUpdateLineInput = z
  .object({ id: draftId, lineId: id, qty: z.number().int().min(0).max(LIMITS.qty).optional(), unitCost: unitPrice.nullable().optional() })
  .strict();
export const draftRemoveLineInput = z.object({ id: draftId, lineId: id }).strict();
