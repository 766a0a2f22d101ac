/** Loss control: per user, what a shop owner looks at when cash or stock goes missing. */
import type { LossRows, Period } from '../../db/queries/counter/reports';
import type { LossReport, LossRow } from '../contract/counter-types';
import type { Reader } from '../reader/types';

const DENIED = ['access.denied', 'approval.required', 'approval.refused'];
/** A price off the list on any path: set in a cart, posted by sale.post, refunded by a return without a receipt. */
const OVERRIDES = ['cart.price_override', 'sale.price_override', 'return.price_override'];
const ACTIONS = ['cart.void_line', 'drawer.open', 'cart.discount', ...OVERRIDES, ...DENIED];

/** The audit log and documents of years make this a long read: it runs in the reader, off the till's thread. */
export async function lossReport(reader: Reader, p: Period): Promise<LossReport> {
  return buildLossReport(p, await reader.run('report.loss', { ...p, actions: ACTIONS }));
}

function buildLossReport(p: Period, { names, audit, returns, shortages }: LossRows): LossReport {
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
  for (const a of audit) {
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
  for (const x of returns) {
    if (x.n === 0 && x.amount === 0) continue;
    const r = row(x.userId);
    r.returnsWithoutReceipt += x.n;
    r.returnsWithoutReceiptAmount += x.amount;
  }
  return {
    from: p.from ?? null,
    to: p.to ?? null,
    byUser: [...rows.values()].sort((a, b) => a.userName.localeCompare(b.userName)),
    countShortages: shortages,
  };
}
