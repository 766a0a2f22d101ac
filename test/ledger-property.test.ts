/**
 * Random operation sequences through the API against an independent model of the ledger:
 * moving-average cost, on-hand, returns, cancellations, idempotency, and "a failed call writes nothing".
 */
import fc from 'fast-check';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { createCore, DB_FILE, type Core } from '../core/app';
import type { Doc, DocType } from '../core/contract/types';
import { insertLocation } from '../db/queries/people';
import { insertProduct } from '../db/queries/products';
import { ledgerViolations } from '../db/queries/stock';
import { as, MIGRATIONS, openShift, testCore, uuid } from './helpers';

/** round(a*b/c), halves away from zero — written apart from core/money.ts on purpose. */
function rdiv(a: number, b: number, c: number): number {
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  const [an, ad] = [n < 0n ? -n : n, d < 0n ? -d : d];
  const q = an / ad + ((an % ad) * 2n >= ad ? 1n : 0n);
  return Number(n < 0n !== d < 0n ? -q : q);
}

type Pay = { method: 'cash' | 'card'; amount: number };
type MLine = { id: number; p: number; qty: number; amount: number; cost: number; baseLine?: number };
type Req = { method: 'sale.post' | 'doc.post' | 'doc.cancel'; input: Record<string, unknown> };
type MDoc = { id: number; type: DocType; status: 'posted' | 'cancelled'; reversal: boolean; loc: number; base: number | null; lines: MLine[]; moves: { p: number; loc: number; dq: number; dv: number }[]; pays: Pay[]; req: Req };
type Plan = { lines: Omit<MLine, 'id'>[]; moves: MDoc['moves']; pays: Pay[]; change?: number };

class Model {
  stock = new Map<string, { qty: number; value: number }>();
  cost = new Map<number, number>();
  price = new Map<number, number>();
  docs: MDoc[] = [];
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
    return this.docs.filter((d) => d.type === 'return' && !d.reversal && d.status === 'posted' && d.base === sale.id).reduce((s, d) => s + d.lines.filter((l) => l.baseLine === lineId).reduce((a, l) => a + l.qty, 0), 0);
  }
}

