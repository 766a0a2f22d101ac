/**
 * Random operation sequences through the API, by the paths the screens use, against an independent model of the
 * ledger: sales through the cart (cart.add / cart.setQty / cart.pay), returns through return.post, receipts,
 * write-offs, transfers and counts through drafts (draft.create or addLine, draft.post) or doc.post, returns to the
 * supplier by doc.post, count sessions whose scans and post are ops of their own (so sales, returns and receipts fall
 * between an item's count and the post), cancellations, shifts opened and closed; back-office documents now and then
 * back-dated by the owner. After every step on-hand
 * equals the sum of movements and the model's stock, and the shift's X (or Z) report's cash and card totals equal
 * the payments of its documents. Also: moving-average cost, business dates, idempotency, and "a failed call writes
 * nothing". LEDGER_RUNS and LEDGER_SEED change how many sequences run and which.
 */
import fc from 'fast-check';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { createCore, DB_FILE, type Core } from '../core/app';
import type { ShiftReport } from '../core/contract/counter-types';
import type { Doc, DocType } from '../core/contract/types';
import { backupsDone } from '../core/backup';
import { transitLocation } from '../core/counter/context';
import { insertLocation } from '../db/queries/people';
import { insertProduct } from '../db/queries/products';
import { salesByDay } from '../db/queries/reports/sales';
import { stockByLocationAsOf } from '../db/queries/reports/stock';
import { ledgerViolations } from '../db/queries/stock';
import { buildMonthEnds } from '../bench/history';
import { as, loose, MIGRATIONS, openShift, testCore, uuid } from './helpers';

/** round(a*b/c), halves away from zero — written apart from core/money.ts on purpose. */
function rdiv(a: number, b: number, c: number): number {
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  const [an, ad] = [n < 0n ? -n : n, d < 0n ? -d : d];
  const q = an / ad + ((an % ad) * 2n >= ad ? 1n : 0n);
  return Number(n < 0n !== d < 0n ? -q : q);
}

/** Calendar arithmetic and "today" in a zone, apart from core/posting/dates.ts. */
const dayIn = (timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const daysFrom = (day: string, n: number) => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

type Pay = { method: 'cash' | 'card'; amount: number };
type MLine = { id: number; p: number; qty: number; amount: number; cost: number; baseLine?: number };
type Move = { p: number; loc: number; dq: number; dv: number };
type Req = {
  method: 'cart.pay' | 'return.post' | 'doc.post' | 'draft.post' | 'doc.cancel' | 'count.post' | 'transfer.receive';
  input: Record<string, unknown>;
};
type MDoc = {
  id: number;
  type: DocType;
  status: 'posted' | 'cancelled';
  reversal: boolean;
  loc: number;
  /** A transfer's destination (its goods wait in transit until a transfer_in takes them there). */
  to?: number;
  base: number | null;
  lines: MLine[];
  moves: Move[];
  pays: Pay[];
  req: Req;
  shift: number | null;
  date: string;
};
type Plan = { lines: Omit<MLine, 'id'>[]; moves: Move[]; pays: Pay[]; change?: number };
type Meta = Pick<MDoc, 'type' | 'loc' | 'to' | 'base' | 'reversal' | 'shift'> & { date: string | 'today' };

class Model {
  stock = new Map<string, { qty: number; value: number }>();
  cost = new Map<number, number>();
  price = new Map<number, number>();
  unit = new Map<number, string>();
  docs: MDoc[] = [];
  /** The open shift at the counter's location, and its float. */
  shift: number | null = null;
  float = 0;
  get(p: number, loc: number) {
    const k = `${p}:${loc}`;
    if (!this.stock.has(k)) this.stock.set(k, { qty: 0, value: 0 });
    return this.stock.get(k)!;
  }
  move(plan: Plan, p: number, loc: number, dq: number, dv: number) {
    const s = this.get(p, loc);
    s.qty += dq;
    s.value += dv;
    plan.moves.push({ p, loc, dq, dv });
  }
  /** Moving average out; beyond what is on hand (or with nothing on hand) at the product's last cost. */
  outCost(p: number, loc: number, qty: number): number {
    const s = this.get(p, loc);
    const fb = this.cost.get(p)!;
    if (s.qty <= 0) return rdiv(fb, qty, 1000);
    return qty <= s.qty ? rdiv(s.value, qty, s.qty) : s.value + rdiv(fb, qty - s.qty, 1000);
  }
  returned(sale: MDoc, lineId: number): number {
    return this.docs
      .filter((d) => d.type === 'return' && !d.reversal && d.status === 'posted' && d.base === sale.id)
      .reduce((s, d) => s + d.lines.filter((l) => l.baseLine === lineId).reduce((a, l) => a + l.qty, 0), 0);
  }
  /** What the shift's report must say: payments by method, sales and returns of its documents. */
  report(shift: number) {
    // Nothing here is a web-store order: the online line stays empty.
    const byMethod = { cash: { sales: 0, refunds: 0 }, card: { sales: 0, refunds: 0 }, online: { sales: 0, refunds: 0 } };
    const own = this.docs.filter((d) => d.shift === shift);
    for (const d of own) for (const p of d.pays) byMethod[p.method][d.type === 'sale' ? 'sales' : 'refunds'] += p.amount;
    const of = (t: DocType) => ({
      count: own.filter((d) => d.type === t && !d.reversal && d.status === 'posted').length,
      total: own.filter((d) => d.type === t).reduce((s, d) => s + d.lines.reduce((a, l) => a + l.amount, 0), 0),
    });
    return { byMethod, sales: of('sale'), returns: of('return'), expectedCash: this.float + byMethod.cash.sales - byMethod.cash.refunds };
  }
}

const qtyArb = fc.oneof(
  fc.integer({ min: 1, max: 5 }).map((k) => k * 1000),
  fc.integer({ min: 1, max: 3000 }),
);
const line = fc.record({ p: fc.nat(), qty: qtyArb });
const rare = fc.integer({ min: 0, max: 9 }).map((n) => n === 0);
/** Days back from today: 0 today (omitted, or given when `explicit`), -1 tomorrow (refused). */
const dated = fc.record({
  back: fc.oneof(
    { weight: 5, arbitrary: fc.constant(0) },
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 6 }) },
    { weight: 1, arbitrary: fc.constant(-1) },
  ),
  explicit: fc.boolean(),
});
/** How a back-office document is entered: doc.post at once, a draft made whole, or a draft keyed line by line. */
const via = fc.constantFrom('doc' as const, 'draft' as const, 'keyed' as const);
const backOffice = { dated, via, discard: rare };
const opArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      k: fc.constant('sale' as const),
      lines: fc.array(line, { minLength: 1, maxLength: 4 }),
      setQty: fc.option(fc.record({ li: fc.nat(), qty: qtyArb }), { freq: 3 }),
      pay: fc.constantFrom('exact', 'exact', 'over', 'split', 'split', 'card', 'short', 'cardOver', 'badProduct'),
      x: fc.nat(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant('return' as const),
      sale: fc.nat(),
      lines: fc.array(fc.record({ li: fc.nat(), q: fc.nat(), over: rare }), { minLength: 1, maxLength: 3 }),
      cash: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant('receipt' as const),
      loc: fc.nat(),
      lines: fc.array(fc.record({ p: fc.nat(), qty: qtyArb.map((q) => q * 3), unitCost: fc.integer({ min: 0, max: 50000 }) }), {
        minLength: 1,
        maxLength: 3,
      }),
      ...backOffice,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('writeoff' as const),
      loc: fc.nat(),
      lines: fc.array(line, { minLength: 1, maxLength: 2 }),
      ...backOffice,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('transfer' as const),
      loc: fc.nat(),
      same: rare,
      lines: fc.array(line, { minLength: 1, maxLength: 3 }),
      ...backOffice,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('count' as const),
      loc: fc.nat(),
      lines: fc.array(fc.record({ p: fc.nat(), counted: fc.integer({ min: 0, max: 40000 }) }), { minLength: 1, maxLength: 3 }),
      ...backOffice,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('supplier_return' as const),
      loc: fc.nat(),
      lines: fc.array(line, { minLength: 1, maxLength: 2 }),
      ...backOffice,
    }),
  },
  // A count session spans the ops between its scans and its post: the till sells, returns and receives meanwhile.
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant('countScan' as const),
      loc: fc.nat(),
      p: fc.nat(),
      counted: fc.integer({ min: 0, max: 40000 }),
      recount: fc.constantFrom('add' as const, 'replace' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('countPost' as const) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('cancel' as const), d: fc.nat() }) },
  // Receiving a transfer in transit: whole, or short by a share of each line (the loss on the transfer).
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('receive' as const),
      d: fc.nat(),
      shortPct: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('shift' as const),
      float: fc.integer({ min: 0, max: 500_000 }),
      off: fc.integer({ min: -500, max: 500 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('replay' as const), d: fc.nat(), mutate: fc.boolean() }) },
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

