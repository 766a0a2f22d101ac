/**
 * Receipt layout as data. One layout feeds both the printer (receipt-escpos.ts) and the on-screen preview
 * (receiptToText), so what the cashier sees is what prints.
 *
 * Every text line is laid out here to the column width (padding, wrapping, right-aligned amounts), so the ESC/POS
 * side only adds styles: bold and double height never change the number of columns.
 */
import type { Symbology } from '../barcode';
import type { ShiftReport } from '../contract/counter-types';
import type { PaymentMethod, TaxRate, Unit } from '../contract/types';

export type ReceiptWidth = 32 | 42 | 48; // 58 mm; 80 mm with a 42-column font A; 80 mm

export interface ReceiptLineInput {
  name: string;
  /** Thousandths (1 pcs = 1000, 0.523 kg = 523). */
  qty: number;
  unit?: Unit;
  /** Minor units per whole unit. */
  price: number;
  /** Discount on the line, minor units (amount = price * qty - discount); printed when above zero. */
  discount?: number;
  amount: number;
  taxRateBp: number;
  /** Tax contained in amount (DocLine.taxAmount). */
  taxAmount: number;
}

export interface ReceiptInput {
  /** A return receipt is titled as one ("Возврат R-000007"); default sale. */
  kind?: 'sale' | 'return';
  shopName: string;
  shopAddress?: string;
  /** Document number ("S-000123"); also the barcode a return screen scans unless barcodeData is given. */
  number: string;
  /** ISO timestamp of posting. */
  at: string;
  cashier: string;
  lines: ReceiptLineInput[];
  total: number;
  payments: { method: PaymentMethod; amount: number }[];
  change: number;
  /** Printed after the barcode ("Спасибо за покупку!"). */
  footer?: string[];
  /** Overrides the barcode content (e.g. digits only, which survive any keyboard layout on a wedge scanner). */
  barcodeData?: string;
  /** Reprints say so, so a copy is never mistaken for a second sale. */
  copy?: boolean;
}

export interface LayoutOptions {
  width: ReceiptWidth;
  locale: 'ru' | 'en';
  /** Names for the tax breakdown, from settings; a rate not listed gets a generic name. */
  taxRates?: TaxRate[];
  /** IANA zone for the printed time; the process zone when absent. */
  timeZone?: string;
  /** Kick the cash drawer after the cut (a cash payment was taken). */
  openDrawer?: boolean;
  cut?: 'full' | 'partial';
  /** Minor units per major unit as decimals (2 for RUB/EUR). */
  fractionDigits?: number;
}

export type ReceiptBlock =
  | { kind: 'text'; text: string; bold?: boolean; tall?: boolean }
  | { kind: 'rule' }
  /** Code 128 unless a GTIN symbology is named (product labels). */
  | { kind: 'barcode'; data: string; symbology?: Symbology }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut'; mode: 'full' | 'partial' }
  | { kind: 'drawer' };

export interface ReceiptLayout {
  width: ReceiptWidth;
  blocks: ReceiptBlock[];
}

const LABELS = {
  ru: {
    receipt: 'Чек',
    return: 'Возврат',
    copy: 'КОПИЯ',
    cashier: 'Кассир',
    total: 'ИТОГО',
    taxIncl: 'в т.ч.',
    tax: 'НДС',
    cash: 'Наличные',
    card: 'Карта',
    online: 'Оплачено онлайн',
    change: 'Сдача',
    discount: 'Скидка',
  },
  en: {
    receipt: 'Receipt',
    return: 'Return',
    copy: 'COPY',
    cashier: 'Cashier',
    total: 'TOTAL',
    taxIncl: 'incl.',
    tax: 'VAT',
    cash: 'Cash',
    card: 'Card',
    online: 'Paid online',
    change: 'Change',
    discount: 'Discount',
  },
} as const;

/** Characters a thermal code page lacks, mapped one-to-one so the column count stays the same. */
const SUBSTITUTES: Record<string, string> = {
  '«': '"',
  '»': '"',
  '„': '"',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '—': '-',
  '–': '-',
  '‑': '-',
  '…': '.',
  '\u00a0': ' ',
};

/** NFC (a decomposed "й" is one column) plus the one-to-one substitutions; control characters become spaces. */
export function printable(text: string): string {
  return [...text.normalize('NFC')].map((c) => SUBSTITUTES[c] ?? (c < ' ' ? ' ' : c)).join('');
}

const len = (s: string): number => [...s].length;
const cut = (s: string, n: number): string => [...s].slice(0, n).join('');

export function formatMoney(minor: number, fractionDigits = 2): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (fractionDigits === 0) return sign + String(abs);
  const scale = 10 ** fractionDigits;
  return `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(fractionDigits, '0')}`;
}

