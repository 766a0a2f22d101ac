/**
 * What goes on paper, built from what is stored: a posted sale or return (documents, lines, payments), a closed
 * shift's kept Z report, and the shop settings. Rendering happens when the job prints, not when it is queued, so a
 * changed printer (width, code page) applies to receipts still waiting.
 *
 * Outbox topics and payloads (written in the business transaction, printed after commit by the device service):
 * - 'receipt.print' {docId, copy?, change?}: a sale or return receipt. `change` is the cash handed back: the ledger
 *   keeps net payments (cash kept), so what was tendered is only known to the code that posted; when the payload has
 *   no change, the first receipt.print of the same document is asked (a reprint carries the original's), and without
 *   one the receipt shows the cash kept and no change line.
 * - 'report.print' {shiftId, kind: 'Z'}: the shift's Z report as kept on the shift row (shifts.z_report JSON).
 * - 'drawer.kick' {reason, userId}: the 5-byte ESC p pulse alone (a no-sale opening).
 *
 * Receipt barcode (the return screen scans it): CODE128 of the document number exactly as printed and stored
 * ("S-000123"), so a serial or USB-CDC scanner, a wedge under an English layout and a person typing all give the
 * number itself. A keyboard-wedge scanner under the Russian layout types the same keys as Cyrillic ("Ы-000123": S is
 * the Ы key, R the К key); wherever a receipt code is looked up, pass it through `receiptNumberFromScan`, which maps
 * ЙЦУКЕН letters back to the QWERTY keys they share and normalises case and padding. (Digits only would survive any
 * layout too, but would print a second number next to the one the cashier and the receipt list show.)
 */
import type { Db } from '../../db/connection';
import { getShift } from '../../db/queries/counter/shifts';
import * as docs from '../../db/queries/documents';
import { outboxPayloadsWhere } from '../../db/queries/outbox';
import { getProducts } from '../../db/queries/products';
import type { ShiftReport } from '../contract/counter-types';
import type { CounterSettings, PaymentMethod, Settings } from '../contract/types';
import { lineAmount } from '../money';
import { drawerKick, layoutToEscPos, type CodePage } from './escpos';
import { layoutReceipt, layoutShiftReport, type LayoutOptions, type ReceiptInput, type ReceiptLayout, type ReceiptWidth } from './receipt';
import { currencyDigits } from '../contract/money-format';

export const RECEIPT_TOPIC = 'receipt.print';
export const REPORT_TOPIC = 'report.print';
export const DRAWER_TOPIC = 'drawer.kick';
/** Everything the receipt printer does, in one queue (outbox id order). */
export const DEVICE_TOPICS = [RECEIPT_TOPIC, REPORT_TOPIC, DRAWER_TOPIC];

export interface ReceiptPrintPayload {
  docId: number;
  /** A reprint: marked КОПИЯ / COPY, and never opens the drawer. */
  copy?: boolean;
  /** Cash handed back, minor units (see the file comment). */
  change?: number;
}

export interface ReportPrintPayload {
  shiftId: number;
  kind: 'Z' | 'X';
}

export interface DrawerKickPayload {
  reason?: string;
  userId?: number;
}

type PrinterSettings = CounterSettings['printer'];

/** 58 mm paper: 32 columns; 80 mm: 48 (font A). */
export const columnsFor = (paperMm: PrinterSettings['width']): ReceiptWidth => (paperMm === 58 ? 32 : 48);

export const codePageOf = (p: PrinterSettings): CodePage => (p.codePage === 'wpc1251' ? 'cp1251' : 'cp866');

const FOOTER = { ru: 'Спасибо за покупку!', en: 'Thank you!' } as const;

export function layoutOptions(s: Settings, extra: Partial<LayoutOptions> = {}): LayoutOptions {
  return {
    width: columnsFor(s.counter.printer.width),
    locale: s.locale,
    taxRates: s.taxRates,
    fractionDigits: currencyDigits(s.currency),
    ...extra,
  };
}

/** The cash handed back for a document: the payload's, else the first receipt.print of the document that has one. */
function changeOf(db: Db, docId: number, given: number | undefined): number {
  if (typeof given === 'number') return Math.max(0, given);
  for (const p of outboxPayloadsWhere(db, RECEIPT_TOPIC, 'docId', docId)) {
    const c = (p as ReceiptPrintPayload).change;
    if (typeof c === 'number') return Math.max(0, c);
  }
  return 0;
}

