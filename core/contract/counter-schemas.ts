import { z } from 'zod';
import { approvalInput, id, money, paymentInput, qty, unitPrice, uuid } from './primitives';

const cartId = id;
const approval = approvalInput.optional();

export const shiftOpenInput = z.object({ float: money, locationId: id.optional() }).strict();
export const shiftCashInput = z
  .object({
    uuid,
    kind: z.enum(['in', 'out']),
    amount: money.refine((v) => v > 0, 'amount must be positive'),
    reason: z.string().trim().min(1).max(200),
  })
  .strict();
export const shiftCloseInput = z.object({ countedCash: money }).strict();
export const shiftIdInput = z.object({ id: id.optional() }).strict();

export const cartRef = z.object({ cartId }).strict();
export const cartScanInput = z.object({ cartId, code: z.string().min(1).max(300) }).strict();
export const cartAddInput = z.object({ cartId, productId: id, qty: qty.default(1000) }).strict();
export const cartSetQtyInput = z.object({ cartId, lineId: id, qty, approval }).strict();
export const cartSetPriceInput = z.object({ cartId, lineId: id, price: unitPrice, approval }).strict();
export const cartRemoveLineInput = z.object({ cartId, lineId: id, approval }).strict();
/** A line discount when lineId is given, else a receipt discount; percent in basis points or an amount. */
export const cartDiscountInput = z
  .object({ cartId, lineId: id.optional(), percentBp: z.number().int().min(0).max(10000).optional(), amount: money.optional(), approval })
  .strict()
  .refine((v) => (v.percentBp === undefined) !== (v.amount === undefined), 'give either percentBp or amount');
export const cartCustomerInput = z
  .object({
    cartId,
    phone: z
      .string()
      .regex(/^\+?\d{6,15}$/, 'a phone number')
      .nullable(),
  })
  .strict();
export const cartParkInput = z.object({ cartId, note: z.string().max(100).optional() }).strict();
export const cartClearInput = z.object({ cartId, approval }).strict();
export const cartPayInput = z.object({ cartId, uuid, payments: z.array(paymentInput).min(1).max(10) }).strict();

export const customerUpsertInput = z.object({ phone: z.string().regex(/^\+?\d{6,15}$/), name: z.string().trim().min(1).max(100) }).strict();
export const customerFindInput = z.object({ phone: z.string().regex(/^\+?\d{6,15}$/) }).strict();

/** The receipt barcode (its number, e.g. S-000042) or a search over recent receipts. */
export const receiptFindInput = z.object({ code: z.string().trim().min(1).max(40) }).strict();
export const receiptSearchInput = z
  .object({ q: z.string().max(40).default(''), limit: z.number().int().min(1).max(100).default(30) })
  .strict();

export const returnPostInput = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('receipt'),
      uuid,
      saleId: id,
      lines: z
        .array(z.object({ saleLineId: id, qty }).strict())
        .min(1)
        .max(500),
      refund: z.enum(['original', 'cash']).default('original'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('no_receipt'),
      uuid,
      lines: z
        .array(z.object({ productId: id, qty, price: unitPrice }).strict())
        .min(1)
        .max(100),
      reason: z.string().trim().min(1).max(200),
      approval,
    })
    .strict(),
]);

export const docIdInput = z.object({ docId: id }).strict();
export const drawerOpenInput = z.object({ reason: z.string().trim().min(1).max(200), approval }).strict();
export const lossReportInput = z.object({ from: z.string().datetime().optional(), to: z.string().datetime().optional() }).strict();

const barcodeRule = z
  .object({
    prefix: z.string().regex(/^2\d$/),
    itemDigits: z.number().int().min(4).max(6),
    valueDigits: z.number().int().min(4).max(6),
    kind: z.enum(['weight_g', 'price_minor']),
  })
  .strict()
  .refine((r) => 2 + r.itemDigits + r.valueDigits === 12, 'prefix + item + value digits must make 12 (the 13th is the check digit)');

/**
 * Counter settings, set through settings.set's `counter` key. Each key given replaces that setting; keys left out
 * keep theirs (core/settings.ts mergeSettings). The printer and scanner objects replace the stored ones, except that
 * their fields with a usual value (width, code page, drawer; baud rate, suffix) keep the stored value when left out
 * (a printer moved to another port keeps its paper width): hence no zod defaults here. maxDiscountBp is merged per
 * role; arrays (barcodeRules, loyaltyTiers) are sent whole. The printer's serial port or device file must be a
 * device (checked by the core, core/devices/device-path.ts).
 */
export const counterSettingsInput = z
  .object({
    barcodeRules: z.array(barcodeRule).max(10).optional(),
    /** null: no scanner. Without baudRate or suffix: the stored scanner's, or 9600 and CR. */
    scanner: z
      .object({
        path: z.string().min(1).max(200),
        baudRate: z.number().int().positive().optional(),
        suffix: z.enum(['CR', 'LF', 'CRLF']).optional(),
      })
      .strict()
      .nullable()
      .optional(),
    printer: z
      .object({
        transport: z.enum(['none', 'tcp', 'serial', 'file']),
        host: z.string().max(200).optional(),
        port: z.number().int().min(1).max(65535).optional(),
        path: z.string().max(200).optional(),
        baudRate: z.number().int().positive().optional(),
        width: z.union([z.literal(58), z.literal(80)]).optional(),
        codePage: z.enum(['cp866', 'wpc1251']).optional(),
        drawer: z.boolean().optional(),
      })
      .strict()
      .optional(),
    /** Cash totals round to this step (minor units); 1 means no rounding. */
    cashRoundingStep: z.number().int().min(1).max(10000).optional(),
    /** Per role id: the largest discount (basis points) a user may give without a manager. */
    maxDiscountBp: z.record(z.string(), z.number().int().min(0).max(10000)).optional(),
    /** Percent off for customers whose purchases so far reach minTotal. */
    loyaltyTiers: z
      .array(z.object({ minTotal: money, percentBp: z.number().int().min(0).max(5000) }).strict())
      .max(10)
      .optional(),
    autoLockMinutes: z.number().int().min(0).max(240).optional(),
  })
  .strict();
