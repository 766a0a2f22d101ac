/** Cash shifts: open with a float, cash in/out, X report any time, close with the counted cash into a kept Z report. */
import { inTransaction, type Db } from '../../db/connection';
import { nowIso } from '../../db/prepared';
import { appendAudit } from '../../db/queries/audit';
import * as q from '../../db/queries/counter/shifts';
import { enqueue } from '../../db/queries/outbox';
import { shiftExpenseCash } from '../../db/queries/expenses';
import type { Shift, ShiftReport } from '../contract/counter-types';
import type { PaymentMethod } from '../contract/types';
import { fail } from '../errors';
import { activeLocation, locationName } from './context';

export function toShift(db: Db, r: q.ShiftRow): Shift {
  return {
    id: r.id,
    number: r.number,
    locationId: r.locationId,
    openedBy: r.openedBy,
    openedByName: q.userName(db, r.openedBy),
    openedAt: r.openedAt,
    float: r.float,
    closedAt: r.closedAt,
    closedBy: r.closedBy,
    countedCash: r.countedCash,
  };
}

/** The open shift of a location, or a clear refusal: no sale or return happens outside a shift. */
export function requireOpenShift(db: Db, locationId: number): q.ShiftRow {
  return (
    q.openShiftAt(db, locationId) ??
    fail('invalid_state', `no shift is open at ${locationName(db, locationId)}: open a shift (with the cash float) before selling`)
  );
}

/** Opens a shift; one open shift per location. Runs in its own transaction (or the caller's). */
export function openShift(db: Db, userId: number, locationId: number, float: number, at = nowIso()): q.ShiftRow {
  return inTransaction(db, () => {
    activeLocation(db, locationId);
    const open = q.openShiftAt(db, locationId);
    if (open)
      fail(
        'invalid_state',
        `shift ${open.number} is already open at ${locationName(db, locationId)} (since ${open.openedAt}); close it first`,
      );
    const id = q.insertShift(db, { locationId, openedBy: userId, openedAt: at, float });
    const row = q.getShift(db, id)!;
    appendAudit(db, { userId, action: 'shift.open', entity: 'shift', entityId: id, data: { number: row.number, locationId, float } });
    return row;
  });
}

/** Totals of a shift's documents and cash as of now. */
export function shiftReport(db: Db, shift: q.ShiftRow, kind: 'X' | 'Z', countedCash: number | null): ShiftReport {
  const t = q.shiftDocTotals(db, shift.id);
  const moved = q.cashMoveTotals(db, shift.id);
  const { cashIn } = moved;
  // Expenses paid from the drawer (less their reversals there) are cash taken out, like a cash move out.
  const cashOut = moved.cashOut + shiftExpenseCash(db, shift.id);
  const byMethod: ShiftReport['byMethod'] = {
    cash: { sales: 0, refunds: 0 },
    card: { sales: 0, refunds: 0 },
    online: { sales: 0, refunds: 0 },
  };
  for (const p of t.payments) byMethod[p.method as PaymentMethod][p.type === 'sale' ? 'sales' : 'refunds'] += p.amount;
  const expectedCash = shift.float + byMethod.cash.sales - byMethod.cash.refunds + cashIn - cashOut;
  return {
    kind,
    shift: toShift(db, shift),
    sales: { count: t.salesCount, total: t.salesTotal },
    returns: { count: t.returnsCount, total: t.returnsTotal },
    byMethod,
    taxes: t.taxes,
    discounts: t.discounts,
    cashIn,
    cashOut,
    expectedCash,
    countedCash,
    difference: countedCash === null ? null : countedCash - expectedCash,
    at: nowIso(),
  };
}

/** Cash in or out of the drawer, idempotent by uuid (the same request again returns the shift as it is). */
export function moveCash(
  db: Db,
  userId: number,
  locationId: number,
  /** at: when it happened, for the demo's past; omitted, now. */
  m: { uuid: string; kind: 'in' | 'out'; amount: number; reason: string; at?: string },
  requestHash: string,
): { shift: q.ShiftRow; replayed: boolean } {
  return inTransaction(db, () => {
    const seen = q.cashMoveByUuid(db, m.uuid);
    if (seen) {
      if (seen.requestHash !== requestHash) fail('idempotency_conflict', `cash move ${m.uuid} was already recorded with different content`);
      return { shift: q.getShift(db, seen.shiftId)!, replayed: true };
    }
    const shift = requireOpenShift(db, locationId);
    if (m.kind === 'out') {
      const inDrawer = shiftReport(db, shift, 'X', null).expectedCash;
      if (m.amount > inDrawer) fail('invalid_state', `the drawer should hold ${inDrawer}; cannot take out ${m.amount}`);
    }
    const at = m.at ?? nowIso();
    const id = q.insertCashMove(db, {
      uuid: m.uuid,
      requestHash,
      shiftId: shift.id,
      kind: m.kind,
      amount: m.amount,
      reason: m.reason,
      userId,
      at,
    });
    appendAudit(db, {
      userId,
      action: 'shift.cash',
      entity: 'shift',
      entityId: shift.id,
      data: { moveId: id, kind: m.kind, amount: m.amount, reason: m.reason },
    });
    return { shift, replayed: false };
  });
}

/**
 * Closes the location's open shift with the counted cash: the Z report is stored on the shift (a trigger keeps
 * it from changing) and queued for printing, all in one transaction.
 */
export function closeShift(
  db: Db,
  userId: number,
  locationId: number,
  countedCash: number,
  // The demo's past (core/demo/history.ts) closes its shifts when they ended, and prints none of them.
  o: { at?: string; print?: boolean } = {},
): ShiftReport {
  return inTransaction(db, () => {
    const shift = requireOpenShift(db, locationId);
    const at = o.at ?? nowIso();
    const closed = { ...shift, closedAt: at, closedBy: userId, countedCash };
    const z = { ...shiftReport(db, closed, 'Z', countedCash), at };
    q.closeShiftRow(db, shift.id, { closedAt: at, closedBy: userId, countedCash, zReport: JSON.stringify(z) });
    appendAudit(db, {
      userId,
      action: 'shift.close',
      entity: 'shift',
      entityId: shift.id,
      data: {
        number: shift.number,
        expectedCash: z.expectedCash,
        countedCash,
        difference: z.difference,
        sales: z.sales,
        returns: z.returns,
      },
    });
    if (o.print !== false) enqueue(db, 'report.print', { shiftId: shift.id, kind: 'Z' });
    return z;
  });
}

/** A closed shift's kept Z report, or an X report of an open one. */
export function reportOf(db: Db, shift: q.ShiftRow): ShiftReport {
  if (shift.closedAt && shift.zReport) return JSON.parse(shift.zReport) as ShiftReport;
  return shiftReport(db, shift, 'X', null);
}