/** The receipt input for a posted sale or return; throws when the document is not one. */
export function receiptInput(db: Db, s: Settings, payload: ReceiptPrintPayload): ReceiptInput {
  const docId = payload.docId;
  const head = docs.documentSummary(db, docId);
  if (!head) throw new Error(`document ${docId} does not exist`);
  if (head.type !== 'sale' && head.type !== 'return') throw new Error(`${head.number} is a ${head.type}, not a sale or return`);
  const rows = docs.linesOf(db, docId);
  const products = getProducts(db, [...new Set(rows.map((l) => l.productId))]);
  const lines = rows.map((l) => {
    const p = products.get(l.productId);
    // Stored since the counter work; older rows: whatever qty x price exceeds the amount by.
    const stored = (l as { discount?: number }).discount;
    const discount = typeof stored === 'number' ? stored : Math.max(0, lineAmount(l.price, l.qty) - l.amount);
    return {
      name: p?.name ?? `#${l.productId}`,
      qty: l.qty,
      unit: p?.unit,
      price: l.price,
      discount,
      amount: l.amount,
      taxRateBp: l.taxRateBp,
      taxAmount: l.taxAmount,
    };
  });
  // A sale or a return is paid in cash or by card (bank is a supplier payment's, never printed on a receipt).
  const payments = docs.paymentsOf(db, docId).map((p) => ({ method: p.method as PaymentMethod, amount: p.amount }));
  const change = head.type === 'sale' ? changeOf(db, docId, payload.change) : 0;
  if (change > 0) {
    // The ledger keeps the cash kept; the receipt shows what was tendered, then the change.
    const cash = payments.find((p) => p.method === 'cash');
    if (cash) cash.amount += change;
    else payments.push({ method: 'cash', amount: change });
  }
  return {
    kind: head.type,
    shopName: s.shopName,
    shopAddress: s.shopAddress || undefined,
    number: head.number,
    at: head.postedAt ?? new Date().toISOString(),
    cashier: head.authorName,
    lines,
    total: head.total,
    payments,
    change,
    footer: head.type === 'sale' ? [FOOTER[s.locale]] : undefined,
    copy: payload.copy === true,
  };
}

/** The layout printed and previewed. The drawer opens for cash taken or refunded, never for a copy. */
export function receiptLayout(db: Db, s: Settings, payload: ReceiptPrintPayload): ReceiptLayout {
  const input = receiptInput(db, s, payload);
  const cashMoved = docs.paymentsOf(db, payload.docId).some((p) => p.method === 'cash' && p.amount > 0);
  return layoutReceipt(input, layoutOptions(s, { openDrawer: s.counter.printer.drawer && !input.copy && cashMoved }));
}

/** The kept Z report of a closed shift (the JSON stored at close; never recomputed, so a reprint matches). */
export function shiftReportLayout(db: Db, s: Settings, payload: ReportPrintPayload): ReceiptLayout {
  const shift = getShift(db, payload.shiftId);
  if (!shift) throw new Error(`shift ${payload.shiftId} does not exist`);
  if (!shift.zReport) throw new Error(`shift ${shift.number} has no kept Z report (not closed?)`);
  const report = JSON.parse(shift.zReport) as ShiftReport;
  return layoutShiftReport(report, { shopName: s.shopName, shopAddress: s.shopAddress || undefined }, layoutOptions(s));
}

/** Outbox row -> printer bytes. */
export function renderJob(db: Db, s: Settings, topic: string, payload: unknown): Buffer {
  const escpos = { codePage: codePageOf(s.counter.printer) };
  switch (topic) {
    case RECEIPT_TOPIC:
      return layoutToEscPos(receiptLayout(db, s, payload as ReceiptPrintPayload), escpos);
    case REPORT_TOPIC:
      return layoutToEscPos(shiftReportLayout(db, s, payload as ReportPrintPayload), escpos);
    case DRAWER_TOPIC:
      return drawerKick();
    default:
      throw new Error(`no printer job for topic ${topic}`);
  }
}

// ЙЦУКЕН letters on the QWERTY keys they share (only letters: digits and '-' are the same keys in both layouts).
const RU = 'йцукенгшщзфывапролдячсмить';
const EN = 'qwertyuiopasdfghjklzxcvbnm';
const RU_TO_EN = new Map([...RU].map((c, i) => [c, EN[i]!]));

/**
 * A scanned or typed receipt code -> the document number ("S-000123"), or null when it is not one. Accepts what a
 * wedge under the Russian layout types ("Ы-000123", "ы-000123" with Caps Lock), lower case, and a missing dash or
 * padding ("s123").
 */
export function receiptNumberFromScan(code: string): string | null {
  const latin = [...code.trim()]
    .map((c) => RU_TO_EN.get(c.toLowerCase()) ?? c)
    .join('')
    .toUpperCase();
  const m = /^([A-Z])-?(\d{1,12})$/.exec(latin);
  if (!m) return null;
  return `${m[1]}-${m[2]!.padStart(6, '0')}`;
}
