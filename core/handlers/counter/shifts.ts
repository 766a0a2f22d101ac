import * as q from '../../../db/queries/counter/shifts';
import { actorOf, type DomainHandlers, type Services } from '../../api/handler';
import { backupNow } from '../../backup';
import { counterLocation } from '../../counter/context';
import { closeShift, moveCash, openShift, reportOf, requireOpenShift, shiftReport, toShift } from '../../counter/shifts';
import { fail } from '../../errors';
import { requestHash } from '../../posting/engine';
import type { shiftsApi } from '../../contract/methods/shifts';

/** After a close: a backup of the day's work. Its failure never undoes the close; it is logged. */
function backupAfterClose(svc: Services): void {
  const db = svc.db;
  void backupNow(db, svc.backupDir, 'shift').catch((err: unknown) => {
    // Closing and restoring wait for it (backupsDone); if the file was closed under it all the same, say so plainly.
    const why = db.raw.open ? (err as Error).message : 'Lavka closed the database before the backup finished';
    console.error('[lavka] backup after shift close failed:', why);
  });
}

export const shiftHandlers: DomainHandlers<typeof shiftsApi> = {
  'shift.current': (svc) => {
    const s = q.openShiftAt(svc.db, counterLocation(svc.db));
    return s ? toShift(svc.db, s) : null;
  },
  'shift.open': (svc, ctx, input) => {
    const row = openShift(svc.db, actorOf(ctx).userId, input.locationId ?? counterLocation(svc.db), input.float);
    svc.events.emit({ type: 'shift.changed', shiftId: row.id });
    return toShift(svc.db, row);
  },
  'shift.cash': (svc, ctx, input) => {
    const r = moveCash(svc.db, actorOf(ctx).userId, counterLocation(svc.db), input, requestHash({ cash: input }));
    if (!r.replayed) svc.events.emit({ type: 'shift.changed', shiftId: r.shift.id });
    return toShift(svc.db, q.getShift(svc.db, r.shift.id)!);
  },
  'shift.x': (svc) => shiftReport(svc.db, requireOpenShift(svc.db, counterLocation(svc.db)), 'X', null),
  'shift.close': (svc, ctx, input) => {
    const z = closeShift(svc.db, actorOf(ctx).userId, counterLocation(svc.db), input.countedCash);
    svc.devices?.outboxChanged();
    svc.events.emit({ type: 'shift.changed', shiftId: z.shift.id });
    backupAfterClose(svc);
    return z;
  },
  'shift.list': (svc, _ctx, input) => q.listShifts(svc.db, input).map((s) => toShift(svc.db, s)),
  'shift.report': (svc, _ctx, input) =>
    reportOf(svc.db, q.getShift(svc.db, input.id) ?? fail('not_found', `shift ${input.id} does not exist`)),
};