/** Row counts of every table plus the sums a half-written post would move. */
function fingerprint(core: Core): string {
  const raw = core.db.raw;
  const tables = (raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map(
    (t) => t.name,
  );
  const counts = tables.map((t) => `${t}:${(raw.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n}`);
  const extra = raw
    .prepare(
      `SELECT (SELECT group_concat(name || '=' || next) FROM sequences) AS seq, (SELECT total(qty) || '/' || total(value) FROM on_hand) AS oh,
    (SELECT total(cost) FROM products) AS cost, (SELECT group_concat(status) FROM documents) AS st, (SELECT group_concat(status) FROM drafts) AS dr,
    (SELECT group_concat(qty) FROM cart_lines) AS cart, (SELECT group_concat(closed_at) FROM shifts) AS sh`,
    )
    .get();
  return JSON.stringify([counts, extra]);
}

const MOVE_SIGN: Partial<Record<DocType, number>> = { sale: -1, writeoff: -1, receipt: 1, return: 1, supplier_return: -1 };

/** From the database alone: every document is whole and consistent with its lines. */
function checkStructure(core: Core): void {
  const raw = core.db.raw;
  expect(ledgerViolations(core.db)).toEqual([]);
  const transit = (raw.prepare(`SELECT id FROM locations WHERE kind = 'transit'`).get() as { id: number } | undefined)?.id;
  const all = raw.prepare('SELECT * FROM documents ORDER BY id').all() as {
    id: number;
    type: DocType;
    number: string;
    status: string;
    location_id: number;
    to_location_id: number | null;
    reversal_of: number | null;
    total: number;
  }[];
  const q = (sql: string, id: number | string) => raw.prepare(sql).all(id) as Record<string, number>[];
  for (const d of all) {
    const lines = q('SELECT * FROM document_lines WHERE document_id = ? ORDER BY line_no', d.id);
    const moves = q(
      'SELECT line_id, location_id AS loc, product_id AS p, qty_delta AS dq, value_delta AS dv FROM stock_movements WHERE document_id = ? ORDER BY id',
      d.id,
    );
    const pays = q('SELECT method, amount FROM payments WHERE document_id = ? ORDER BY id', d.id);
    expect(lines.length).toBeGreaterThan(0);
    expect(d.total).toBe(lines.reduce((s, l) => s + l.amount!, 0));
    expect(
      q(`SELECT action FROM audit_log WHERE entity = 'document' AND entity_id = ?`, String(d.id)).map((a) => a.action),
      JSON.stringify(d),
    ).toEqual([d.reversal_of ? 'doc.reverse' : 'doc.post']);
    expect(q('SELECT id FROM documents WHERE reversal_of = ?', d.id)).toHaveLength(d.status === 'cancelled' ? 1 : 0);
    for (const l of lines) {
      const got = moves.filter((m) => m.line_id === l.id).map(({ p, loc, dq, dv }) => ({ p, loc, dq, dv }));
      let want: Move[];
      if (d.reversal_of) {
        want = q(
          'SELECT product_id AS p, location_id AS loc, -qty_delta AS dq, -value_delta AS dv FROM stock_movements WHERE line_id = ? ORDER BY id',
          l.base_line_id!,
        ) as Move[];
      } else if (d.type === 'transfer') {
        want = [
          { p: l.product_id!, loc: d.location_id, dq: -l.qty!, dv: -l.cost_amount! },
          { p: l.product_id!, loc: transit!, dq: l.qty!, dv: l.cost_amount! },
        ];
      } else if (d.type === 'transfer_in') {
        // What the transfer's line sent leaves transit whole; what arrived (perhaps nothing) lands at the destination.
        const sent = q('SELECT qty, cost_amount FROM document_lines WHERE id = ?', l.base_line_id!)[0]!;
        want = [{ p: l.product_id!, loc: transit!, dq: -sent.qty!, dv: -sent.cost_amount! }];
        if (l.qty! > 0) want.push({ p: l.product_id!, loc: d.location_id, dq: l.qty!, dv: l.cost_amount! });
      } else if (d.type === 'count') {
        want = l.qty === 0 ? [] : [{ p: l.product_id!, loc: d.location_id, dq: l.qty!, dv: l.cost_amount! }];
      } else {
        const sg = MOVE_SIGN[d.type]!;
        want = [{ p: l.product_id!, loc: d.location_id, dq: sg * l.qty!, dv: sg * l.cost_amount! }];
      }
      expect(got).toEqual(want.map((w) => ({ p: w.p, loc: w.loc, dq: w.dq + 0, dv: w.dv + 0 })));
    }
    expect(moves.every((m) => lines.some((l) => l.id === m.line_id))).toBe(true);
    if (d.reversal_of)
      expect(pays).toEqual(q('SELECT method, -amount AS amount FROM payments WHERE document_id = ? ORDER BY id', d.reversal_of));
    else if (d.type === 'sale' || d.type === 'return') expect(pays.reduce((s, p) => s + p.amount!, 0)).toBe(d.total);
    else expect(pays).toEqual([]);
  }
  // Numbers are gap-free per type: a rolled-back post gives its number back.
  for (const t of new Set(all.map((d) => d.type))) {
    const nums = all
      .filter((d) => d.type === t)
      .map((d) => Number(d.number.split('-')[1]))
      .sort((a, b) => a - b);
    expect(nums).toEqual(nums.map((_, i) => i + 1));
  }
}

let template: { dir: string; products: number[]; locs: number[]; supplier: number; transit: number };

beforeAll(() => {
  const core = testCore();
  const loc2 = insertLocation(core.db, 'Back room', 'warehouse');
  openShift(core, [1, loc2]);
  const fresh = insertProduct(core.db, {
    sku: 'T-FRESH',
    name: 'Never received',
    unit: 'pcs',
    price: 4990,
    cost: 1234,
    taxRateBp: 2000,
    categoryId: null,
    active: true,
  });
  const kg = (core.db.raw.prepare(`SELECT id FROM products WHERE unit = 'kg' ORDER BY id LIMIT 1`).get() as { id: number }).id;
  const pcs = (
    core.db.raw.prepare(`SELECT id FROM products WHERE unit = 'pcs' AND sku LIKE 'D-%' ORDER BY id LIMIT 3`).all() as { id: number }[]
  ).map((r) => r.id);
  const supplier = Number(core.db.raw.prepare(`INSERT INTO suppliers (name) VALUES ('Property supplier')`).run().lastInsertRowid);
  const transit = transitLocation(core.db);
  core.close();
  template = { dir: core.dir, products: [...pcs, kg, fresh], locs: [1, loc2], supplier, transit };
});
afterAll(() => rmSync(template.dir, { recursive: true, force: true }));

interface Run {
  core: Core;
  api: Caller;
  m: Model;
  P: number[];
  L: number[];
  /** The transit location transfers send into. */
  T: number;
  zone: string;
  supplier: number;
  /** The open count session: each product's counted figure and the book when it was (last afresh) counted. */
  count: { id: number; loc: number; lines: Map<number, { counted: number; book: number }> } | null;
}

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }, what: string): T => {
  if (!r.ok) throw new Error(`${what} -> ${r.error.code}: ${r.error.message}`);
  return r.value;
};