const qtyArb = fc.oneof(fc.integer({ min: 1, max: 5 }).map((k) => k * 1000), fc.integer({ min: 1, max: 3000 }));
const line = fc.record({ p: fc.nat(), qty: qtyArb });
const rare = fc.integer({ min: 0, max: 9 }).map((n) => n === 0);
const opArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant('sale' as const), loc: fc.nat(), lines: fc.array(line, { minLength: 1, maxLength: 4 }), pay: fc.constantFrom('exact', 'exact', 'over', 'split', 'split', 'card', 'short', 'cardOver', 'badProduct'), x: fc.nat(), fraction: rare }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('return' as const), sale: fc.nat(), lines: fc.array(fc.record({ li: fc.nat(), q: fc.nat(), over: rare }), { minLength: 1, maxLength: 3 }), cash: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('receipt' as const), loc: fc.nat(), lines: fc.array(fc.record({ p: fc.nat(), qty: qtyArb.map((q) => q * 3), unitCost: fc.integer({ min: 0, max: 50000 }) }), { minLength: 1, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('writeoff' as const), loc: fc.nat(), lines: fc.array(line, { minLength: 1, maxLength: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('transfer' as const), loc: fc.nat(), same: rare, lines: fc.array(line, { minLength: 1, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('count' as const), loc: fc.nat(), lines: fc.array(fc.record({ p: fc.nat(), counted: fc.integer({ min: 0, max: 40000 }) }), { minLength: 1, maxLength: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('cancel' as const), d: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('replay' as const), d: fc.nat(), mutate: fc.boolean() }) },
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

/** Row counts of every table plus the sums a half-written post would move. */
function fingerprint(core: Core): string {
  const raw = core.db.raw;
  const tables = (raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
  const counts = tables.map((t) => `${t}:${(raw.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n}`);
  const extra = raw.prepare(`SELECT (SELECT group_concat(name || '=' || next) FROM sequences) AS seq, (SELECT total(qty) || '/' || total(value) FROM on_hand) AS oh,
    (SELECT total(cost) FROM products) AS cost, (SELECT group_concat(status) FROM documents) AS st`).get();
  return JSON.stringify([counts, extra]);
}

const MOVE_SIGN: Partial<Record<DocType, number>> = { sale: -1, writeoff: -1, receipt: 1, return: 1 };

/** From the database alone: every document is whole and consistent with its lines. */
function checkStructure(core: Core): void {
  const raw = core.db.raw;
  expect(ledgerViolations(core.db)).toEqual([]);
  const all = raw.prepare('SELECT * FROM documents ORDER BY id').all() as { id: number; type: DocType; number: string; status: string; location_id: number; to_location_id: number | null; reversal_of: number | null; total: number }[];
  const q = (sql: string, id: number | string) => raw.prepare(sql).all(id) as Record<string, number>[];
  for (const d of all) {
    const lines = q('SELECT * FROM document_lines WHERE document_id = ? ORDER BY line_no', d.id);
    const moves = q('SELECT line_id, location_id AS loc, product_id AS p, qty_delta AS dq, value_delta AS dv FROM stock_movements WHERE document_id = ? ORDER BY id', d.id);
    const pays = q('SELECT method, amount FROM payments WHERE document_id = ? ORDER BY id', d.id);
    expect(lines.length).toBeGreaterThan(0);
    expect(d.total).toBe(lines.reduce((s, l) => s + l.amount!, 0));
    expect(q(`SELECT action FROM audit_log WHERE entity = 'document' AND entity_id = ?`, String(d.id)).map((a) => a.action), JSON.stringify(d)).toEqual([d.reversal_of ? 'doc.reverse' : 'doc.post']);
    expect(q('SELECT id FROM documents WHERE reversal_of = ?', d.id)).toHaveLength(d.status === 'cancelled' ? 1 : 0);
    for (const l of lines) {
      const got = moves.filter((m) => m.line_id === l.id).map(({ p, loc, dq, dv }) => ({ p, loc, dq, dv }));
      let want: { p: number; loc: number; dq: number; dv: number }[];
      if (d.reversal_of) {
        want = q('SELECT product_id AS p, location_id AS loc, -qty_delta AS dq, -value_delta AS dv FROM stock_movements WHERE line_id = ? ORDER BY id', l.base_line_id!) as typeof want;
      } else if (d.type === 'transfer') {
        want = [{ p: l.product_id!, loc: d.location_id, dq: -l.qty!, dv: -l.cost_amount! }, { p: l.product_id!, loc: d.to_location_id!, dq: l.qty!, dv: l.cost_amount! }];
      } else if (d.type === 'count') {
        want = l.qty === 0 ? [] : [{ p: l.product_id!, loc: d.location_id, dq: l.qty!, dv: l.cost_amount! }];
      } else {
        const sg = MOVE_SIGN[d.type]!;
        want = [{ p: l.product_id!, loc: d.location_id, dq: sg * l.qty!, dv: sg * l.cost_amount! }];
      }
      expect(got).toEqual(want.map((w) => ({ p: w.p, loc: w.loc, dq: w.dq + 0, dv: w.dv + 0 })));
    }
    expect(moves.every((m) => lines.some((l) => l.id === m.line_id))).toBe(true);
    if (d.reversal_of) expect(pays).toEqual(q('SELECT method, -amount AS amount FROM payments WHERE document_id = ? ORDER BY id', d.reversal_of));
    else if (d.type === 'sale' || d.type === 'return') expect(pays.reduce((s, p) => s + p.amount!, 0)).toBe(d.total);
    else expect(pays).toEqual([]);
  }
  // Numbers are gap-free per type: a rolled-back post gives its number back.
  for (const t of new Set(all.map((d) => d.type))) {
    const nums = all.filter((d) => d.type === t).map((d) => Number(d.number.slice(2))).sort((a, b) => a - b);
    expect(nums).toEqual(nums.map((_, i) => i + 1));
  }
}

let template: { dir: string; cleanup: () => void; products: number[]; pieces: Set<number>; locs: number[] };

/** Goods sold by the piece move in whole pieces: the generated quantity rounded to one (a count may be zero). */
const whole = (pieces: Set<number>, p: number, qty: number, min = 1000): number => (pieces.has(p) ? Math.max(min, Math.round(qty / 1000) * 1000) : qty);

beforeAll(() => {
  const core = testCore();
  const loc2 = insertLocation(core.db, 'Back room', 'warehouse');
  openShift(core, [1, loc2]);
  const fresh = insertProduct(core.db, { sku: 'T-FRESH', name: 'Never received', unit: 'pcs', price: 4990, cost: 1234, taxRateBp: 2000, categoryId: null, active: true });
  const kg = (core.db.raw.prepare(`SELECT id FROM products WHERE unit = 'kg' ORDER BY id LIMIT 1`).get() as { id: number }).id;
  const pcs = (core.db.raw.prepare(`SELECT id FROM products WHERE unit = 'pcs' AND sku LIKE 'D-%' ORDER BY id LIMIT 3`).all() as { id: number }[]).map((r) => r.id);
  core.close();
  template = { dir: core.dir, cleanup: core.cleanup, products: [...pcs, kg, fresh], pieces: new Set([...pcs, fresh]), locs: [1, loc2] };
});
afterAll(() => rmSync(template.dir, { recursive: true, force: true }));

async function runSequence(ops: Op[]): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lavka-prop-'));
  copyFileSync(path.join(template.dir, DB_FILE), path.join(dir, DB_FILE));
  const core = createCore({ dataDir: dir, migrationsDir: MIGRATIONS, version: 't', mode: 'local' });
  // Durability is crash.test.ts's business; here every commit's fsync would only cost time.
  core.db.raw.pragma('synchronous = OFF');
  try {
    const api = await as(core, 'owner');
    const m = new Model();
    const P = template.products;
    const L = template.locs;
    for (const p of P) {
      const r = core.db.raw.prepare('SELECT price, cost FROM products WHERE id = ?').get(p) as { price: number; cost: number };
      m.price.set(p, r.price);
      m.cost.set(p, r.cost);
      for (const loc of L) Object.assign(m.get(p, loc), core.db.raw.prepare('SELECT qty, value FROM on_hand WHERE product_id = ? AND location_id = ?').get(p, loc) ?? {});
    }
    for (const op of ops) await step(core, api, m, op, P, L);
    checkStructure(core);
    for (const [k, s] of m.stock) {
      const [p, loc] = k.split(':').map(Number);
      const row = core.db.raw.prepare('SELECT qty, value FROM on_hand WHERE product_id = ? AND location_id = ?').get(p, loc) ?? { qty: 0, value: 0 };
      expect(row, `on hand ${k}`).toEqual(s);
    }
    expect(await api('audit.verify', {})).toMatchObject({ ok: true, value: { ok: true } });
  } finally {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function step(core: Core, api: Caller, m: Model, op: Op, P: number[], L: number[]): Promise<void> {
  const pick = <T>(xs: T[], n: number): T | undefined => (xs.length ? xs[n % xs.length] : undefined);
  const loc = (n: number) => L[n % 4 === 3 ? 1 : 0]!;
  let req: Req;
  let fails: string | null = null;
  let plan: (() => Plan) | null = null;
  let meta: Pick<MDoc, 'type' | 'loc' | 'base' | 'reversal'>;
  switch (op.k) {
    case 'sale': {
      const at = loc(op.loc);
      const lines = op.lines.map((l) => ({ productId: P[l.p % P.length]!, qty: whole(template.pieces, P[l.p % P.length]!, l.qty) }));
      // Now and then a fraction of a piece, which every path refuses.
      const fraction = op.fraction ? lines.find((l) => template.pieces.has(l.productId)) : undefined;
      if (fraction) fraction.qty += 1 + (op.x % 999);
      const total = lines.reduce((s, l) => s + rdiv(m.price.get(l.productId)!, l.qty, 1000), 0);
      const card = op.pay === 'card' ? total : op.pay === 'split' ? op.x % (total + 1) : op.pay === 'cardOver' ? total + 1 : 0;
      const cash = op.pay === 'short' ? total - 1 : op.pay === 'over' ? total + 1 + (op.x % 5000) : op.pay === 'cardOver' || op.pay === 'card' ? 0 : total - card + (op.x % 3);
      if (op.pay === 'badProduct') lines.push({ productId: 999_999, qty: 1000 });
      const payments = [...(cash || !card ? [{ method: 'cash', amount: Math.max(cash, 0) }] : []), ...(card ? [{ method: 'card', amount: card }] : [])];
      req = { method: 'sale.post', input: { uuid: uuid(), ...(at === L[1] ? { locationId: at } : {}), lines, payments } };
      fails = op.pay === 'badProduct' ? 'unknown_product' : fraction ? 'validation' : card > total || Math.max(cash, 0) + card < total ? 'payment_mismatch' : null;
      meta = { type: 'sale', loc: at, base: null, reversal: false };
      plan = () => {
        const pl: Plan = { lines: [], moves: [], pays: [], change: Math.max(cash, 0) + card - total };
        for (const l of lines) {
          const cost = m.outCost(l.productId, at, l.qty);
          pl.lines.push({ p: l.productId, qty: l.qty, amount: rdiv(m.price.get(l.productId)!, l.qty, 1000), cost });
          m.move(pl, l.productId, at, -l.qty, -cost);
        }
        if (Math.max(cash, 0) - pl.change! > 0) pl.pays.push({ method: 'cash', amount: cash - pl.change! });
        if (card > 0) pl.pays.push({ method: 'card', amount: card });
        return pl;
      };
      break;
    }
    case 'return': {
      const sale = pick(m.docs.filter((d) => d.type === 'sale' && !d.reversal), op.sale);
      if (!sale) return;
      const asked = new Map<number, number>();
      const lines = op.lines.map((r) => {
        const sl = sale.lines[r.li % sale.lines.length]!;
        const left = sl.qty - m.returned(sale, sl.id) - (asked.get(sl.id) ?? 0);
        const unit = template.pieces.has(sl.p) ? 1000 : 1;
        const qty = r.over ? Math.max(left, 0) + unit * (1 + (r.q % 1000)) : unit * (1 + (r.q % Math.max(Math.floor(left / unit), 1)));
        if (qty > left) fails ??= 'return_exceeds_sold';
        asked.set(sl.id, (asked.get(sl.id) ?? 0) + qty);
        return { sl, qty };
      });
      if (sale.status !== 'posted') fails = 'invalid_state';
      req = { method: 'doc.post', input: { type: 'return', uuid: uuid(), saleId: sale.id, lines: lines.map((l) => ({ saleLineId: l.sl.id, qty: l.qty })), refund: op.cash ? 'cash' : 'original' } };
      meta = { type: 'return', loc: sale.loc, base: sale.id, reversal: false };
      plan = () => {
        const pl: Plan = { lines: [], moves: [], pays: [] };
        for (const { sl, qty } of lines) {
          const cost = rdiv(sl.cost, qty, sl.qty);
          pl.lines.push({ p: sl.p, qty, amount: rdiv(sl.amount, qty, sl.qty), cost, baseLine: sl.id });
          m.move(pl, sl.p, sale.loc, qty, cost);
        }
        const refund = pl.lines.reduce((s, l) => s + l.amount, 0);
        const cardPaid = sale.pays.filter((p) => p.method === 'card').reduce((s, p) => s + p.amount, 0);
        const cardBack = m.docs.filter((d) => d.type === 'return' && !d.reversal && d.status === 'posted' && d.base === sale.id).flatMap((d) => d.pays).filter((p) => p.method === 'card').reduce((s, p) => s + p.amount, 0);
        const toCard = op.cash ? 0 : Math.min(Math.max(cardPaid - cardBack, 0), refund);
        if (toCard > 0) pl.pays.push({ method: 'card', amount: toCard });
        if (refund - toCard > 0) pl.pays.push({ method: 'cash', amount: refund - toCard });
        return pl;
      };
      break;
    }
    case 'receipt':
    case 'writeoff':
    case 'transfer':
    case 'count': {
      const at = loc(op.loc);
      const to = op.k === 'transfer' ? (op.same ? at : L.find((l) => l !== at)!) : undefined;
      const lines = op.lines.map((l) => {
        const productId = P[l.p % P.length]!;
        return { productId, qty: 'counted' in l ? whole(template.pieces, productId, l.counted, 0) : whole(template.pieces, productId, l.qty), ...('unitCost' in l ? { unitCost: l.unitCost } : {}) };
      });
      req = { method: 'doc.post', input: { type: op.k, uuid: uuid(), locationId: at, ...(to ? { toLocationId: to } : {}), lines } };
      if ((op.k === 'transfer' && to === at) || (op.k === 'count' && new Set(lines.map((l) => l.productId)).size < lines.length)) fails = 'validation';
      meta = { type: op.k, loc: at, base: null, reversal: false };
      plan = () => {
        const pl: Plan = { lines: [], moves: [], pays: [] };
        for (const l of lines) {
          const s = m.get(l.productId, at);
          if (op.k === 'receipt') {
            const value = rdiv(l.unitCost!, l.qty, 1000);
            pl.lines.push({ p: l.productId, qty: l.qty, amount: value, cost: value });
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
            if (to) m.move(pl, l.productId, to, l.qty, cost);
          }
        }
        return pl;
      };
      break;
    }
    case 'cancel': {
      const orig = pick(m.docs, op.d);
      if (!orig) return;
      req = { method: 'doc.cancel', input: { id: orig.id, uuid: uuid(), reason: 'property test' } };
      const deps = m.docs.some((d) => d.base === orig.id && !d.reversal && d.status === 'posted');
      fails = orig.reversal || orig.status !== 'posted' ? 'invalid_state' : deps ? 'has_dependents' : null;
      meta = { type: orig.type, loc: orig.loc, base: orig.base, reversal: true };
      plan = () => {
        const pl: Plan = { lines: orig.lines.map((l) => ({ ...l, qty: 0 - l.qty, amount: 0 - l.amount, cost: 0 - l.cost })), moves: [], pays: orig.pays.map((p) => ({ ...p, amount: 0 - p.amount })) };
        for (const mv of orig.moves) m.move(pl, mv.p, mv.loc, 0 - mv.dq, 0 - mv.dv);
        orig.status = 'cancelled';
        return pl;
      };
      break;
    }
    case 'replay': {
      const d = pick(m.docs, op.d);
      if (!d) return;
      const input = structuredClone(d.req.input);
      if (op.mutate) Object.assign(input, d.req.method === 'doc.cancel' ? { reason: 'another reason' } : d.req.method === 'sale.post' ? { payments: [{ method: 'cash', amount: 10 ** 9 }] } : { note: 'changed' });
      const before = fingerprint(core);
      const r = await api(d.req.method, input);
      if (op.mutate) expect(r).toMatchObject({ ok: false, error: { code: 'idempotency_conflict' } });
      else expect(r).toMatchObject({ ok: true, value: { id: d.id, replayed: true } });
      expect(fingerprint(core)).toBe(before);
      return;
    }
  }
  const before = fails ? fingerprint(core) : '';
  const r = await api(req.method, req.input);
  if (fails) {
    expect(r.ok ? 'ok' : r.error.code, JSON.stringify(req)).toBe(fails);
    expect(fingerprint(core), 'a failed call must write nothing').toBe(before);
    return;
  }
  if (!r.ok) throw new Error(`${req.method} ${JSON.stringify(req.input)} -> ${r.error.code}: ${r.error.message}`);
  const pl = plan!();
  const posted = r.value as { id: number; total: number; change: number; replayed: boolean };
  const doc = (await api('doc.get', { id: posted.id })) as { ok: true; value: Doc };
  expect(doc.value.lines.map((l) => ({ p: l.productId, qty: l.qty, amount: l.amount, cost: l.costAmount }))).toEqual(pl.lines.map(({ p, qty, amount, cost }) => ({ p, qty, amount, cost })));
  expect(doc.value.payments).toEqual(pl.pays);
  expect(posted.replayed).toBe(false);
  if (pl.change !== undefined) expect(posted.change).toBe(pl.change);
  m.docs.push({ id: posted.id, ...meta!, status: 'posted', lines: pl.lines.map((l, i) => ({ ...l, id: doc.value.lines[i]!.id })), moves: pl.moves, pays: pl.pays, req });
}

describe('ledger under random operations', () => {
  it('keeps on-hand, moving-average cost, documents and idempotency consistent', { timeout: 240_000 }, async () => {
    await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 20, maxLength: 40 }), runSequence), { numRuns: Number(process.env.LEDGER_RUNS ?? 150), ...(process.env.LEDGER_SEED ? { seed: Number(process.env.LEDGER_SEED) } : {}) });
  });
});
