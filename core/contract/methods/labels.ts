import { z } from 'zod';
import type { LabelsFile } from '../label-types';
import { returns, type DomainSpec } from '../method';
import { id } from '../primitives';

/** The label sheets and tags core/labels/layouts.ts knows (its LABEL_PRESETS is checked against this list). */
export const LABEL_PRESET_NAMES = ['a4-3x8', 'a4-4x10', 'a4-shelf-3x6', 'tag-58x40'] as const;
export type LabelPresetName = (typeof LABEL_PRESET_NAMES)[number];

/** More labels than this in one file is a slip in the copies, not a print run (core/labels MAX_LABELS). */
export const MAX_LABELS_PER_FILE = 5000;

export const labelsPdfInput = z
  .object({
    /** Chosen products, each so many times; or a posted receipt: a label for each piece received, one per weighed line. */
    source: z.discriminatedUnion('kind', [
      z
        .object({
          kind: z.literal('products'),
          items: z
            .array(z.object({ productId: id, copies: z.number().int().min(1).max(MAX_LABELS_PER_FILE) }).strict())
            .min(1)
            .max(MAX_LABELS_PER_FILE),
        })
        .strict(),
      z.object({ kind: z.literal('document'), documentId: id }).strict(),
    ]),
    preset: z.enum(LABEL_PRESET_NAMES).default('a4-3x8'),
    /** Labels already used on the first sheet. */
    skip: z.number().int().min(0).max(99).default(0),
    /** The words on the labels (price per kg, the currency's sign) in the user's language. */
    locale: z.enum(['en', 'ru']).default('ru'),
  })
  .strict();

/** Labels and price tags as a PDF, drawn in the reader worker (off the till's thread). */
export const labelsApi = {
  'labels.pdf': { input: labelsPdfInput, output: returns<LabelsFile>(), access: 'catalog.view' },
} as const satisfies DomainSpec;