/** A call expected to fail with `code` and to change nothing; or, with code null, to succeed. */
async function attempt<T = unknown>(run: Run, method: string, input: unknown, code: string | null): Promise<T | null> {
  const before = code ? fingerprint(run.core) : '';
  const r = await loose(run.api)(method, input);
  if (code) {
    expect(r.ok ? 'ok' : r.error.code, `${method} ${JSON.stringify(input)}`).toBe(code);
    expect(fingerprint(run.core), 'a failed call must write nothing').toBe(before);
    return null;
  }
  return ok(r, `${method} ${JSON.stringify(input)}`) as T;
}

/** Checks a posted document against the model's plan for it, then keeps it in the model. */
async function record(
  run: Run,
  posted: { id: number; change: number; replayed: boolean },
  req: Req,
  meta: Meta,
  plan: () => Plan,
  todayBefore: string,
): Promise<void> {
  const pl = plan();
  const doc = ok(await run.api('doc.get', { id: posted.id }), 'doc.get') as Doc;
  expect(doc.lines.map((l) => ({ p: l.productId, qty: l.qty, amount: l.amount, cost: l.costAmount }))).toEqual(
    pl.lines.map(({ p, qty, amount, cost }) => ({ p, qty, amount, cost })),
  );
  expect(doc.payments).toEqual(pl.pays);
  expect(posted.replayed).toBe(false);
  expect(doc.shiftId).toBe(meta.shift);
  if (pl.change !== undefined) expect(posted.change).toBe(pl.change);
  // Counter documents and reversals belong to today (in the shop's zone, whichever side of midnight the call fell).
  if (meta.date === 'today') expect([todayBefore, dayIn(run.zone)]).toContain(doc.businessDate);
  else expect(doc.businessDate).toBe(meta.date);
  run.m.docs.push({
    id: posted.id,
    ...meta,
    date: doc.businessDate,
    status: 'posted',
    lines: pl.lines.map((l, i) => ({ ...l, id: doc.lines[i]!.id })),
    moves: pl.moves,
    pays: pl.pays,
    req,
  });
}

