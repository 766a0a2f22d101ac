import { getDraft } from '../../db/queries/drafts';
import type { ApiParsed, KindMethod } from '../contract/api';
import type { DocType } from '../contract/types';
import type { Services } from './handler';

const ofDraft = (svc: Services, input: { id: number }): DocType | null => getDraft(svc.db, input.id)?.type ?? null;

/**
 * The document kind each 'by-kind' method concerns, so dispatch can ask for that kind's permission
 * (DOC_KIND_PERMISSION). A missing entry fails to compile. Null: no such draft, and the handler answers not_found.
 */
export const KIND_OF: { [M in KindMethod]: (svc: Services, input: ApiParsed<M>) => DocType | null } = {
  'doc.post': (_svc, input) => input.type,
  'draft.create': (_svc, input) => input.type,
  'draft.update': ofDraft,
  'draft.setLines': ofDraft,
  'draft.addLine': ofDraft,
  'draft.updateLine': ofDraft,
  'draft.removeLine': ofDraft,
  'draft.post': ofDraft,
  'draft.discard': ofDraft,
};
