import { z } from 'zod';
import type * as K from '../catalog-types';
import { returns, type DomainSpec } from '../method';
import { businessDate, cursor, id, money, pageLimit, sortDir, uuid } from '../primitives';
import { docCancelInput } from '../schemas';
import type { PostResult } from '../types';

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const supplierUpsertInput = z
  .object({
    id: id.optional(),
    name: z.string().trim().min(1).max(200),
    /** ИНН (10 or 12 digits) or another tax number: digits, letters, dashes. */
    taxId: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z-]{4,20}$/, 'a tax number is 4 to 20 digits, letters or dashes')
      .nullable()
      .optional(),
    phone: optionalText(40),
    email: z.string().trim().email('an e-mail address').max(200).nullable().optional(),
    contact: optionalText(200),
    address: optionalText(500),
    paymentTermsDays: z.number().int().min(0).max(365).optional(),
    leadTimeDays: z.number().int().min(0).max(365).nullable().optional(),
    note: optionalText(1000),
    archived: z.boolean().optional(),
  })
  .strict();

export const supplierListInput = z
  .object({
    cursor: cursor.optional(),
    limit: pageLimit,
    sort: z
      .object({ by: z.enum(['name']), dir: sortDir })
      .strict()
      .default({ by: 'name', dir: 'asc' }),
    filters: z
      .object({
        /** Part of the name or the start of the tax number. */
        q: z.string().trim().max(100).optional(),
        archived: z.enum(['active', 'archived', 'all']).default('active'),
      })
      .strict()
      .default({ archived: 'active' }),
  })
  .strict();

/**
 * Money paid to a supplier against what the shop owes them (receipts less returns less payments): a document of
 * its own kind (supplier_payment), posted through the ledger's engine with one payment row and no stock lines,
 * audited, corrected by doc.cancel. `cash` is paid from the shop's cash (not a drawer's shift), `bank` from its account.
 */
export const supplierPayInput = z
  .object({
    uuid,
    supplierId: id,
    locationId: id.optional(),
    amount: money.refine((n) => n > 0, 'a payment is more than zero'),
    method: z.enum(['cash', 'bank']),
    /** The day paid; before today needs doc.backdate. */
    businessDate: businessDate.optional(),
    note: z.string().trim().max(500).optional(),
  })
  .strict();

/** The supplier directory. */
export const suppliersApi = {
  'supplier.list': { input: supplierListInput, output: returns<K.SupplierPage>(), access: 'catalog.view' },
  'supplier.get': { input: z.object({ id }).strict(), output: returns<K.Supplier>(), access: 'catalog.view' },
  'supplier.upsert': { input: supplierUpsertInput, output: returns<K.Supplier>(), access: 'suppliers.manage' },
  'supplier.pay': { input: supplierPayInput, output: returns<PostResult>(), access: 'supplier.pay' },
  /** Whoever pays suppliers corrects a payment: its reversal is posted today and the supplier is owed it again. */
  'supplier.cancelPayment': { input: docCancelInput, output: returns<PostResult>(), access: 'supplier.pay' },
} as const satisfies DomainSpec;