async function sale(run: Run, op: Extract<Op, { k: 'sale' }>): Promise<void> {
  const { api, m, P } = run;
  const cartId = ok(await api('cart.current', {}), 'cart.current').id;
  if (op.pay === 'badProduct') await attempt(run, 'cart.add', { cartId, productId: 999_999, qty: 1000 }, 'unknown_product');
  // The cart keeps one line per product (a second add adds to it), in the order first added; pieces are whole.
  const lines: { productId: number; qty: number }[] = [];
  let cart: { lines: { id: number; productId: number }[] } = { lines: [] };
  for (const l of op.lines) {
    const productId = P[l.p % P.length]!;
    const qty = m.unit.get(productId) === 'pcs' ? Math.ceil(l.qty / 1000) * 1000 : l.qty;
    cart = ok(await api('cart.add', { cartId, productId, qty }), 'cart.add');
    const same = lines.find((x) => x.productId === productId);
    if (same) same.qty += qty;
    else lines.push({ productId, qty });
  }
  if (op.setQty) {
    const target = lines[op.setQty.li % lines.length]!;
    target.qty = m.unit.get(target.productId) === 'pcs' ? Math.ceil(op.setQty.qty / 1000) * 1000 : op.setQty.qty;
    ok(
      await api('cart.setQty', { cartId, lineId: cart.lines.find((l) => l.productId === target.productId)!.id, qty: target.qty }),
      'cart.setQty',
    );
  }
  const total = lines.reduce((s, l) => s + rdiv(m.price.get(l.productId)!, l.qty, 1000), 0);
  const card = op.pay === 'card' ? total : op.pay === 'split' ? op.x % (total + 1) : op.pay === 'cardOver' ? total + 1 : 0;
  const cash =
    op.pay === 'short'
      ? total - 1
      : op.pay === 'over'
        ? total + 1 + (op.x % 5000)
        : op.pay === 'cardOver' || op.pay === 'card'
          ? 0
          : total - card + (op.x % 3);
  const payments = [
    ...(cash || !card ? [{ method: 'cash', amount: Math.max(cash, 0) }] : []),
    ...(card ? [{ method: 'card', amount: card }] : []),
  ];
  const req: Req = { method: 'cart.pay', input: { cartId, uuid: uuid(), payments } };
  const fails = m.shift === null ? 'invalid_state' : card > total || Math.max(cash, 0) + card < total ? 'payment_mismatch' : null;
  const today = dayIn(run.zone);
  const posted = await attempt<{ id: number; change: number; replayed: boolean }>(run, req.method, req.input, fails);
  if (!posted) {
    ok(await api('cart.clear', { cartId }), 'cart.clear');
    return;
  }
  await record(
    run,
    posted,
    req,
    { type: 'sale', loc: run.L[0]!, base: null, reversal: false, shift: m.shift, date: 'today' },
    () => {
      const pl: Plan = { lines: [], moves: [], pays: [], change: Math.max(cash, 0) + card - total };
      for (const l of lines) {
        const cost = m.outCost(l.productId, run.L[0]!, l.qty);
        pl.lines.push({ p: l.productId, qty: l.qty, amount: rdiv(m.price.get(l.productId)!, l.qty, 1000), cost });
        m.move(pl, l.productId, run.L[0]!, -l.qty, -cost);
      }
      if (Math.max(cash, 0) - pl.change! > 0) pl.pays.push({ method: 'cash', amount: cash - pl.change! });
      if (card > 0) pl.pays.push({ method: 'card', amount: card });
      return pl;
    },
    today,
  );
}

async function saleReturn(run: Run, op: Extract<Op, { k: 'return' }>): Promise<void> {
  const { m } = run;
  const sales = m.docs.filter((d) => d.type === 'sale' && !d.reversal);
  if (!sales.length) return;
  const sale = sales[op.sale % sales.length]!;
  const asked = new Map<number, number>();
  let fails: string | null = null;
  const lines = op.lines.map((r) => {
    const sl = sale.lines[r.li % sale.lines.length]!;
    const left = sl.qty - m.returned(sale, sl.id) - (asked.get(sl.id) ?? 0);
    // Pieces come back whole (their sale lines are whole); weighed goods by the thousandth.
    const unit = m.unit.get(sl.p) === 'pcs' ? 1000 : 1;
    const qty = r.over ? Math.max(left, 0) + unit * (1 + (r.q % 1000)) : unit * (1 + (r.q % Math.max(Math.floor(left / unit), 1)));
    if (qty > left) fails ??= 'return_exceeds_sold';
    asked.set(sl.id, (asked.get(sl.id) ?? 0) + qty);
    return { sl, qty };
  });
  if (sale.status !== 'posted') fails = 'invalid_state';
  if (m.shift === null) fails = 'invalid_state';
  const req: Req = {
    method: 'return.post',
    input: {
      kind: 'receipt',
      uuid: uuid(),
      saleId: sale.id,
      lines: lines.map((l) => ({ saleLineId: l.sl.id, qty: l.qty })),
      refund: op.cash ? 'cash' : 'original',
    },
  };
  const today = dayIn(run.zone);
  const posted = await attempt<{ id: number; change: number; replayed: boolean }>(run, req.method, req.input, fails);
  if (!posted) return;
  await record(
    run,
    posted,
    req,
    { type: 'return', loc: run.L[0]!, base: sale.id, reversal: false, shift: m.shift, date: 'today' },
    () => {
      const pl: Plan = { lines: [], moves: [], pays: [] };
      for (const { sl, qty } of lines) {
        const cost = rdiv(sl.cost, qty, sl.qty);
        pl.lines.push({ p: sl.p, qty, amount: rdiv(sl.amount, qty, sl.qty), cost, baseLine: sl.id });
        m.move(pl, sl.p, run.L[0]!, qty, cost);
      }
      const refund = pl.lines.reduce((s, l) => s + l.amount, 0);
      const cardPaid = sale.pays.filter((p) => p.method === 'card').reduce((s, p) => s + p.amount, 0);
      const cardBack = m.docs
        .filter((d) => d.type === 'return' && !d.reversal && d.status === 'posted' && d.base === sale.id)
        .flatMap((d) => d.pays)
        .filter((p) => p.method === 'card')
        .reduce((s, p) => s + p.amount, 0);
      const toCard = op.cash ? 0 : Math.min(Math.max(cardPaid - cardBack, 0), refund);
      if (toCard > 0) pl.pays.push({ method: 'card', amount: toCard });
      if (refund - toCard > 0) pl.pays.push({ method: 'cash', amount: refund - toCard });
      return pl;
    },
    today,
  );
}

