/**
 * The demo shop's past: DAYS days up to yesterday, so a newcomer's first look at the reports and the dashboard
 * shows something real. Everything goes through the app's own paths (the posting engine, shifts, cash moves,
 * supplier payments), each dated on its business day: the opening stock from three suppliers, a weekly restock of
 * what ran low, a shift a day with sales shaped by weekday (more at the weekend) and a long tail of products,
 * paid in cash or by card, the day's cash collected at close, a write-off every ten days, one return to a supplier,
 * the suppliers paid every two weeks (by bank, now and then in cash), and the month's rent, wages and utilities
 * (./expenses.ts). Deterministic (a seeded PRNG), a few
 * thousand documents in one transaction: about a second.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connection';
import { addDays } from '../../db/queries/reports/shares';
import { insertSupplier } from '../../db/queries/suppliers';
import { closeShift, moveCash, openShift } from '../counter/shifts';
import { shopToday } from '../posting/dates';
import { requestHash, writeDocument, type Actor } from '../posting/engine';
import { postStockDoc, prepareSale, saleItems } from '../posting/prepare';
import { priceSale } from '../posting/sale-lines';
import { paySupplier } from '../purchasing/payments';
import { payExpenses } from './expenses';
import { setting } from '../settings';

export const DEMO_HISTORY_DAYS = 90;
const SUPPLIERS = ['Molochny Dvor', 'Hlebozavod No. 1', 'Optovik'];
const FLOAT = 200_000;
/** Receipts a day before the weekday factor: Monday … Sunday. */
const BASE_SALES = 24;
const WEEKDAY = [0.8, 0.85, 0.9, 1, 1.3, 1.45, 1.2];

