import { z } from 'zod';
import type * as K from '../pricelist-types';
import { PRICE_FIELDS } from '../pricelist-types';
import { returns, type DomainSpec } from '../method';
import { id } from '../primitives';

/** An uploaded file (POST /api/upload, or the file the desktop shell picked), or a dry run waiting to be applied. */
export const importToken = z.string().regex(/^[0-9a-f]{32}$/, 'a token as the upload or the dry run gave it');

const sheet = z.string().min(1).max(200);
const headerRow = z.number().int().min(0).max(10_000);
/** Field → 0-based column, as the wizard's mapping step shows them. */
export const columnMapping = z.partialRecord(z.enum(PRICE_FIELDS), z.number().int().min(0).max(16_383));

export const priceListSheetsInput = z
  .object({ supplierId: id, file: importToken, sheet: sheet.optional(), headerRow: headerRow.optional() })
  .strict();

export const priceListDryRunInput = z
  .object({
    supplierId: id,
    file: importToken,
    sheet,
    headerRow,
    mapping: columnMapping,
    /** Retail: the file's price column, or the cost marked up by the product's category rule. */
    retail: z.enum(['file', 'markup']).default('file'),
    /** Rows that match no product: skipped, or created in a category (needs catalog.edit). */
    unmatched: z
      .discriminatedUnion('action', [
        z.object({ action: z.literal('skip') }).strict(),
        z
          .object({
            action: z.literal('create'),
            categoryId: id.nullable(),
            taxRateBp: z.number().int().min(0).max(10_000).default(0),
          })
          .strict(),
      ])
      .default({ action: 'skip' }),
  })
  .strict();

export const catalogImportSheetsInput = z.object({ file: importToken, sheet: sheet.optional(), headerRow: headerRow.optional() }).strict();

export const catalogImportDryRunInput = z
  .object({
    file: importToken,
    sheet,
    headerRow,
    mapping: columnMapping,
    taxRateBp: z.number().int().min(0).max(10_000).default(0),
    /** Where rows with no category cell go (a row's own category, by name, still wins); null: no category. */
    categoryId: id.nullable().default(null),
  })
  .strict();

/** Supplier price lists: look at the file, dry-run it against the catalog, apply exactly that dry run. */
export const pricelistsApi = {
  'pricelist.sheets': { input: priceListSheetsInput, output: returns<K.PriceListSheets>(), access: 'price.edit' },
  'pricelist.dryRun': { input: priceListDryRunInput, output: returns<K.PriceListDryRun>(), access: 'price.edit' },
  'pricelist.apply': { input: z.object({ token: importToken }).strict(), output: returns<K.PriceListApplied>(), access: 'price.edit' },
  /** New products from a file through the same wizard: its sheets and proposed columns (no supplier, nothing kept). */
  'pricelist.catalogSheets': { input: catalogImportSheetsInput, output: returns<K.PriceListSheets>(), access: 'catalog.edit' },
  /** A dry run listing every bad row, then all of them or none. */
  'pricelist.catalogDryRun': { input: catalogImportDryRunInput, output: returns<K.CatalogImportDryRun>(), access: 'catalog.edit' },
  'pricelist.catalogApply': {
    /** skipBad: create the good rows of a dry run that listed bad ones (the owner saw them and chose to); else refused. */
    input: z.object({ token: importToken, skipBad: z.boolean().default(false) }).strict(),
    output: returns<{ created: number }>(),
    access: 'catalog.edit',
  },
} as const satisfies DomainSpec;
