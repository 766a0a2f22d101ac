import type { z } from 'zod';
import type { DomainSpec, OutputOf } from './method';
import { authApi } from './methods/auth';
import { backupApi } from './methods/backup';
import { cartApi } from './methods/cart';
import { catalogApi } from './methods/catalog';
import { categoriesApi } from './methods/categories';
import { countsApi } from './methods/counts';
import { customersApi } from './methods/customers';
import { devicesApi } from './methods/devices';
import { documentsApi } from './methods/documents';
import { labelsApi } from './methods/labels';
import { draftsApi } from './methods/drafts';
import { expensesApi } from './methods/expenses';
import { periodApi } from './methods/period';
import { pricelistsApi } from './methods/pricelists';
import { pricesApi } from './methods/prices';
import { purchasingApi } from './methods/purchasing';
import { reportsApi } from './methods/reports';
import { returnsApi } from './methods/returns';
import { setupApi } from './methods/setup';
import { shiftsApi } from './methods/shifts';
import { stockApi } from './methods/stock';
import { storeApi } from './methods/store';
import { suppliersApi } from './methods/suppliers';
import { systemApi } from './methods/system';
import { usersApi } from './methods/users';

/**
 * The single API: every domain's methods (./methods, one file per domain: input, output, access), merged. A method
 * is added in its domain's file and its handler map; nothing else names it.
 */
export const apiSpec = {
  ...systemApi,
  ...setupApi,
  ...authApi,
  ...usersApi,
  ...backupApi,
  ...catalogApi,
  ...labelsApi,
  ...categoriesApi,
  ...pricesApi,
  ...pricelistsApi,
  ...suppliersApi,
  ...documentsApi,
  ...draftsApi,
  ...purchasingApi,
  ...stockApi,
  ...shiftsApi,
  ...cartApi,
  ...customersApi,
  ...returnsApi,
  ...storeApi,
  ...devicesApi,
  ...reportsApi,
  ...periodApi,
  ...countsApi,
  ...expensesApi,
} as const satisfies DomainSpec;

/** The domains, for the contract's own checks (a method in two domains would silently shadow). */
export const API_DOMAINS = {
  system: systemApi,
  setup: setupApi,
  auth: authApi,
  users: usersApi,
  backup: backupApi,
  catalog: catalogApi,
  labels: labelsApi,
  categories: categoriesApi,
  prices: pricesApi,
  pricelists: pricelistsApi,
  suppliers: suppliersApi,
  documents: documentsApi,
  drafts: draftsApi,
  purchasing: purchasingApi,
  stock: stockApi,
  shifts: shiftsApi,
  cart: cartApi,
  customers: customersApi,
  returns: returnsApi,
  devices: devicesApi,
  reports: reportsApi,
  period: periodApi,
  counts: countsApi,
  store: storeApi,
  expenses: expensesApi,
} as const satisfies Record<string, DomainSpec>;

export type Method = keyof typeof apiSpec;
/** The methods whose access depends on the document kind (core/api/kind-access.ts resolves it). */
export type KindMethod = { [M in Method]: (typeof apiSpec)[M]['access'] extends 'by-kind' ? M : never }[Method];

/** What each method returns on success. */
export type ApiOutput<M extends Method> = OutputOf<(typeof apiSpec)[M]>;
/** What the caller sends (defaults may be omitted). */
export type ApiInput<M extends Method> = z.input<(typeof apiSpec)[M]['input']>;
/** What a handler receives, after validation and defaults. */
export type ApiParsed<M extends Method> = z.output<(typeof apiSpec)[M]['input']>;

export type { ApiError, ErrorCode, Result } from './errors';
export type * from './types';
export type * from './counter-types';
export type * from './catalog-types';
export type * from './purchasing-types';
export type * from './report-types';
export type * from './count-types';
export type * from './stock-types';
export type * from './pricelist-types';
export type { Access, Permission, BuiltinRole } from './permissions';
export type { MethodSpec } from './method';