async function stockDoc(
  run: Run,
  op: Extract<Op, { k: 'receipt' | 'writeoff' | 'transfer' | 'count' | 'supplier_return' }>,
): Promise<void> {
  const { api, m, P, L } = run;
  const at = L[op.loc % 4 === 3 ? 1 : 0]!;
  const to = op.k === 'transfer' ? (op.same ? at : L.find((l) => l !== at)!) : undefined;
  // Pieces move and are counted whole (a count may be zero); weighed goods by the thousandth.
  const whole = (p: number, q: number, round: (x: number) => number) => (m.unit.get(p) === 'pcs' ? round(q / 1000) * 1000 : q);
  const lines = op.lines.map((l) => {
    const productId = P[l.p % P.length]!;
    const qty = 'counted' in l ? whole(productId, l.counted, Math.round) : whole(productId, l.qty, Math.ceil);
    return { productId, qty, ...('unitCost' in l ? { unitCost: l.unitCost } : {}) };
  });
  const today = dayIn(run.zone);
  // The owner back-dates now and then; a day ahead is always refused.
  const asked = op.dated.back === 0 ? (op.dated.explicit ? today : undefined) : daysFrom(today, -op.dated.back);
  const header = {
    type: op.k,
    locationId: at,
    ...(to ? { toLocationId: to } : {}),
    ...(asked ? { businessDate: asked } : {}),
    ...(op.k === 'supplier_return' ? { supplierId: run.supplier } : {}),
  };
  const badDate = op.dated.back < 0;
  const sameEnds = op.k === 'transfer' && to === at;
  const badHeader = badDate || sameEnds;
  const dupCount = op.k === 'count' && new Set(lines.map((l) => l.productId)).size < lines.length;
  let req: Req;
  let posted: { id: number; change: number; replayed: boolean } | null;
  // Goods go back to the supplier by doc.post (drafts are for receipts, write-offs, transfers and counts).
  if (op.via === 'doc' || op.k === 'supplier_return') {
    req = { method: 'doc.post', input: { ...header, uuid: uuid(), lines } };
    // doc.post settles the day first; a draft checks where the goods go first.
    posted = await attempt(run, req.method, req.input, badDate || dupCount ? 'validation' : sameEnds ? 'same_location' : null);
  } else {
    // A draft: the header is checked as it is saved, each product once on a count; nothing moves until posted.
    const whole = op.via === 'draft';
    const made = await attempt<{ id: number }>(
      run,
      'draft.create',
      { ...header, uuid: uuid(), lines: whole ? lines : [] },
      sameEnds ? 'same_location' : badHeader ? 'validation' : whole && dupCount ? 'duplicate' : null,
    );
    if (!made) return;
    if (!whole) {
      for (const [i, l] of lines.entries()) {
        const dup = op.k === 'count' && lines.slice(0, i).some((x) => x.productId === l.productId);
        // The first line goes in with a wrong quantity and is corrected, as a clerk would.
        const added = await attempt<{ lines: { id: number }[] }>(
          run,
          'draft.addLine',
          { id: made.id, ...l, qty: i === 0 ? l.qty + 1000 : l.qty },
          dup ? 'duplicate' : null,
        );
        if (!added) {
          ok(await api('draft.discard', { id: made.id }), 'draft.discard');
          return;
        }
        if (i === 0) ok(await api('draft.updateLine', { id: made.id, lineId: added.lines[0]!.id, qty: l.qty }), 'draft.updateLine');
      }
    }
    if (op.discard) {
      const before = fingerprint(run.core);
      ok(await api('draft.discard', { id: made.id }), 'draft.discard');
      expect(
        JSON.parse(fingerprint(run.core))[0].filter((t: string) => t.startsWith('documents:') || t.startsWith('stock_movements:')),
      ).toEqual(JSON.parse(before)[0].filter((t: string) => t.startsWith('documents:') || t.startsWith('stock_movements:')));
      return;
    }
    req = { method: 'draft.post', input: { id: made.id } };
    posted = await attempt(run, req.method, req.input, null);
  }
  if (!posted) return;
  await record(
    run,
    posted,
    req,
    { type: op.k, loc: at, to, base: null, reversal: false, shift: null, date: asked ?? 'today' },
    () => {
      const pl: Plan = { lines: [], moves: [], pays: [] };
      for (const l of lines) {
        const s = m.get(l.productId, at);
        if (op.k === 'receipt') {
          // With nothing on hand (or less), the average restarts at the receipt's cost.
          const value = s.qty > 0 ? rdiv(l.unitCost!, l.qty, 1000) : rdiv(l.unitCost!, s.qty + l.qty, 1000) - s.value;
          pl.lines.push({ p: l.productId, qty: l.qty, amount: rdiv(l.unitCost!, l.qty, 1000), cost: value });
          m.move(pl, l.productId, at, l.qty, value);
          m.cost.set(l.productId, l.unitCost!);
        } else if (op.k === 'count') {
          const delta = l.qty - s.qty;
          const avg = s.qty > 0 ? rdiv(s.value, 1000, s.qty) : m.cost.get(l.productId)!;
          const value = delta < 0 ? -m.outCost(l.productId, at, -delta) : rdiv(avg, delta, 1000);
          pl.lines.push({ p: l.productId, qty: delta, amount: 0, cost: delta === 0 ? 0 : value });
          if (delta !== 0) m.move(pl, l.productId, at, delta, value);
        } else {
          const cost = m.outCost(l.productId, at, l.qty);
          pl.lines.push({ p: l.productId, qty: l.qty, amount: 0, cost });
          m.move(pl, l.productId, at, -l.qty, -cost);
          if (to) m.move(pl, l.productId, run.T, l.qty, cost);
        }
      }
      return pl;
    },
    today,
  );
}

