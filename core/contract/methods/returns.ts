import { returns, type DomainSpec } from '../method';
import * as c from '../counter-schemas';
import type * as C from '../counter-types';
import type * as T from '../types';

/** Returns at the counter: find the receipt, post the return. */
export const returnsApi = {
  'receipt.find': { input: c.receiptFindInput, output: returns<C.ReceiptForReturn>(), access: 'return.post' },
  'receipt.search': { input: c.receiptSearchInput, output: returns<T.DocSummary[]>(), access: 'return.post' },
  'return.post': { input: c.returnPostInput, output: returns<T.PostResult>(), access: 'return.post' },
} as const satisfies DomainSpec;
