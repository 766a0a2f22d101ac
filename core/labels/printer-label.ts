/**
 * Product labels on the receipt printer: the receipt's own layout blocks and ESC/POS encoder (one code page,
 * wrapping to the paper's columns), with the barcode drawn by the printer itself (`GS k`: EAN-13, EAN-8, UPC-A or
 * Code 128), so it is as sharp as the printer can make it.
 */
import iconv from 'iconv-lite';
import { symbologyOf } from '../barcode';
import { formatMoney } from '../contract/money-format';
import { CODE_PAGES, layoutToEscPos, type CodePage, type EscPosOptions } from '../devices/escpos';
import { center, wrap, type ReceiptBlock, type ReceiptLayout, type ReceiptWidth } from '../devices/receipt';
import { AppError } from '../errors';
import type { LabelItem } from './label-item';
import { priceTexts } from './price-text';

export interface PrinterLabelOptions {
  width: ReceiptWidth;
  locale: 'en' | 'ru';
  currency: string;
  codePage: CodePage;
}

/** A long name keeps its first lines: a label is not a receipt, it has to stay short. */
const MAX_NAME_LINES = 3;

const encodable = (s: string, cp: CodePage): boolean => iconv.decode(iconv.encode(s, CODE_PAGES[cp].iconv), CODE_PAGES[cp].iconv) === s;

/**
 * Money the code page can print. Neither CP866 nor WPC1251 has "₽": Russian labels say "руб."; any other sign
 * the page lacks gives way to the ISO code ("12,50 EUR"), never to a "?".
 */
function printerMoney(minor: number, o: PrinterLabelOptions): string {
  const plain = (s: string): string => s.replace(/[\u00a0\u202f]/g, ' ');
  const text = plain(formatMoney(minor, o.locale, o.currency)).replace('₽', 'руб.');
  return encodable(text, o.codePage) ? text : plain(formatMoney(minor, o.locale, o.currency, 'code'));
}

/** The blocks of one label: name (bold, centred), price (bold, double height), price per kg or litre, barcode. */
export function layoutPrinterLabel(item: LabelItem, o: PrinterLabelOptions): ReceiptLayout {
  if (!Number.isSafeInteger(item.price) || item.price < 0)
    throw new AppError('validation', 'a price is a whole number of minor units, not below zero');
  const w = o.width;
  const texts = priceTexts(item, o.locale, o.currency, (minor) => printerMoney(minor, o));
  const wrapped = wrap(item.name, w);
  const lines = wrapped.slice(0, MAX_NAME_LINES);
  if (wrapped.length > MAX_NAME_LINES) lines[MAX_NAME_LINES - 1] = `${[...lines[MAX_NAME_LINES - 1]!].slice(0, w - 3).join('')}...`;
  const blocks: ReceiptBlock[] = lines.map((l) => ({ kind: 'text', text: center(l, w), bold: true }));
  blocks.push({ kind: 'text', text: center(texts.price, w), bold: true, tall: true });
  if (texts.unitPrice) blocks.push({ kind: 'text', text: center(texts.unitPrice, w) });
  if (item.barcode) blocks.push({ kind: 'barcode', data: item.barcode, symbology: symbologyOf(item.barcode) });
  blocks.push({ kind: 'cut', mode: 'partial' });
  return { width: w, blocks };
}

/** ESC/POS bytes for `copies` labels of one product (default 1), each cut off the roll. */
export function printerLabelBytes(item: LabelItem, o: PrinterLabelOptions & Omit<EscPosOptions, 'codePage' | 'drawer'>): Buffer {
  const copies = item.copies ?? 1;
  if (!Number.isInteger(copies) || copies < 1 || copies > 100) throw new AppError('validation', 'copies on the receipt printer: 1 to 100');
  const one = layoutPrinterLabel(item, o);
  return layoutToEscPos({ width: one.width, blocks: Array.from({ length: copies }, () => one.blocks).flat() }, o);
}