/** A scan into the open count (opened at the op's location if none is): the book is the model's on-hand now. */
async function countScan(run: Run, op: Extract<Op, { k: 'countScan' }>): Promise<void> {
  const { api, m, P, L } = run;
  if (!run.count) {
    const loc = L[op.loc % 4 === 3 ? 1 : 0]!;
    const c = ok(await api('count.create', { uuid: uuid(), locationId: loc }), 'count.create');
    run.count = { id: c.id, loc, lines: new Map() };
  }
  const { id, loc, lines } = run.count;
  const p = P[op.p % P.length]!;
  const qty = m.unit.get(p) === 'pcs' ? Math.round(op.counted / 1000) * 1000 : op.counted;
  const line = lines.get(p);
  const r = ok(await api('count.scan', { id, productId: p, qty, recount: op.recount }), 'count.scan');
  const book = m.get(p, loc).qty;
  if (!line || op.recount === 'replace') lines.set(p, { counted: qty, book });
  else line.counted += qty;
  expect(r.line).toMatchObject({ countedQty: lines.get(p)!.counted, bookQty: lines.get(p)!.book });
}

/** Posts the open count: each line moves counted - book, whatever was sold or received since it was counted. */
async function countPost(run: Run): Promise<void> {
  const { m } = run;
  if (!run.count) return;
  const { id, loc, lines } = run.count;
  run.count = null;
  const req: Req = { method: 'count.post', input: { id } };
  const today = dayIn(run.zone);
  const posted = ok(await run.api('count.post', { id }), 'count.post');
  await record(
    run,
    posted,
    req,
    { type: 'count', loc, base: null, reversal: false, shift: null, date: 'today' },
    () => {
      const pl: Plan = { lines: [], moves: [], pays: [] };
      for (const [p, l] of [...lines].sort((a, b) => a[0] - b[0])) {
        const s = m.get(p, loc);
        const delta = l.counted - l.book;
        const avg = s.qty > 0 ? rdiv(s.value, 1000, s.qty) : m.cost.get(p)!;
        const value = delta < 0 ? -m.outCost(p, loc, -delta) : rdiv(avg, delta, 1000);
        pl.lines.push({ p, qty: delta, amount: 0, cost: delta === 0 ? 0 : value });
        if (delta !== 0) m.move(pl, p, loc, delta, value);
      }
      return pl;
    },
    today,
  );
}

/** Receives a transfer still in transit (or tries one already received, which is refused). */
async function receive(run: Run, op: Extract<Op, { k: 'receive' }>): Promise<void> {
  const { m } = run;
  const sent = m.docs.filter((d) => d.type === 'transfer' && !d.reversal);
  if (!sent.length) return;
  const t = sent[op.d % sent.length]!;
  const received = m.docs.some((d) => d.type === 'transfer_in' && d.base === t.id && !d.reversal && d.status === 'posted');
  // Short by a share of each line, whole pieces for goods sold by the piece.
  const arrived = t.lines.map((l) => {
    const short = Math.floor((l.qty * op.shortPct) / 100);
    return l.qty - (m.unit.get(l.p) === 'pcs' ? Math.ceil(short / 1000) * 1000 : short);
  });
  const req: Req = {
    method: 'transfer.receive',
    input: { transferId: t.id, uuid: uuid(), lines: t.lines.map((l, i) => ({ lineId: l.id, qty: arrived[i]! })) },
  };
  const posted = await attempt<{ id: number; change: number; replayed: boolean }>(
    run,
    req.method,
    req.input,
    t.status !== 'posted' || received ? 'invalid_state' : null,
  );
  if (!posted) return;
  await record(
    run,
    posted,
    req,
    { type: 'transfer_in', loc: t.to!, base: t.id, reversal: false, shift: null, date: 'today' },
    () => {
      const pl: Plan = { lines: [], moves: [], pays: [] };
      t.lines.forEach((l, i) => {
        const value = rdiv(l.cost, arrived[i]!, l.qty);
        pl.lines.push({ p: l.p, qty: arrived[i]!, amount: 0, cost: value });
        m.move(pl, l.p, run.T, -l.qty, -l.cost);
        if (arrived[i]! > 0) m.move(pl, l.p, t.to!, arrived[i]!, value);
      });
      return pl;
    },
    dayIn(run.zone),
  );
}

