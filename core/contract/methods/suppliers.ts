import { z } from 'zod';
import type * as K from '../catalog-types';
import { returns, type DomainSpec } from '../method';
import { cursor, id, pageLimit, sortDir } from '../primitives';

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

/** The supplier directory. */
export const suppliersApi = {
  'supplier.list': { input: supplierListInput, output: returns<K.SupplierPage>(), access: 'catalog.view' },
  'supplier.get': { input: z.object({ id }).strict(), output: returns<K.Supplier>(), access: 'catalog.view' },
  'supplier.upsert': { input: supplierUpsertInput, output: returns<K.Supplier>(), access: 'suppliers.manage' },
} as const satisfies DomainSpec;
