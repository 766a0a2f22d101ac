/**
 * The day-by-day writer of bench/history.ts (what a day holds is described there). Ids are counted here rather than
 * read back, so each row costs one prepared statement; every day is one transaction.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { includedTax, lineAmount } from '../core/money';
import { dayIn } from '../core/posting/dates';
import { rng } from './util';

/** Days of history unless the caller asks for another span. */
export const DAYS_DEFAULT = 730;
const DAY_MS = 86_400_000;
const GENESIS = '0'.repeat(64);
/** Print jobs still waiting at the end (paper ran out before the last receipts of the last evening). */
export const WAITING = 5;
const FLOAT = 500_000;
const RETURN_RATE = 0.004;
const RECEIPT_LINES = 200;
/** A case of a piece product, 10 kg of a weighed one: what a restock brings beyond the day's need. */
const RESTOCK = { pcs: 24_000, weighed: 10_000 };
/** Lines per sale 1..8, ~3 on average. */
const LINES_CUMULATIVE = [0.27, 0.49, 0.67, 0.8, 0.89, 0.94, 0.97, 1];
const OWNER = 1;
const CASHIER = 2;

export interface Meta {
  /** The build's now: the history ends the evening before, the outbox holds what the retention keeps from it. */
  now: string;
  timeZone: string;
  firstDay: string;
  lastDay: string;
  printerCursor: number;
  counts: Record<string, number>;
}

