import { returns, type DomainSpec } from '../method';
import * as s from '../schemas';
import type * as T from '../types';

/** Documents in progress, outside the ledger until posted. */
export const draftsApi = {
  'draft.create': { input: s.draftCreateInput, output: returns<T.Draft>(), access: 'by-kind' },
  'draft.get': { input: s.draftGetInput, output: returns<T.Draft>(), access: 'stock.view' },
  'draft.list': { input: s.draftListInput, output: returns<T.DraftPage>(), access: 'stock.view' },
  'draft.update': { input: s.draftUpdateInput, output: returns<T.Draft>(), access: 'by-kind' },
  'draft.setLines': { input: s.draftSetLinesInput, output: returns<T.Draft>(), access: 'by-kind' },
  'draft.addLine': { input: s.draftAddLineInput, output: returns<T.Draft>(), access: 'by-kind' },
  'draft.updateLine': { input: s.draftUpdateLineInput, output: returns<T.Draft>(), access: 'by-kind' },
  'draft.removeLine': { input: s.draftRemoveLineInput, output: returns<T.Draft>(), access: 'by-kind' },
  'draft.post': { input: s.draftGetInput, output: returns<T.PostResult>(), access: 'by-kind' },
  'draft.discard': { input: s.draftGetInput, output: returns<T.Draft>(), access: 'by-kind' },
} as const satisfies DomainSpec;
