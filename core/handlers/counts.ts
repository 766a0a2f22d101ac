import { accuracyOfCounts, listCountSessions } from '../../db/queries/counts';
import type { DomainHandlers } from '../api/handler';
import type { countsApi } from '../contract/methods/counts';
import { exportCount } from '../counts/export';
import { accuracyBp, countVariance, postCount } from '../counts/post';
import { cancelCount, countSession, countView, createCount, progressOf, scanIntoCount } from '../counts/sessions';

export const countHandlers: DomainHandlers<typeof countsApi> = {
  'count.create': (svc, ctx, input) => createCount(svc, ctx, input),
  'count.list': (svc, _ctx, input) => {
    const rows = listCountSessions(svc.db, input);
    return {
      rows: rows.map((s) => ({ ...s, progress: progressOf(svc.db, s) })),
      nextCursor: rows.length === input.limit ? rows.at(-1)!.id : null,
    };
  },
  'count.get': (svc, ctx, input) => countView(svc.db, ctx, input.id),
  'count.progress': (svc, _ctx, input) => progressOf(svc.db, countSession(svc.db, input.id)),
  'count.scan': (svc, ctx, input) => scanIntoCount(svc, ctx, input),
  'count.variance': (svc, _ctx, input) => countVariance(svc, input.id),
  'count.post': (svc, ctx, input) => postCount(svc, ctx, input.id),
  'count.cancel': (svc, ctx, input) => cancelCount(svc, ctx, input.id),
  'count.export': (svc, ctx, input) => exportCount(svc, ctx, input.id, input.what),
  'count.accuracy': (svc, _ctx, input) => {
    const rows = accuracyOfCounts(svc.db, input.limit);
    let counted = 0;
    let matched = 0;
    for (const r of rows) {
      counted += r.itemsCounted;
      matched += r.itemsMatched;
    }
    return {
      counts: rows.map((r) => ({ ...r, accuracyBp: accuracyBp(r.itemsMatched, r.itemsCounted) })),
      overallBp: rows.length ? accuracyBp(matched, counted) : null,
    };
  },
};
