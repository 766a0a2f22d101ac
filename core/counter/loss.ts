/** Loss control: per user, what a shop owner looks at when cash or stock goes missing. */
import type { Db } from '../../db/connection';
import { auditByUser, countShortages, returnsWithoutReceipt, userNames, type Period } from '../../db/queries/counter/reports';
import type { LossReport, LossRow } from '../contract/counter-types';

const DENIED = ['access.denied', 'approval.required', 'approval.refused'];
/** A price off the list on any path: set in a cart, posted by sale.post, refunded by a return without a receipt. */
const OVERRIDES = ['cart.price_override', 'sale.price_override', 'return.price_override'];
const ACTIONS = ['cart.void_line', 'drawer.open', 'cart.discount', ...OVERRIDES, ...DENIED];

export function lossReport(db: Db, p: Period): LossReport {
  const names = userNames(db);
  const rows = new Map<number, LossRow>();
  const row = (userId: number): LossRow => {
    let r = rows.get(userId);
    if (!r) {
      r = {
        userId,
        userName: names.get(userId) ?? `#${userId}`,
        voidedLines: 0,
        voidedAmount: 0,
        drawerOpenings: 0,
        discounts: 0,
        discountAmount: 0,
        priceOverrides: 0,
        returnsWithoutReceipt: 0,
        returnsWithoutReceiptAmount: 0,
        deniedAttempts: 0,
      };
      rows.set(userId, r);
    }
    return r;
  };
  for (const a of auditByUser(db, ACTIONS, p)) {
    const r = row(a.userId);
    if (a.action === 'cart.void_line') {
      r.voidedLines += a.n;
      r.voidedAmount += a.amount;
    } else if (a.action === 'drawer.open') r.drawerOpenings += a.n;
    else if (a.action === 'cart.discount') {
      r.discounts += a.n;
      r.discountAmount += a.amount;
    } else if (OVERRIDES.includes(a.action)) r.priceOverrides += a.n;
    else r.deniedAttempts += a.n;
  }
  for (const x of returnsWithoutReceipt(db, p)) {
    if (x.n === 0 && x.amount === 0) continue;
    const r = row(x.userId);
    r.returnsWithoutReceipt += x.n;
    r.returnsWithoutReceiptAmount += x.amount;
  }
  return {
    from: p.from ?? null,
    to: p.to ?? null,
    byUser: [...rows.values()].sort((a, b) => a.userName.localeCompare(b.userName)),
    countShortages: countShortages(db, p),
  };
}