interface Product {
  id: number;
  price: number;
  cost: number;
  tax: number;
  pcs: boolean;
}
interface SoldLine {
  lineId: number;
  p: Product;
  qty: number;
  price: number;
  amount: number;
  tax: number;
  cost: number;
}
interface Sold {
  docId: number;
  method: 'cash' | 'card';
  lines: SoldLine[];
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** The instant of a wall-clock time on a calendar day in a time zone (checked to fall on that day). */
function localInstant(fmt: Intl.DateTimeFormat, timeZone: string, ymd: string, hh: number, mm: number): number {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const offset = (t: number) => {
    const p = Object.fromEntries(fmt.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
    return Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!) - Math.floor(t / 1000) * 1000;
  };
  let t = wall - offset(wall);
  t = wall - offset(t);
  if (dayIn(timeZone, new Date(t)) !== ymd) throw new Error(`${hh}:${mm} on ${ymd} in ${timeZone} is not on that day`);
  return t;
}

export function writeHistory(
  db: Database.Database,
  o: { sales: number; days?: number; timeZone: string; now: Date; retentionMs: number; log: (s: string) => void },
): Meta {
  const DAYS = o.days ?? DAYS_DEFAULT;
  const products = (
    db.prepare(`SELECT id, price, cost, tax_rate_bp AS tax, unit FROM products WHERE active = 1 ORDER BY id`).all() as {
      id: number;
      price: number;
      cost: number;
      tax: number;
      unit: string;
    }[]
  ).map<Product>((r) => ({ id: r.id, price: r.price, cost: r.cost || Math.round(r.price * 0.7), tax: r.tax, pcs: r.unit === 'pcs' }));
  // On hand per product at location 1 as the history goes (stock_movements.qty_after), from what the shop had.
  const qtyAfter = new Float64Array(products.reduce((m, p) => Math.max(m, p.id), 0) + 1);
  for (const r of db.prepare('SELECT product_id AS id, qty FROM on_hand WHERE location_id = 1').all() as { id: number; qty: number }[])
    if (r.id < qtyAfter.length) qtyAfter[r.id] = r.qty;
  const maxId = (t: string) => (db.prepare(`SELECT COALESCE(MAX(id), 0) FROM ${t}`).pluck().get() as number) + 1;
  const seq = (name: string) => (db.prepare(`SELECT next FROM sequences WHERE name = ?`).pluck().get(name) as number | undefined) ?? 1;
  const next = { sale: seq('doc.sale'), return: seq('doc.return'), receipt: seq('doc.receipt'), shift: seq('shift') };
  const ids = { doc: maxId('documents'), line: maxId('document_lines') };
  // Whatever the fresh shop had queued went long ago: its rows would be dated now, out of step with older history.
  db.prepare('DELETE FROM outbox').run();
  let outboxId = Math.max(
    maxId('outbox'),
    ((db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'outbox'`).pluck().get() as number) ?? 0) + 1,
  );
  let prevHash = (db.prepare(`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`).pluck().get() as string | undefined) ?? GENESIS;
  const cashierName = db.prepare('SELECT name FROM users WHERE id = ?').pluck().get(CASHIER) as string;
  const s = {
    doc: db.prepare(
      `INSERT INTO documents (id, uuid, request_hash, type, number, status, location_id, base_document_id, author_id, total, tax_total, created_at, posted_at, business_date, shift_id, rounding)
       VALUES (?, ?, ?, ?, ?, 'posted', 1, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
    ),
    line: db.prepare(
      `INSERT INTO document_lines (id, document_id, line_no, product_id, qty, price, amount, tax_rate_bp, tax_amount, cost_amount, base_line_id, catalog_price, discount)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
    ),
    move: db.prepare(
      `INSERT INTO stock_movements (document_id, line_id, product_id, location_id, qty_delta, value_delta, at, business_date, qty_after) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)`,
    ),
    pay: db.prepare(`INSERT INTO payments (document_id, method, amount) VALUES (?, ?, ?)`),
    audit: db.prepare(
      `INSERT INTO audit_log (at, user_id, action, entity, entity_id, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    shiftOpen: db.prepare(`INSERT INTO shifts (number, location_id, opened_by, opened_at, float) VALUES (?, 1, ?, ?, ?)`),
    shiftClose: db.prepare(`UPDATE shifts SET closed_at = ?, closed_by = ?, counted_cash = ?, z_report = ? WHERE id = ?`),
    outbox: db.prepare(`INSERT INTO outbox (id, topic, payload, created_at) VALUES (?, ?, ?, ?)`),
  };
  const counts = {
    sales: 0,
    returns: 0,
    receipts: 0,
    lines: 0,
    saleLines: 0,
    movements: 0,
    shifts: 0,
    audit: 0,
    outboxWritten: 0,
    outboxKept: 0,
  };
  const cutoff = new Date(o.now.getTime() - o.retentionMs).toISOString();

  // As appendAudit hashes an entry (db/queries/audit.ts).
  const audit = (at: string, userId: number, action: string, entity: string, entityId: number, data: unknown) => {
    const d = JSON.stringify(data);
    const hash = sha(JSON.stringify([prevHash, at, userId, action, entity, String(entityId), d]));
    s.audit.run(at, userId, action, entity, String(entityId), d, prevHash, hash);
    prevHash = hash;
    counts.audit++;
  };
  // Ids keep counting for rows the retention has already pruned (AUTOINCREMENT never hands them out again).
  const enqueue = (topic: string, payload: unknown, at: string) => {
    const id = outboxId++;
    counts.outboxWritten++;
    if (at >= cutoff) {
      s.outbox.run(id, topic, JSON.stringify(payload), at);
      counts.outboxKept++;
    }
  };
  const doc = (
    type: 'sale' | 'return' | 'receipt',
    at: string,
    day: string,
    author: number,
    lines: { p: Product; qty: number; price: number; amount: number; tax: number; cost: number; baseLineId: number | null }[],
    extra: { base: number | null; shift: number | null },
  ) => {
    const id = ids.doc++;
    const number = `${{ sale: 'S', return: 'R', receipt: 'P' }[type]}-${String(next[type]++).padStart(6, '0')}`;
    const uuid = `00000000-0000-4000-8000-${id.toString(16).padStart(12, '0')}`;
    const total = lines.reduce((a, l) => a + l.amount, 0);
    const taxTotal = lines.reduce((a, l) => a + l.tax, 0);
    s.doc.run(id, uuid, sha(uuid), type, number, extra.base, author, total, taxTotal, at, at, day, extra.shift);
    const lineIds = lines.map((l, i) => {
      const lineId = ids.line++;
      const catalogPrice = type === 'receipt' ? null : l.p.price;
      s.line.run(lineId, id, i + 1, l.p.id, l.qty, l.price, l.amount, l.p.tax, l.tax, l.cost, l.baseLineId, catalogPrice);
      const sign = type === 'sale' ? -1 : 1;
      // On hand after it, as the engine stores it: the callers move onHand only after writing, so add it here.
      qtyAfter[l.p.id] = qtyAfter[l.p.id]! + sign * l.qty;
      s.move.run(id, lineId, l.p.id, sign * l.qty, sign * l.cost, at, day, qtyAfter[l.p.id]);
      counts.movements++;
      return lineId;
    });
    counts.lines += lines.length;
    audit(at, author, 'doc.post', 'document', id, { type, number, total, lines: lines.length, businessDate: day });
    return { id, number, total, lineIds };
  };

  const rand = rng(20240101);
  const onHand = new Float64Array(products.reduce((m, p) => Math.max(m, p.id), 0) + 1);
  const recent: Sold[] = [];
  const returned = new Set<number>();
  const pick = (): Product => products[Math.floor(products.length * rand() ** 3)]!;
  const qtyOf = (p: Product) => {
    if (!p.pcs) return 100 + Math.floor(rand() * 1900);
    const r = rand();
    return 1000 * (r < 0.8 ? 1 : r < 0.95 ? 2 : 3 + Math.floor(rand() * 4));
  };
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: o.timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const [ty, tm, td] = dayIn(o.timeZone, o.now).split('-').map(Number) as [number, number, number];
  const days = Array.from({ length: DAYS }, (_, k) => new Date(Date.UTC(ty, tm - 1, td) - (DAYS - k) * DAY_MS).toISOString().slice(0, 10));
  // Busier weekends and a seasonal swing; the counts add up to exactly o.sales.
  const weights = days.map(
    (d, k) => ([0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()) ? 1.3 : 1) * (1 + 0.15 * Math.sin((2 * Math.PI * k) / 365)),
  );
  const wSum = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  const perDay = weights.map((w) => {
    const before = Math.round((o.sales * acc) / wSum);
    acc += w;
    return Math.round((o.sales * acc) / wSum) - before;
  });

  const writeDay = db.transaction((day: string, count: number) => {
    const baskets = Array.from({ length: count }, () => {
      const r = rand();
      const n = 1 + LINES_CUMULATIVE.findIndex((c) => r < c);
      const chosen = new Map<number, { p: Product; qty: number }>();
      for (let tries = 0; chosen.size < n && tries < 20; tries++) {
        const p = pick();
        if (!chosen.has(p.id)) chosen.set(p.id, { p, qty: qtyOf(p) });
      }
      return [...chosen.values()];
    });
    // The morning delivery: whatever would run short today, plus a case (returns only add to stock).
    const need = new Map<Product, number>();
    for (const b of baskets) for (const l of b) need.set(l.p, (need.get(l.p) ?? 0) + l.qty);
    const restock = [...need]
      .filter(([p, q]) => onHand[p.id]! < q)
      .map(([p, q]) => ({ p, qty: q - onHand[p.id]! + (p.pcs ? RESTOCK.pcs : RESTOCK.weighed) }));
    for (let i = 0; i < restock.length; i += RECEIPT_LINES) {
      const at = new Date(localInstant(fmt, o.timeZone, day, 6, 30 + Math.floor(i / RECEIPT_LINES))).toISOString();
      const lines = restock.slice(i, i + RECEIPT_LINES).map(({ p, qty }) => {
        const amount = lineAmount(p.cost, qty);
        onHand[p.id] = onHand[p.id]! + qty;
        return { p, qty, price: p.cost, amount, tax: includedTax(amount, p.tax), cost: amount, baseLineId: null };
      });
      doc('receipt', at, day, OWNER, lines, { base: null, shift: null });
      counts.receipts++;
    }

    const open = localInstant(fmt, o.timeZone, day, 8, 0);
    const close = localInstant(fmt, o.timeZone, day, 21, 0);
    const openedAt = new Date(open).toISOString();
    const number = next.shift++;
    const shiftId = Number(s.shiftOpen.run(number, CASHIER, openedAt, FLOAT).lastInsertRowid);
    counts.shifts++;
    audit(openedAt, CASHIER, 'shift.open', 'shift', shiftId, { number, locationId: 1, float: FLOAT });
    const z = {
      sales: { count: 0, total: 0 },
      returns: { count: 0, total: 0 },
      cash: { sales: 0, refunds: 0 },
      card: { sales: 0, refunds: 0 },
    };
    const taxes = new Map<number, { amount: number; tax: number }>();
    const taxed = (rate: number, amount: number, tax: number) => {
      const t = taxes.get(rate) ?? { amount: 0, tax: 0 };
      taxes.set(rate, { amount: t.amount + amount, tax: t.tax + tax });
    };
    const span = close - open - 30 * 60_000;
    baskets.forEach((basket, k) => {
      const at = new Date(open + 15 * 60_000 + Math.floor(((k + 0.3 + 0.4 * rand()) / count) * span)).toISOString();
      const lines = basket.map(({ p, qty }) => {
        const amount = lineAmount(p.price, qty);
        onHand[p.id] = onHand[p.id]! - qty;
        return { p, qty, price: p.price, amount, tax: includedTax(amount, p.tax), cost: lineAmount(p.cost, qty), baseLineId: null };
      });
      const method = rand() < 0.55 ? 'card' : 'cash';
      const d = doc('sale', at, day, CASHIER, lines, { base: null, shift: shiftId });
      s.pay.run(d.id, method, d.total);
      const change = method === 'cash' ? Math.ceil(d.total / 10_000) * 10_000 - d.total : 0;
      enqueue('receipt.print', { docId: d.id, change }, at);
      counts.sales++;
      counts.saleLines += lines.length;
      z.sales.count++;
      z.sales.total += d.total;
      z[method].sales += d.total;
      for (const l of lines) taxed(l.p.tax, l.amount, l.tax);
      recent.push({ docId: d.id, method, lines: lines.map((l, i) => ({ ...l, lineId: d.lineIds[i]! })) });
      if (recent.length > 5000) recent.shift();

      // Now and then a customer brings back one line of a recent sale, whole.
      if (rand() >= RETURN_RATE || recent.length < 100) return;
      const sale = recent[Math.floor(rand() * (recent.length - 1))]!;
      if (returned.has(sale.docId)) return;
      returned.add(sale.docId);
      const l = sale.lines[Math.floor(rand() * sale.lines.length)]!;
      const rAt = new Date(Date.parse(at) + 20_000).toISOString();
      const r = doc('return', rAt, day, CASHIER, [{ ...l, baseLineId: l.lineId }], { base: sale.docId, shift: shiftId });
      onHand[l.p.id] = onHand[l.p.id]! + l.qty;
      s.pay.run(r.id, sale.method, r.total);
      enqueue('receipt.print', { docId: r.id }, rAt);
      counts.returns++;
      z.returns.count++;
      z.returns.total += r.total;
      z[sale.method].refunds += r.total;
      taxed(l.p.tax, -l.amount, -l.tax);
    });

    // The close as closeShift does it: the Z report kept on the shift, audited, queued for the printer.
    const closedAt = new Date(close).toISOString();
    const expectedCash = FLOAT + z.cash.sales - z.cash.refunds;
    const countedCash = rand() < 0.05 ? expectedCash - 100 * (1 + Math.floor(rand() * 50)) : expectedCash;
    const shift = { id: shiftId, number, locationId: 1, openedBy: CASHIER, openedByName: cashierName, openedAt, float: FLOAT };
    const report = {
      kind: 'Z',
      shift: { ...shift, closedAt, closedBy: CASHIER, countedCash },
      sales: z.sales,
      returns: z.returns,
      byMethod: { cash: z.cash, card: z.card },
      taxes: [...taxes].sort((a, b) => b[0] - a[0]).map(([rateBp, t]) => ({ rateBp, ...t })),
      discounts: 0,
      cashIn: 0,
      cashOut: 0,
      expectedCash,
      countedCash,
      difference: countedCash - expectedCash,
      at: closedAt,
    };
    s.shiftClose.run(closedAt, CASHIER, countedCash, JSON.stringify(report), shiftId);
    audit(closedAt, CASHIER, 'shift.close', 'shift', shiftId, {
      number,
      expectedCash,
      countedCash,
      difference: report.difference,
      sales: z.sales,
      returns: z.returns,
    });
    enqueue('report.print', { shiftId, kind: 'Z' }, closedAt);
  });
  days.forEach((day, k) => {
    writeDay(day, perDay[k]!);
    if ((k + 1) % 100 === 0) o.log(`    ${k + 1}/${DAYS} days, ${counts.sales} sales`);
  });

  let printerCursor = 0;
  db.transaction(() => {
    const setSeq = db.prepare(`INSERT OR REPLACE INTO sequences (name, next) VALUES (?, ?)`);
    for (const [name, n] of Object.entries(next)) setSeq.run(name === 'shift' ? 'shift' : `doc.${name}`, n);
    db.prepare('DELETE FROM on_hand').run();
    db.prepare(
      `INSERT INTO on_hand (product_id, location_id, qty, value) SELECT product_id, location_id, SUM(qty_delta), SUM(value_delta) FROM stock_movements GROUP BY product_id, location_id`,
    ).run();
    // The printer printed everything up to the last WAITING jobs; two it could not render were set aside on the way.
    printerCursor = db.prepare(`SELECT id FROM outbox ORDER BY id DESC LIMIT 1 OFFSET ?`).pluck().get(WAITING) as number;
    db.prepare(`UPDATE outbox_consumers SET cursor = ? WHERE name = 'printer'`).run(printerCursor);
    const dead = db
      .prepare(`SELECT id, created_at AS at FROM outbox WHERE topic = 'receipt.print' AND id < ? ORDER BY id LIMIT 2 OFFSET 500`)
      .all(printerCursor) as { id: number; at: string }[];
    for (const d of dead)
      db.prepare(`INSERT INTO outbox_done (consumer, outbox_id, outcome, reason, at) VALUES ('printer', ?, 'dead', ?, ?)`).run(
        d.id,
        'the receipt could not be rendered: document not found',
        d.at,
      );
  })();
  return { now: o.now.toISOString(), timeZone: o.timeZone, firstDay: days[0]!, lastDay: days[DAYS - 1]!, printerCursor, counts };
}