/** Whole pieces print as "2", anything measured (or fractional) with three decimals: "0.523". */
export function formatQty(qty: number, unit?: Unit): string {
  if (qty % 1000 === 0 && (unit === undefined || unit === 'pcs')) return String(qty / 1000);
  const abs = Math.abs(qty);
  return `${qty < 0 ? '-' : ''}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
}

/** Word wrap to width; words longer than a line are broken. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  const flush = (): void => {
    if (line) out.push(line);
    line = '';
  };
  for (let word of printable(text).split(/\s+/).filter(Boolean)) {
    while (len(word) > width) {
      flush();
      out.push(cut(word, width));
      word = [...word].slice(width).join('');
    }
    if (!word) continue;
    if (line && len(line) + 1 + len(word) <= width) line += ' ' + word;
    else {
      flush();
      line = word;
    }
  }
  flush();
  return out;
}

export const center = (text: string, width: number): string => {
  const t = cut(printable(text), width);
  return ' '.repeat(Math.floor((width - len(t)) / 2)) + t;
};

/** "label ..... value" on one line; a label too long for it is shortened, the value never is. */
export function leftRight(left: string, right: string, width: number): string {
  const r = printable(right);
  const l = cut(printable(left), Math.max(0, width - len(r) - 1));
  return l + ' '.repeat(Math.max(1, width - len(l) - len(r))) + r;
}

function formatTime(iso: string, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const p = (t: Intl.DateTimeFormatPartTypes): string => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('day')}.${p('month')}.${p('year')} ${p('hour')}:${p('minute')}`;
}

export function layoutReceipt(r: ReceiptInput, o: LayoutOptions): ReceiptLayout {
  const w = o.width;
  const L = LABELS[o.locale];
  const money = (m: number): string => formatMoney(m, o.fractionDigits ?? 2);
  const blocks: ReceiptBlock[] = [];
  const text = (t: string, style: { bold?: boolean; tall?: boolean } = {}): void => void blocks.push({ kind: 'text', text: t, ...style });

  for (const l of wrap(r.shopName, w)) text(center(l, w), { bold: true });
  for (const l of wrap(r.shopAddress ?? '', w)) text(center(l, w));
  if (r.copy) text(center(L.copy, w), { bold: true });
  blocks.push({ kind: 'rule' });
  const title = `${r.kind === 'return' ? L.return : L.receipt} ${r.number}`;
  const time = formatTime(r.at, o.timeZone);
  // The number is never shortened ("Receipt S-000123" and the time overflow 32 columns): the time moves down a line.
  if (len(title) + 1 + len(time) <= w) text(leftRight(title, time, w));
  else {
    text(title);
    text(leftRight('', time, w));
  }
  text(leftRight(`${L.cashier}:`, r.cashier, w));
  blocks.push({ kind: 'rule' });

  for (const line of r.lines) {
    for (const l of wrap(line.name, w)) text(l);
    const calc = `  ${formatQty(line.qty, line.unit)} x ${money(line.price)}`;
    const discount = line.discount ?? 0;
    // With a discount: qty x price = gross, the discount, then what the line costs.
    const amount = money(discount > 0 ? line.amount + discount : line.amount);
    if (len(calc) + 1 + len(amount) <= w) text(leftRight(calc, amount, w));
    else {
      text(cut(calc, w)); // a huge quantity or price: the amount goes on its own line
      text(leftRight('', amount, w));
    }
    if (discount > 0) {
      text(leftRight(`  ${L.discount}`, money(-discount), w));
      text(leftRight('', `= ${money(line.amount)}`, w));
    }
  }
  blocks.push({ kind: 'rule' });

  text(leftRight(L.total, money(r.total), w), { bold: true, tall: true });
  for (const t of taxBreakdown(r.lines, o.taxRates ?? [], L.tax)) {
    text(leftRight(`${L.taxIncl} ${t.name}`, money(t.amount), w));
  }
  for (const p of r.payments) text(leftRight(L[p.method], money(p.amount), w));
  if (r.change > 0) text(leftRight(L.change, money(r.change), w));
  blocks.push({ kind: 'rule' });

  blocks.push({ kind: 'barcode', data: r.barcodeData ?? r.number });
  for (const f of r.footer ?? []) for (const l of wrap(f, w)) text(center(l, w));
  blocks.push({ kind: 'cut', mode: o.cut ?? 'full' });
  if (o.openDrawer) blocks.push({ kind: 'drawer' });
  return { width: w, blocks };
}

/** Tax contained in the total, per rate (highest first); zero rates carry no tax and are not listed. */
export function taxBreakdown(
  lines: ReceiptLineInput[],
  rates: TaxRate[],
  taxWord: string,
): { rateBp: number; name: string; amount: number }[] {
  const byRate = new Map<number, number>();
  for (const l of lines) if (l.taxRateBp > 0) byRate.set(l.taxRateBp, (byRate.get(l.taxRateBp) ?? 0) + l.taxAmount);
  return [...byRate.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([rateBp, amount]) => ({ rateBp, amount, name: rates.find((t) => t.rateBp === rateBp)?.name ?? `${taxWord} ${rateBp / 100}%` }));
}

