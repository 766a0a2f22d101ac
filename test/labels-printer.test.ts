/**
 * Product labels on the receipt printer, read back from the bytes as the printer would: the code page selected,
 * the name in that code page, the barcode drawn by the printer's own GS k command with the product's digits.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { layoutPrinterLabel, printerLabelBytes, type PrinterLabelOptions } from '../core/labels/printer-label';
import { receiptToText } from '../core/devices/receipt';
import type { LabelItem } from '../core/labels/label-item';

const RU: PrinterLabelOptions = { width: 32, locale: 'ru', currency: 'RUB', codePage: 'cp866' };
const MILK: LabelItem = {
  name: 'Молоко «Домик в деревне» 3,2%',
  price: 123450,
  unit: 'pcs',
  pack: { qty: 500, unit: 'l' },
  barcode: '4607001000013',
};

// The command, its data and the line feed that prints it: nothing more, nothing less between them.
const GS_K = (m: number, data: string): Buffer =>
  Buffer.concat([Buffer.from([0x1d, 0x6b, m, data.length]), Buffer.from(data, 'latin1'), Buffer.from([0x0a])]);
const count = (hay: Buffer, needle: Buffer): number => {
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) n++;
  return n;
};
const PARTIAL_CUT = Buffer.from([0x1d, 0x56, 0x01]);

describe('labels on the receipt printer', () => {
  it('EAN-13 through GS k 67 with the 12 data digits (the printer adds the check digit), Cyrillic in CP866', () => {
    const bytes = printerLabelBytes(MILK, RU);
    expect(bytes.subarray(0, 5)).toEqual(Buffer.from([0x1b, 0x40, 0x1b, 0x74, 17])); // ESC @, ESC t 17 = PC866
    expect(count(bytes, GS_K(67, '460700100001'))).toBe(1);
    const text = iconv.decode(bytes, 'cp866');
    expect(text).toContain('Молоко "Домик в деревне" 3,2%'); // the guillemets CP866 lacks become quotes, not "?"
    expect(bytes.includes(iconv.encode('Молоко', 'cp866'))).toBe(true);
    // CP866 has no "₽": the price says руб., and the price per litre of the half-litre pack is there.
    expect(text).toContain('1 234,50 руб.');
    expect(text).toContain('2 469,00 руб./л');
    expect(count(bytes, PARTIAL_CUT)).toBe(1);
  });

  it('WPC1251 when the printer is set to it', () => {
    const bytes = printerLabelBytes(MILK, { ...RU, codePage: 'cp1251' });
    expect(bytes.subarray(2, 5)).toEqual(Buffer.from([0x1b, 0x74, 46]));
    expect(bytes.includes(iconv.encode('Молоко', 'win1251'))).toBe(true);
    expect(bytes.includes(iconv.encode('Молоко', 'cp866'))).toBe(false);
  });

  it('EAN-8, UPC-A and Code 128 each with their own GS k', () => {
    const of = (barcode: string): Buffer => printerLabelBytes({ ...MILK, barcode }, RU);
    expect(count(of('96385074'), GS_K(68, '9638507'))).toBe(1);
    expect(count(of('036000291452'), GS_K(65, '03600029145'))).toBe(1);
    expect(count(of('A-1001'), GS_K(73, '{BA-1001'))).toBe(1);
    // Thirteen digits whose check digit is wrong are no EAN-13: printed as they are, in Code 128.
    expect(count(of('4607001000014'), GS_K(73, '{B4607001000014'))).toBe(1);
    expect(printerLabelBytes({ ...MILK, barcode: undefined }, RU).includes(Buffer.from([0x1d, 0x6b]))).toBe(false);
  });

  it('copies: the label again, each cut off', () => {
    const bytes = printerLabelBytes({ ...MILK, copies: 3 }, RU);
    expect(count(bytes, GS_K(67, '460700100001'))).toBe(3);
    expect(count(bytes, PARTIAL_CUT)).toBe(3);
    expect(() => printerLabelBytes({ ...MILK, copies: 0 }, RU)).toThrow(expect.objectContaining({ code: 'validation' }));
  });

  it('a long name keeps three lines of the paper width; a sign the code page lacks gives way to the ISO code', () => {
    const long = {
      ...MILK,
      name: 'Сыр полутвёрдый «Российский молодой» фасованный в вакуумной упаковке, производитель ООО «Молочные реки»',
    };
    const lines = receiptToText(layoutPrinterLabel(long, RU)).split('\n');
    expect(lines.slice(0, 3).every((l) => [...l].length <= 32)).toBe(true);
    expect(lines[2]).toMatch(/\.\.\.$/);
    expect(lines[3]).toContain('1 234,50 руб.');
    const euro = iconv.decode(printerLabelBytes({ ...MILK, name: 'Milk' }, { ...RU, locale: 'en', currency: 'EUR' }), 'cp866');
    expect(euro).toContain('EUR 1,234.50');
    expect(euro).not.toContain('?');
  });
});
