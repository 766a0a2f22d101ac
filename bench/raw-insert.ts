import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { includedTax, lineAmount } from '../core/money';
import { openDatabase } from '../db/connection';
import type { SaleInput, Sync } from './sale-post';
import { MIGRATIONS, nowMs, tempDir } from './util';

/** Everything a sale writes, worked out before the clock starts (the raw side does no domain logic). */
interface RawSale {
  uuid: string;
  requestHash: string;
  total: number;
  taxTotal: number;
  lines: { productId: number; qty: number; price: number; amount: number; taxRateBp: number; taxAmount: number; cost: number }[];
  payment: { method: string; amount: number };
  auditHash: string;
}

export interface RawDb {
  /** Posts the sales one transaction each; returns elapsed ms. */
  run(sales: RawSale[]): number;
  /** The same, timing each sale (ms each). */
  runEach(sales: RawSale[]): number[];
  prepare(inputs: SaleInput[]): RawSale[];
  raw: Database.Database;
  cleanup: () => void;
}

const TAX_BP = 2000;

/**
 * Same schema (the migrations) and pragmas (openDatabase), then plain better-sqlite3 statements. On a fresh database,
 * or on a copy of `from` (the aged shop of history.ts: its products, users, on-hand and audit chain are already there).
 */
export function openRaw(products: { id: number; price: number }[], sync: Sync = 'FULL', from?: string): RawDb {
  const t = tempDir('lavka-bench-raw-');
  try {
    return openRawIn(t, products, sync, from);
  } catch (err) {
    t.cleanup();
    throw err;
  }
}