async function cancel(run: Run, op: Extract<Op, { k: 'cancel' }>): Promise<void> {
  const { m } = run;
  if (!m.docs.length) return;
  const orig = m.docs[op.d % m.docs.length]!;
  const req: Req = { method: 'doc.cancel', input: { id: orig.id, uuid: uuid(), reason: 'property test' } };
  const deps = m.docs.some((d) => d.base === orig.id && !d.reversal && d.status === 'posted');
  const counterDoc = orig.type === 'sale' || orig.type === 'return';
  // Cancelling a sale or a return moves money over the counter: only in an open shift (sales are at the counter's location).
  const fails =
    orig.reversal || orig.status !== 'posted'
      ? 'invalid_state'
      : deps
        ? 'has_dependents'
        : counterDoc && m.shift === null
          ? 'invalid_state'
          : null;
  const today = dayIn(run.zone);
  const posted = await attempt<{ id: number; change: number; replayed: boolean }>(run, req.method, req.input, fails);
  if (!posted) return;
  // Money going back over the counter is in the shift open now; the reversal is dated today, not the original's day.
  const shift = counterDoc ? m.shift : null;
  await record(
    run,
    posted,
    req,
    { type: orig.type, loc: orig.loc, base: orig.base, reversal: true, shift, date: 'today' },
    () => {
      const pl: Plan = {
        lines: orig.lines.map((l) => ({ ...l, qty: 0 - l.qty, amount: 0 - l.amount, cost: 0 - l.cost })),
        moves: [],
        pays: orig.pays.map((p) => ({ ...p, amount: 0 - p.amount })),
      };
      for (const mv of orig.moves) m.move(pl, mv.p, mv.loc, 0 - mv.dq, 0 - mv.dv);
      orig.status = 'cancelled';
      return pl;
    },
    today,
  );
}

/** The report's money must be the model's: payments by method, and the totals equal to those payments. */
function checkReport(m: Model, r: ShiftReport): void {
  const want = m.report(r.shift.id);
  expect(r.byMethod).toEqual(want.byMethod);
  expect({ sales: r.sales, returns: r.returns, expectedCash: r.expectedCash }).toEqual({
    sales: want.sales,
    returns: want.returns,
    expectedCash: want.expectedCash,
  });
  expect(r.sales.total).toBe(r.byMethod.cash.sales + r.byMethod.card.sales);
  expect(r.returns.total).toBe(r.byMethod.cash.refunds + r.byMethod.card.refunds);
}

async function shift(run: Run, op: Extract<Op, { k: 'shift' }>): Promise<void> {
  const { api, m } = run;
  if (m.shift !== null) {
    const counted = Math.max(0, m.report(m.shift).expectedCash + op.off);
    const z = ok(await api('shift.close', { countedCash: counted }), 'shift.close');
    checkReport(m, z);
    expect(z).toMatchObject({ kind: 'Z', countedCash: counted, difference: counted - z.expectedCash });
    m.shift = null;
  } else {
    m.shift = ok(await api('shift.open', { float: op.float }), 'shift.open').id;
    m.float = op.float;
  }
}

async function replay(run: Run, op: Extract<Op, { k: 'replay' }>): Promise<void> {
  const { api, m, core } = run;
  if (!m.docs.length) return;
  const d = m.docs[op.d % m.docs.length]!;
  const input = structuredClone(d.req.input);
  const change: Record<Req['method'], object> = {
    'doc.cancel': { reason: 'another reason' },
    'cart.pay': { payments: [{ method: 'cash', amount: 10 ** 9 }] },
    'return.post': { refund: input['refund'] === 'cash' ? 'original' : 'cash' },
    'doc.post': { note: 'changed' },
    'draft.post': {},
    'count.post': {},
    'transfer.receive': { note: 'changed' },
  };
  if (op.mutate) Object.assign(input, change[d.req.method]);
  const before = fingerprint(core);
  const r = await loose(api)(d.req.method, input);
  // A draft is posted once: again is a refusal naming the document, not a replay.
  if (d.req.method === 'draft.post' || d.req.method === 'count.post')
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
  else if (op.mutate) expect(r).toMatchObject({ ok: false, error: { code: 'idempotency_conflict' } });
  else expect(r).toMatchObject({ ok: true, value: { id: d.id, replayed: true } });
  expect(fingerprint(core)).toBe(before);
}

/** After every step: the ledger holds, the model's stock is the database's, and the open shift's X report adds up. */
async function checkStep(run: Run): Promise<void> {
  const { core, m, api } = run;
  expect(ledgerViolations(core.db)).toEqual([]);
  const rows = core.db.raw
    .prepare(`SELECT product_id AS p, location_id AS loc, qty, value FROM on_hand WHERE product_id IN (${run.P.join(',')})`)
    .all() as { p: number; loc: number; qty: number; value: number }[];
  for (const [k, s] of m.stock) {
    const [p, loc] = k.split(':').map(Number);
    const row = rows.find((r) => r.p === p && r.loc === loc) ?? { qty: 0, value: 0 };
    expect({ qty: row.qty, value: row.value }, `on hand ${k}`).toEqual(s);
  }
  if (m.shift !== null) checkReport(m, ok(await api('shift.x', {}), 'shift.x'));
}

type Stock = Map<string, { qty: number; value: number }>;

/** The stock of the sequence's products as of the end of a day, per product:location, as the app reads it. */
function stockAsOf(run: Run, date: string): Stock {
  return new Map(
    stockByLocationAsOf(run.core.db, { date })
      .filter((r) => run.P.includes(r.productId))
      .map((r) => [`${r.productId}:${r.locationId}`, { qty: r.qty, value: r.value }]),
  );
}

/**
 * Stock as of each day and sales by day, from the movements' and documents' business dates, as the model has them.
 * The stock is what there is: a product and location with nothing left (quantity and value zero) has no row.
 */
