/**
 * Every read the reader runs: the shop's queries (db/queries/reads.ts) and the core's own long jobs that read the
 * database on the reader's connection (a price list's dry run parses a file and matches it against the catalog; a labels PDF draws its barcodes and pages).
 * The worker entry and the inline reader both serve this map.
 */
import { shopReads, type ReadRegistry } from '../../db/queries/reads';
import { planCatalogImport } from '../pricelists/catalog-plan';
import { productLabelsPdf } from '../labels/product-labels';
import { peekFile, planPriceList } from '../pricelists/plan';

export const appReads = {
  reads: {
    ...shopReads.reads,
    'pricelist.peek': peekFile,
    'pricelist.plan': planPriceList,
    'catalog.importPlan': planCatalogImport,
    'labels.pdf': productLabelsPdf,
  },
  streams: shopReads.streams,
} satisfies ReadRegistry;

export type AppReads = typeof appReads;

/** Reads that hold what they read until they answer (core/reader/pool.ts gives them the default young generation). */
export const keepsRows: ReadonlySet<string> = new Set(['pricelist.peek', 'pricelist.plan', 'catalog.importPlan']);
