import { inDraftTransaction, inTransaction } from '../../db/connection';
import { nowIso } from '../../db/prepared';
import { appendAudit } from '../../db/queries/audit';
import * as q from '../../db/queries/drafts';
import { actorOf, keep, type DomainHandlers, type Services } from '../api/handler';
import type { Draft } from '../contract/types';
import { checkHeader, checkLines, createDraft, draftView, openDraft, postDraft } from '../drafts/drafts';
import { fail } from '../errors';
import type { draftsApi } from '../contract/methods/drafts';

/**
 * A change to an open draft. Not a change of stock or money, so no audit row and no fsync (as cart edits): a power
 * cut can lose the last edits, never a posted document.
 */
function edit(svc: Services, id: number, fn: (d: q.DraftRow) => void): Draft {
  return inDraftTransaction(svc.db, () => {
    const d = openDraft(svc.db, id);
    fn(d);
    q.updateDraft(svc.db, id, { updatedAt: nowIso() });
    return draftView(svc.db, id);
  });
}

const lineOf = (svc: Services, draftId: number, lineId: number) =>
  q.getDraftLine(svc.db, draftId, lineId) ?? fail('not_found', `line ${lineId} is not on draft ${draftId}`);

export const draftHandlers: DomainHandlers<typeof draftsApi> = {
  'draft.create': (svc, ctx, input) => createDraft(svc.db, ctx, input),

  'draft.get': (svc, _ctx, input) => draftView(svc.db, input.id),

  'draft.list': (svc, _ctx, input) => {
    const rows = q.listDrafts(svc.db, { ...input, limit: input.limit + 1 });
    const items = rows.slice(0, input.limit);
    return { items, nextCursor: rows.length > input.limit ? items[items.length - 1]!.id : null };
  },

  'draft.update': (svc, ctx, input) =>
    edit(svc, input.id, (d) => {
      const header: q.DraftHeader = {
        locationId: input.locationId ?? d.locationId,
        toLocationId: keep(input.toLocationId, d.toLocationId),
        businessDate: keep(input.businessDate, d.businessDate),
        note: keep(input.note, d.note),
        extra: input.extra ?? d.extra,
      };
      checkHeader(svc.db, ctx, d.type, header);
      q.updateDraft(svc.db, d.id, { ...header, updatedAt: nowIso() });
    }),

  'draft.setLines': (svc, _ctx, input) =>
    edit(svc, input.id, (d) => {
      checkLines(svc.db, d.type, input.lines);
      q.replaceDraftLines(svc.db, d.id, input.lines);
    }),

  'draft.addLine': (svc, _ctx, input) =>
    edit(svc, input.id, (d) => {
      const line = { productId: input.productId, qty: input.qty, unitCost: input.unitCost };
      checkLines(svc.db, d.type, [...q.linesOfDraft(svc.db, d.id), line]);
      q.appendDraftLines(svc.db, d.id, [line]);
    }),

  'draft.updateLine': (svc, _ctx, input) =>
    edit(svc, input.id, (d) => {
      const line = lineOf(svc, d.id, input.lineId)!;
      if (input.unitCost != null && d.type !== 'receipt') fail('validation', `only receipt lines carry a unit cost, not ${d.type} lines`);
      q.updateDraftLine(svc.db, line.id, { qty: input.qty, unitCost: input.unitCost });
    }),

  'draft.removeLine': (svc, _ctx, input) =>
    edit(svc, input.id, (d) => {
      const line = lineOf(svc, d.id, input.lineId)!;
      q.removeDraftLine(svc.db, d.id, line.id, line.lineNo);
    }),

  'draft.post': (svc, ctx, input) => {
    const found = q.getDraft(svc.db, input.id);
    const r = postDraft(svc, ctx, input.id);
    svc.events.emit({ type: 'doc.posted', id: r.id, docType: found!.type, number: r.number });
    return r;
  },

  'draft.discard': (svc, ctx, input) => {
    return inTransaction(svc.db, () => {
      const d = openDraft(svc.db, input.id);
      const lines = q.linesOfDraft(svc.db, d.id).length;
      q.closeDraft(svc.db, d.id, 'discarded', null, nowIso());
      appendAudit(svc.db, {
        userId: actorOf(ctx).userId,
        action: 'draft.discard',
        entity: 'draft',
        entityId: d.id,
        data: { uuid: d.uuid, type: d.type, lines },
      });
      return draftView(svc.db, d.id);
    });
  },
};
