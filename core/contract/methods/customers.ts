import { returns, type DomainSpec } from '../method';
import * as c from '../counter-schemas';
import type * as C from '../counter-types';

/** Customers found or added at the counter. */
export const customersApi = {
  'customer.find': { input: c.customerFindInput, output: returns<C.Customer | null>(), access: 'sale.post' },
  'customer.upsert': { input: c.customerUpsertInput, output: returns<C.Customer>(), access: 'sale.post' },
} as const satisfies DomainSpec;