const REPORT_LABELS = {
  ru: {
    title: 'Z-ОТЧЁТ',
    shift: 'Смена',
    opened: 'Открыта',
    closed: 'Закрыта',
    cashier: 'Кассир',
    sales: 'Продажи',
    returns: 'Возвраты',
    cash: 'Наличные',
    card: 'Карта',
    online: 'Оплачено онлайн',
    salesOf: 'продажи',
    refundsOf: 'возвраты',
    discounts: 'Скидки',
    taxIncl: 'в т.ч.',
    tax: 'НДС',
    float: 'Размен',
    cashIn: 'Внесено',
    cashOut: 'Изъято',
    expected: 'Ожидается в кассе',
    counted: 'Пересчитано',
    difference: 'Расхождение',
  },
  en: {
    title: 'Z REPORT',
    shift: 'Shift',
    opened: 'Opened',
    closed: 'Closed',
    cashier: 'Cashier',
    sales: 'Sales',
    returns: 'Returns',
    cash: 'Cash',
    card: 'Card',
    online: 'Paid online',
    salesOf: 'sales',
    refundsOf: 'refunds',
    discounts: 'Discounts',
    taxIncl: 'incl.',
    tax: 'VAT',
    float: 'Float',
    cashIn: 'Cash in',
    cashOut: 'Cash out',
    expected: 'Expected cash',
    counted: 'Counted cash',
    difference: 'Difference',
  },
} as const;

/** The Z (or X) report as kept at shift close: shift, totals per method, taxes, expected / counted / difference. */
export function layoutShiftReport(r: ShiftReport, head: { shopName: string; shopAddress?: string }, o: LayoutOptions): ReceiptLayout {
  const w = o.width;
  const L = REPORT_LABELS[o.locale];
  const money = (m: number): string => formatMoney(m, o.fractionDigits ?? 2);
  const blocks: ReceiptBlock[] = [];
  const text = (t: string, style: { bold?: boolean; tall?: boolean } = {}): void => void blocks.push({ kind: 'text', text: t, ...style });
  const rule = (): void => void blocks.push({ kind: 'rule' });

  for (const l of wrap(head.shopName, w)) text(center(l, w), { bold: true });
  for (const l of wrap(head.shopAddress ?? '', w)) text(center(l, w));
  rule();
  const title = r.kind === 'Z' ? L.title : L.title.replace('Z', 'X');
  text(leftRight(title, `${L.shift} ${r.shift.number}`, w), { bold: true, tall: true });
  text(leftRight(L.opened, formatTime(r.shift.openedAt, o.timeZone), w));
  text(leftRight(L.closed, formatTime(r.shift.closedAt ?? r.at, o.timeZone), w));
  text(leftRight(`${L.cashier}:`, r.shift.openedByName, w));
  rule();
  text(leftRight(`${L.sales} (${r.sales.count})`, money(r.sales.total), w), { bold: true });
  text(leftRight(`${L.returns} (${r.returns.count})`, money(r.returns.total), w), { bold: true });
  for (const m of ['cash', 'card', 'online'] as const) {
    const v = r.byMethod[m] ?? { sales: 0, refunds: 0 };
    // Most shifts take nothing online: the line is printed only when there is something on it.
    if (m === 'online' && !v.sales && !v.refunds) continue;
    text(`${L[m]}:`);
    text(leftRight(`  ${L.salesOf}`, money(v.sales), w));
    text(leftRight(`  ${L.refundsOf}`, money(v.refunds), w));
  }
  if (r.discounts) text(leftRight(L.discounts, money(r.discounts), w));
  for (const t of r.taxes) {
    if (t.rateBp === 0) continue;
    const name = o.taxRates?.find((x) => x.rateBp === t.rateBp)?.name ?? `${L.tax} ${t.rateBp / 100}%`;
    text(leftRight(`${L.taxIncl} ${name}`, money(t.tax), w));
  }
  rule();
  text(leftRight(L.float, money(r.shift.float), w));
  text(leftRight(L.cashIn, money(r.cashIn), w));
  text(leftRight(L.cashOut, money(r.cashOut), w));
  text(leftRight(L.expected, money(r.expectedCash), w), { bold: true });
  if (r.countedCash !== null) text(leftRight(L.counted, money(r.countedCash), w));
  if (r.difference !== null) text(leftRight(L.difference, money(r.difference), w), { bold: true });
  rule();
  blocks.push({ kind: 'cut', mode: o.cut ?? 'full' });
  return { width: w, blocks };
}

/** Plain-text rendering of the same layout, for the on-screen preview (monospace, `width` columns). */
export function receiptToText(layout: ReceiptLayout): string {
  const w = layout.width;
  const out: string[] = [];
  for (const b of layout.blocks) {
    if (b.kind === 'text') out.push(b.text);
    else if (b.kind === 'rule') out.push('-'.repeat(w));
    else if (b.kind === 'barcode') out.push(center(`||| ${b.data} |||`, w));
    else if (b.kind === 'feed') for (let i = 0; i < b.lines; i++) out.push('');
  }
  return out.map((l) => l.trimEnd()).join('\n') + '\n';
}