function openRawIn(t: { dir: string; cleanup: () => void }, products: { id: number; price: number }[], sync: Sync, from?: string): RawDb {
  if (from) copyFileSync(from, `${t.dir}/raw.sqlite`);
  const db = openDatabase({ file: `${t.dir}/raw.sqlite`, migrationsDir: MIGRATIONS, quickCheck: false });
  const raw = db.raw;
  if (sync !== 'FULL') raw.pragma(`synchronous = ${sync}`);
  const price = new Map(products.map((p) => [p.id, p.price]));
  const taxOf = raw.prepare('SELECT tax_rate_bp FROM products WHERE id = ?').pluck();
  const tax = new Map(products.map((p) => [p.id, from ? (taxOf.get(p.id) as number) : TAX_BP]));
  if (!from)
    raw.transaction(() => {
      raw.prepare(`INSERT INTO roles (id, name, permissions, builtin) VALUES ('cashier', 'Cashier', '[]', 1)`).run();
      raw.prepare(`INSERT INTO users (id, name, role_id) VALUES (2, 'Ivan (cashier)', 'cashier')`).run();
      raw.prepare(`INSERT INTO locations (id, name) VALUES (1, 'Shop floor')`).run();
      const ins = raw.prepare(`INSERT INTO products (id, sku, name, price, cost, tax_rate_bp) VALUES (?, ?, ?, ?, ?, ?)`);
      const oh = raw.prepare(`INSERT INTO on_hand (product_id, location_id, qty, value) VALUES (?, 1, 1000000000, ?)`);
      for (const p of products) {
        ins.run(p.id, `B-${p.id}`, `Product ${p.id}`, p.price, Math.round(p.price * 0.7), TAX_BP);
        oh.run(p.id, Math.round(p.price * 0.7) * 1_000_000);
      }
    })();
  const s = {
    seq: raw.prepare(
      `INSERT INTO sequences (name, next) VALUES ('doc.sale', 2) ON CONFLICT (name) DO UPDATE SET next = next + 1 RETURNING next`,
    ),
    doc: raw.prepare(
      `INSERT INTO documents (uuid, request_hash, type, number, status, location_id, to_location_id, base_document_id, reversal_of, author_id, total, tax_total, note, created_at, posted_at, business_date)
       VALUES (?, ?, 'sale', ?, 'posted', 1, NULL, NULL, NULL, 2, ?, ?, NULL, ?, ?, ?)`,
    ),
    line: raw.prepare(
      `INSERT INTO document_lines (document_id, line_no, product_id, qty, price, amount, tax_rate_bp, tax_amount, cost_amount, base_line_id, counted_qty)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)`,
    ),
    move: raw.prepare(
      `INSERT INTO stock_movements (document_id, line_id, product_id, location_id, qty_delta, value_delta, at, business_date) VALUES (?, ?, ?, 1, ?, ?, ?, ?)`,
    ),
    onHand: raw.prepare(
      `INSERT INTO on_hand (product_id, location_id, qty, value) VALUES (?, 1, ?, ?) ON CONFLICT (product_id, location_id) DO UPDATE SET qty = qty + excluded.qty, value = value + excluded.value`,
    ),
    pay: raw.prepare(`INSERT INTO payments (document_id, method, amount) VALUES (?, ?, ?)`),
    audit: raw.prepare(
      `INSERT INTO audit_log (at, user_id, action, entity, entity_id, data, prev_hash, hash) VALUES (?, 2, 'doc.post', 'document', ?, ?, ?, ?)`,
    ),
  };
  let prevHash = (raw.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').pluck().get() as string | undefined) ?? '0'.repeat(64);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
  const post = raw.transaction((x: RawSale) => {
    const at = new Date().toISOString();
    const { next } = s.seq.get() as { next: number };
    const number = `S-${String(next - 1).padStart(6, '0')}`;
    // The business date as the app works it out per sale (a formatter in the shop's zone), outside the SQL.
    const day = today.format(new Date(at));
    const docId = s.doc.run(x.uuid, x.requestHash, number, x.total, x.taxTotal, at, at, day).lastInsertRowid;
    x.lines.forEach((l, i) => {
      const lineId = s.line.run(docId, i + 1, l.productId, l.qty, l.price, l.amount, l.taxRateBp, l.taxAmount, l.cost).lastInsertRowid;
      s.move.run(docId, lineId, l.productId, -l.qty, -l.cost, at, day);
      s.onHand.run(l.productId, -l.qty, -l.cost);
    });
    s.pay.run(docId, x.payment.method, x.payment.amount);
    s.audit.run(
      at,
      String(docId),
      `{"type":"sale","number":"${number}","total":${x.total},"lines":${x.lines.length},"businessDate":"${day}"}`,
      prevHash,
      x.auditHash,
    );
    prevHash = x.auditHash;
  });
  return {
    raw,
    prepare: (inputs) =>
      inputs.map((inp) => {
        const lines = inp.lines.map((l) => {
          const p = price.get(l.productId)!;
          const amount = lineAmount(p, l.qty);
          return {
            productId: l.productId,
            qty: l.qty,
            price: p,
            amount,
            taxRateBp: tax.get(l.productId)!,
            taxAmount: includedTax(amount, tax.get(l.productId)!),
            cost: lineAmount(Math.round(p * 0.7), l.qty),
          };
        });
        const total = lines.reduce((a, l) => a + l.amount, 0);
        return {
          uuid: inp.uuid,
          requestHash: createHash('sha256').update(inp.uuid).digest('hex'),
          total,
          taxTotal: lines.reduce((a, l) => a + l.taxAmount, 0),
          lines,
          payment: { method: inp.payments[0]!.method, amount: Math.min(total, inp.payments[0]!.amount) },
          auditHash: randomBytes(32).toString('hex'),
        };
      }),
    run: (sales) => {
      const t0 = nowMs();
      for (const x of sales) post.immediate(x);
      return nowMs() - t0;
    },
    runEach: (sales) =>
      sales.map((x) => {
        const t0 = nowMs();
        post.immediate(x);
        return nowMs() - t0;
      }),
    cleanup: () => {
      raw.close();
      t.cleanup();
    },
  };
}
