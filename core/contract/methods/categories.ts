import { z } from 'zod';
import type * as K from '../catalog-types';
import { returns, type DomainSpec } from '../method';
import { empty, id } from '../primitives';

export const rounding = z.enum(['none', 'whole', '90', '99']);

export const categoryUpsertInput = z
  .object({
    id: id.optional(),
    name: z.string().trim().min(1).max(100),
    /** null: a top-level category. Omitted on an update: where it was. */
    parentId: id.nullable().optional(),
    /** Retail over cost, basis points (3500 = +35 %); null: inherit. */
    markupBp: z.number().int().min(0).max(100_000).nullable().optional(),
    rounding: rounding.nullable().optional(),
    archived: z.boolean().optional(),
  })
  .strict();

/** The category tree: its pricing rules and where products belong. */
export const categoriesApi = {
  'category.list': { input: empty, output: returns<K.Category[]>(), access: 'catalog.view' },
  'category.upsert': { input: categoryUpsertInput, output: returns<K.Category>(), access: 'catalog.edit' },
} as const satisfies DomainSpec;