export interface DemoStart {
  productId: number;
  unit: 'pcs' | 'kg';
  qty: number;
  unitCost: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The instant of a local hour on a shop day (the zone's offset that day, found by formatting a guess). */
function localInstant(zone: string, day: string, hour: number): string {
  const guess = Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);
  let f = formats.get(zone);
  if (!f) {
    const parts = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' } as const;
    formats.set(zone, (f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', ...parts })));
  }
  const shown = f.format(new Date(guess)).replace(', ', 'T');
  const offset = Date.parse(`${shown}:00Z`) - guess;
  return new Date(guess - offset).toISOString();
}

/** The history of the demo shop; `stock` is the opening stock, posted DAYS days ago instead of today. */
export function seedDemoHistory(db: Db, actor: Actor, stock: DemoStart[], rand: () => number): void {
  const zone = setting(db, 'timeZone');
  const locationId = setting(db, 'defaultLocationId');
  const today = shopToday(db);
  const start = addDays(today, -DEMO_HISTORY_DAYS);
  const suppliers = SUPPLIERS.map((name, i) => insertSupplier(db, { name, paymentTermsDays: 14, leadTimeDays: i + 1 }));
  const supplierOf = (i: number) => suppliers[i % suppliers.length]!;
  const target = new Map(stock.map((s) => [s.productId, s.qty]));
  const onHand = new Map<number, number>();
  const owed = new Map<number, number>(suppliers.map((s) => [s, 0]));
  const receive = (day: string, supplierId: number, lines: DemoStart[]) => {
    if (!lines.length) return;
    const input = {
      type: 'receipt' as const,
      uuid: randomUUID(),
      locationId,
      supplierId,
      invoiceNo: `${day.replaceAll('-', '')}-${supplierId}`,
      invoiceDate: day,
      lines: lines.map((l) => ({ productId: l.productId, qty: l.qty, unitCost: l.unitCost })),
      allowOverReceipt: false,
    };
    postStockDoc(db, actor, input, requestHash(input), day);
    for (const l of lines) {
      onHand.set(l.productId, (onHand.get(l.productId) ?? 0) + l.qty);
      owed.set(supplierId, owed.get(supplierId)! + Math.round((l.unitCost * l.qty) / 1000));
    }
  };
  const supplierBy = new Map(stock.map((s, i) => [s.productId, supplierOf(i)]));
  const bySupplier = (lines: DemoStart[]) => suppliers.map((s) => lines.filter((l) => supplierBy.get(l.productId) === s));
  bySupplier(stock).forEach((lines, i) => receive(start, suppliers[i]!, lines));

  // A long tail: a few products sell every day, most now and then.
  const weights = stock.map(() => Math.pow(rand(), 3) + 0.01);
  const cumulative: number[] = [];
  weights.reduce((s, w, i) => (cumulative[i] = s + w), 0);
  const pick = () => {
    const x = rand() * cumulative[cumulative.length - 1]!;
    let i = cumulative.findIndex((c) => c >= x);
    if (i < 0) i = stock.length - 1;
    return stock[i]!;
  };

  for (let n = 1; n < DEMO_HISTORY_DAYS; n += 1) {
    const day = addDays(start, n);
    const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
    if (weekday === 0) {
      // Monday morning: each supplier brings what fell under half of its opening stock back up to it.
      const low = stock.filter((s) => (onHand.get(s.productId) ?? 0) < target.get(s.productId)! / 2);
      const lines = low.map((s) => ({ ...s, qty: target.get(s.productId)! - (onHand.get(s.productId) ?? 0) }));
      bySupplier(lines).forEach((l, i) => receive(day, suppliers[i]!, l));
    }
    openShift(db, actor.userId, locationId, FLOAT, localInstant(zone, day, 8));
    let cash = FLOAT;
    const sales = Math.round(BASE_SALES * WEEKDAY[weekday]! * (0.8 + rand() * 0.4));
    for (let k = 0; k < sales; k += 1) {
      const wanted = new Map<number, number>();
      const count = 1 + Math.floor(rand() * rand() * 5);
      for (let j = 0; j < count; j += 1) {
        const p = pick();
        const qty = p.unit === 'kg' ? 200 + Math.round(rand() * 12) * 100 : 1000 * (1 + Math.floor(rand() * rand() * 3));
        if ((onHand.get(p.productId) ?? 0) - (wanted.get(p.productId) ?? 0) >= qty)
          wanted.set(p.productId, (wanted.get(p.productId) ?? 0) + qty);
      }
      if (!wanted.size) continue;
      const lines = [...wanted].map(([productId, qty]) => ({ productId, qty }));
      const total = priceSale(saleItems(db, lines)).priced.total;
      const method = rand() < 0.6 ? ('card' as const) : ('cash' as const);
      const input = { uuid: randomUUID(), lines, payments: [{ method, amount: total }] };
      const posted = writeDocument(db, actor, { ...prepareSale(db, input as never, locationId, requestHash(input)), businessDate: day });
      for (const [id, qty] of wanted) onHand.set(id, onHand.get(id)! - qty);
      if (method === 'cash') cash += posted.total;
    }
    if (n % 10 === 0) {
      const p = stock.find((s) => s.unit === 'pcs' && (onHand.get(s.productId) ?? 0) >= 2000 && rand() < 0.2) ?? null;
      if (p) {
        const input = {
          type: 'writeoff' as const,
          uuid: randomUUID(),
          locationId,
          reason: 'expired' as const,
          lines: [{ productId: p.productId, qty: 1000 }],
        };
        postStockDoc(db, actor, input, requestHash(input), day);
        onHand.set(p.productId, onHand.get(p.productId)! - 1000);
      }
    }
    if (n === 40) {
      const p = stock.find((s, i) => s.unit === 'pcs' && supplierOf(i) === suppliers[0] && (onHand.get(s.productId) ?? 0) >= 3000);
      if (p) {
        const input = {
          type: 'supplier_return' as const,
          uuid: randomUUID(),
          locationId,
          supplierId: suppliers[0]!,
          note: 'Damaged packaging',
          lines: [{ productId: p.productId, qty: 2000 }],
        };
        postStockDoc(db, actor, input, requestHash(input), day);
        onHand.set(p.productId, onHand.get(p.productId)! - 2000);
      }
    }
    if (n % 14 === 0)
      suppliers.forEach((supplierId, i) => {
        const amount = Math.floor((owed.get(supplierId)! * 0.8) / 100) * 100;
        if (amount <= 0) return;
        const method = i === 2 && n % 28 === 0 ? ('cash' as const) : ('bank' as const);
        paySupplier(db, actor, { uuid: randomUUID(), supplierId, amount, method, note: 'Demo payment' }, day);
        owed.set(supplierId, owed.get(supplierId)! - amount);
      });
    cash -= payExpenses(db, actor, locationId, day, cash, rand);
    // The day's takings go to the safe at close; the float stays in the drawer.
    const collected = Math.floor((cash - FLOAT) / 100) * 100;
    if (collected > 0)
      moveCash(
        db,
        actor.userId,
        locationId,
        { uuid: randomUUID(), kind: 'out', amount: collected, reason: 'Collection', at: localInstant(zone, day, 21) },
        requestHash({ collected, day }),
      );
    closeShift(db, actor.userId, locationId, cash - collected, { at: localInstant(zone, day, 21), print: false });
  }
}