function checkByDate(run: Run, asOfBefore: Map<string, Stock>, days: string[]): void {
  const { core, m, P } = run;
  for (const day of days) {
    const want: Stock = new Map([...asOfBefore.get(day)!].map(([k, v]) => [k, { ...v }]));
    for (const d of m.docs.filter((x) => x.date <= day)) {
      for (const mv of d.moves) {
        const k = `${mv.p}:${mv.loc}`;
        const s = want.get(k) ?? { qty: 0, value: 0 };
        want.set(k, { qty: s.qty + mv.dq, value: s.value + mv.dv });
      }
    }
    for (const [k, s] of want) if (s.qty === 0 && s.value === 0) want.delete(k);
    expect(Object.fromEntries(stockAsOf(run, day)), `stock as of ${day}`).toEqual(Object.fromEntries(want));
    // One product asked alone (read by its own index) has the same rows as among every product's.
    for (const p of P) {
      const alone = stockByLocationAsOf(core.db, { date: day, productId: p }).map((r) => [
        `${p}:${r.locationId}`,
        { qty: r.qty, value: r.value },
      ]);
      expect(Object.fromEntries(alone), `stock of ${p} as of ${day}`).toEqual(
        Object.fromEntries([...want].filter(([k]) => k.startsWith(`${p}:`))),
      );
    }
  }
  const sales = new Map(salesByDay(core.db, { from: days[0]!, to: days[days.length - 1]! }).map((r) => [r.day as string, r]));
  for (const day of days) {
    const own = m.docs.filter((d) => d.date === day && (d.type === 'sale' || d.type === 'return'));
    const of = (t: DocType) => own.filter((d) => d.type === t);
    const sum = (t: DocType, f: (l: MLine) => number) => of(t).reduce((s, d) => s + d.lines.reduce((a, l) => a + f(l), 0), 0);
    // Paid in for sales, paid out for returns (a reversal's payments are the original's, negative).
    const paid = (method: Pay['method']) =>
      own.reduce(
        (s, d) => s + d.pays.filter((p) => p.method === method).reduce((a, p) => a + (d.type === 'sale' ? p.amount : -p.amount), 0),
        0,
      );
    const got = sales.get(day);
    const n = (k: string) => (got?.[k] ?? 0) as number;
    expect(
      {
        receipts: n('receipts'),
        sales: n('grossSales') - n('discounts'),
        returns: n('returns'),
        netRevenue: n('netRevenue'),
        cost: n('cost'),
        cash: n('cash'),
        card: n('card'),
      },
      `sales on ${day}`,
    ).toEqual({
      // A receipt counts on its day; its cancellation takes it back on the cancellation's.
      receipts: of('sale').filter((d) => !d.reversal).length - of('sale').filter((d) => d.reversal).length,
      sales: sum('sale', (l) => l.amount),
      returns: sum('return', (l) => l.amount),
      netRevenue: sum('sale', (l) => l.amount) - sum('return', (l) => l.amount),
      cost: sum('sale', (l) => l.cost) - sum('return', (l) => l.cost),
      cash: paid('cash'),
      card: paid('card'),
    });
  }
}

async function runSequence(ops: Op[]): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lavka-prop-'));
  copyFileSync(path.join(template.dir, DB_FILE), path.join(dir, DB_FILE));
  const core = createCore({ dataDir: dir, migrationsDir: MIGRATIONS, version: 't', mode: 'local' });
  // Durability is crash.test.ts's business; here every commit's fsync would only cost time.
  core.db.raw.pragma('synchronous = OFF');
  try {
    const api = await as(core, 'owner');
    const m = new Model();
    const run: Run = {
      core,
      api,
      m,
      P: template.products,
      L: template.locs,
      supplier: template.supplier,
      T: template.transit,
      zone: ok(await api('settings.get', {}), 'settings.get').timeZone,
      count: null,
    };
    for (const p of run.P) {
      const r = core.db.raw.prepare('SELECT price, cost, unit FROM products WHERE id = ?').get(p) as {
        price: number;
        cost: number;
        unit: string;
      };
      m.price.set(p, r.price);
      m.cost.set(p, r.cost);
      m.unit.set(p, r.unit);
      for (const loc of run.L)
        Object.assign(
          m.get(p, loc),
          core.db.raw.prepare('SELECT qty, value FROM on_hand WHERE product_id = ? AND location_id = ?').get(p, loc) ?? {},
        );
    }
    const shiftNow = ok(await api('shift.current', {}), 'shift.current');
    m.shift = shiftNow?.id ?? null;
    m.float = shiftNow?.float ?? 0;
    // The days a sequence can date documents on, and the stock the template already had on each.
    const today = dayIn(run.zone);
    const days = Array.from({ length: 9 }, (_, i) => daysFrom(today, i - 7));
    const asOfBefore = new Map(days.map((day) => [day, stockAsOf(run, day)]));
    for (const op of ops) {
      if (op.k === 'sale') await sale(run, op);
      else if (op.k === 'return') await saleReturn(run, op);
      else if (op.k === 'cancel') await cancel(run, op);
      else if (op.k === 'shift') await shift(run, op);
      else if (op.k === 'replay') await replay(run, op);
      else if (op.k === 'countScan') await countScan(run, op);
      else if (op.k === 'countPost') await countPost(run);
      else if (op.k === 'receive') await receive(run, op);
      else await stockDoc(run, op);
      await checkStep(run);
    }
    checkStructure(core);
    // Month ends built as the app's writer would (and checked against the movements): when the days cross a month
    // end and documents were back-dated before it, stock as of the days around it is read through that month's end.
    buildMonthEnds(core.db, daysFrom(today, -1));
    checkByDate(run, asOfBefore, days);
    expect(await api('audit.verify', {})).toMatchObject({ ok: true, value: { ok: true } });
  } finally {
    await backupsDone(core.db);
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('ledger under random operations through the screens paths', () => {
  it(
    'keeps on-hand, moving-average cost, business dates, Z totals, documents and idempotency consistent',
    { timeout: 300_000 },
    async () => {
      await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 20, maxLength: 40 }), runSequence), {
        numRuns: Number(process.env.LEDGER_RUNS ?? 40),
        seed: Number(process.env.LEDGER_SEED ?? 20_251_202),
        endOnFailure: process.env.LEDGER_SHRINK !== '1',
      });
    },
  );
});
