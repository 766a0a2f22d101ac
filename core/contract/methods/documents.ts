import { returns, type DomainSpec } from '../method';
import * as s from '../schemas';
import type * as T from '../types';

/** Posted documents and stock: the ledger side. */
export const documentsApi = {
  'sale.post': { input: s.salePostInput, output: returns<T.PostResult>(), access: 'sale.post' },
  'sale.list': { input: s.saleListInput, output: returns<T.SalePage>(), access: 'sale.view_all' },
  'doc.get': { input: s.docGetInput, output: returns<T.Doc>(), access: 'sale.view_all' },
  'doc.post': { input: s.docPostInput, output: returns<T.PostResult>(), access: 'by-kind' },
  'doc.cancel': { input: s.docCancelInput, output: returns<T.PostResult>(), access: 'doc.cancel' },
  'stock.onHand': { input: s.onHandInput, output: returns<T.StockPage>(), access: 'stock.view' },
  'stock.movements': { input: s.movementsInput, output: returns<T.MovementPage>(), access: 'stock.view' },
} as const satisfies DomainSpec;
