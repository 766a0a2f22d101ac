/**
 * The money side: cash flow by day and tender, and what the shop owes each supplier. Like the sales reports, every
 * document dated in the period counts whatever its status; a reversal's payment is negative on its own day.
 */
import type { Db } from '../../connection';
import { expenseSums } from './expenses';
import type { Row } from './sales';
import { addDays, type Period } from './shares';

const FLOW = [
  'salesCash',
  'salesCard',
  'returnsCash',
  'returnsCard',
  'cashIn',
  'cashOut',
  'supplierCash',
  'supplierBank',
  'expenseCash',
  'expenseBank',
  'expenseRent',
  'expenseWages',
  'expenseUtilities',
  'expenseOther',
  'netCash',
  'netCard',
  'netBank',
  'net',
] as const;
type FlowDay = { day: string } & Record<(typeof FLOW)[number], number>;

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** The shop's day an instant fell on (cash moves keep the instant only; their shift has no business date). */
function shopDay(timeZone: string, iso: string): string {
  let f = dayFormats.get(timeZone);
  if (!f) dayFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f.format(new Date(iso));
}

/**
 * Money in (positive) and out (negative) per business day: sales and returns by tender, cash put into and taken out
 * of the drawers, payments to suppliers in cash and from the bank, expenses in cash and from the bank (and the same
 * split by category). net* per tender, net = all of it.
 */
export function cashFlow(db: Db, q: Period & { timeZone?: string }): Row[] {
  const days = new Map<string, FlowDay>();
  const day = (d: string): FlowDay => {
    let r = days.get(d);
    if (!r) days.set(d, (r = { day: d, ...(Object.fromEntries(FLOW.map((k) => [k, 0])) as Record<(typeof FLOW)[number], number>) }));
    return r;
  };
  const pays = db.raw
    .prepare(
      `SELECT d.business_date AS day, d.type, pay.method, SUM(pay.amount) AS amount
       FROM documents d INDEXED BY documents_type_business_date_idx JOIN payments pay ON pay.document_id = d.id
       WHERE d.type IN ('sale', 'return', 'supplier_payment') AND d.business_date BETWEEN @from AND @to
       GROUP BY d.business_date, d.type, pay.method`,
    )
    .all({ from: q.from, to: q.to }) as { day: string; type: string; method: string; amount: number }[];
  for (const p of pays) {
    const r = day(p.day);
    if (p.type === 'sale') r[p.method === 'cash' ? 'salesCash' : 'salesCard'] += p.amount;
    else if (p.type === 'return') r[p.method === 'cash' ? 'returnsCash' : 'returnsCard'] -= p.amount;
    else r[p.method === 'bank' ? 'supplierBank' : 'supplierCash'] -= p.amount;
  }
  // A day either side of the period in UTC covers every zone; the shop's day then decides.
  const moves = db.raw
    .prepare(`SELECT kind, amount, at FROM cash_moves WHERE at >= @lo AND at < @hi`)
    .all({ lo: addDays(q.from, -1), hi: addDays(q.to, 2) }) as { kind: 'in' | 'out'; amount: number; at: string }[];
  const zone = q.timeZone ?? 'UTC';
  for (const m of moves) {
    const d = shopDay(zone, m.at);
    if (d < q.from || d > q.to) continue;
    if (m.kind === 'in') day(d).cashIn += m.amount;
    else day(d).cashOut -= m.amount;
  }
  const CATEGORY = { rent: 'expenseRent', wages: 'expenseWages', utilities: 'expenseUtilities', other: 'expenseOther' } as const;
  for (const e of expenseSums(db, q)) {
    const r = day(e.day);
    r[e.method === 'bank' ? 'expenseBank' : 'expenseCash'] -= e.amount;
    r[CATEGORY[e.category]] -= e.amount;
  }
  for (const r of days.values()) {
    // The expense categories split expenseCash + expenseBank; each counts once in the net.
    r.netCash = r.salesCash + r.returnsCash + r.cashIn + r.cashOut + r.supplierCash + r.expenseCash;
    r.netCard = r.salesCard + r.returnsCard;
    r.netBank = r.supplierBank + r.expenseBank;
    r.net = r.netCash + r.netCard + r.netBank;
  }
  return [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
}

interface Flow {
  supplierId: number;
  type: 'receipt' | 'supplier_return' | 'supplier_payment';
  before: 0 | 1;
  amount: number;
}

/**
 * What the shop owes each supplier: goods received (at their purchase cost) less goods returned (at the cost they
 * left at) less payments. opening is the balance at the end of the day before the period, closing at its end. A
 * reversal counts for the supplier of the document it reverses; a receipt with no supplier owes nobody.
 */
export function supplierSettlements(db: Db, q: Period & { supplierId?: number }): Row[] {
  const who = 'COALESCE(sd.supplier_id, so.supplier_id)';
  const filter = q.supplierId !== undefined ? `AND ${who} = @supplierId` : '';
  const from = `FROM documents d INDEXED BY documents_type_business_date_idx
       LEFT JOIN supplier_documents sd ON sd.document_id = d.id
       LEFT JOIN supplier_documents so ON so.document_id = d.reversal_of`;
  const args = { from: q.from, to: q.to, supplierId: q.supplierId };
  const goods = db.raw
    .prepare(
      `SELECT ${who} AS supplierId, d.type, d.business_date < @from AS before, SUM(l.cost_amount) AS amount
       ${from} JOIN document_lines l ON l.document_id = d.id
       WHERE d.type IN ('receipt', 'supplier_return') AND d.business_date <= @to AND ${who} IS NOT NULL ${filter}
       GROUP BY 1, 2, 3`,
    )
    .all(args) as Flow[];
  const paid = db.raw
    .prepare(
      `SELECT ${who} AS supplierId, d.type, d.business_date < @from AS before, SUM(pay.amount) AS amount
       ${from} JOIN payments pay ON pay.document_id = d.id
       WHERE d.type = 'supplier_payment' AND d.business_date <= @to AND ${who} IS NOT NULL ${filter}
       GROUP BY 1, 2, 3`,
    )
    .all(args) as Flow[];
  const names = new Map(
    (db.raw.prepare('SELECT id, name, tax_id AS taxId FROM suppliers').all() as { id: number; name: string; taxId: string | null }[]).map(
      (s) => [s.id, s],
    ),
  );
  const rows = new Map<number, { supplierId: number; name: string; taxId: string | null } & Record<Sums, number>>();
  for (const f of [...goods, ...paid]) {
    let r = rows.get(f.supplierId);
    if (!r) {
      const s = names.get(f.supplierId);
      const zero = { opening: 0, received: 0, returned: 0, paid: 0, closing: 0 };
      rows.set(f.supplierId, (r = { supplierId: f.supplierId, name: s?.name ?? '', taxId: s?.taxId ?? null, ...zero }));
    }
    const owed = f.type === 'receipt' ? f.amount : -f.amount;
    if (f.before) r.opening += owed;
    else if (f.type === 'receipt') r.received += f.amount;
    else if (f.type === 'supplier_return') r.returned += f.amount;
    else r.paid += f.amount;
  }
  for (const r of rows.values()) r.closing = r.opening + r.received - r.returned - r.paid;
  return [...rows.values()].sort((a, b) => b.closing - a.closing || a.supplierId - b.supplierId);
}
type Sums = 'opening' | 'received' | 'returned' | 'paid' | 'closing';
