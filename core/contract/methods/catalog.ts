import { returns, type DomainSpec } from '../method';
import * as s from '../schemas';
import type * as T from '../types';

/** Products: search, scan, read and edit. */
export const catalogApi = {
  'catalog.search': { input: s.productSearchInput, output: returns<T.Product[]>(), access: 'catalog.view' },
  'catalog.scan': { input: s.barcodeInput, output: returns<T.ScanResult>(), access: 'catalog.view' },
  'catalog.get': { input: s.productGetInput, output: returns<T.Product>(), access: 'catalog.view' },
  'catalog.upsert': { input: s.productUpsertInput, output: returns<T.Product>(), access: 'catalog.edit' },
} as const satisfies DomainSpec;
