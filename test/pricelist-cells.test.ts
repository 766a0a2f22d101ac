// Amounts and barcodes as suppliers write them, into kopecks and digit strings.
import { describe, expect, it } from 'vitest';
import { barcodeDigits, columnLetter, fieldOf, parseMoney } from '../core/pricelists';

const kopecks = (cell: string | number): number | string | null => {
  const r = parseMoney(cell);
  return r === null ? null : r.ok ? r.value : r.code;
};

describe('amounts in a price list', () => {
  it('reads Russian and English ways of writing money into kopecks', () => {
    expect(kopecks('1 234,50')).toBe(123450);
    expect(kopecks('1\u00a0234,50')).toBe(123450);
    expect(kopecks('1\u2009234,5')).toBe(123450);
    expect(kopecks('1 234,50 ₽')).toBe(123450);
    expect(kopecks('1234.5')).toBe(123450);
    expect(kopecks('1.234,50')).toBe(123450);
    expect(kopecks('1,234.50')).toBe(123450);
    expect(kopecks('1 234 567,89 руб.')).toBe(123456789);
    expect(kopecks('99')).toBe(9900);
    expect(kopecks('0,5')).toBe(50);
  });

  it('rounds number cells with float noise, and text with more decimals, to the kopeck', () => {
    expect(kopecks(12.300000001)).toBe(1230);
    expect(kopecks(1.005)).toBe(101);
    expect(kopecks(0.1 + 0.2)).toBe(30);
    expect(kopecks(4599)).toBe(459900);
    expect(kopecks('0,125')).toBe(13);
    expect(kopecks('0,124')).toBe(12);
  });

  it('refuses text, negative amounts and amounts no price can be', () => {
    expect(kopecks('по запросу')).toBe('not_a_number');
    expect(kopecks('12,3,4')).toBe('not_a_number');
    expect(kopecks('1 23,50')).toBe('not_a_number');
    expect(kopecks('-150,00')).toBe('negative');
    expect(kopecks(-3)).toBe('negative');
    expect(kopecks('4600000000017')).toBe('too_large');
    expect(kopecks('')).toBeNull();
    expect(kopecks('  ')).toBeNull();
  });
});

describe('barcodes in a price list', () => {
  it('keeps every digit of a barcode stored as a number, and the leading zeros of one stored as text', () => {
    expect(barcodeDigits(4600000000017)).toBe('4600000000017');
    expect(barcodeDigits(46000000000176)).toBe('46000000000176');
    expect(barcodeDigits(' 0012345678905 ')).toBe('0012345678905');
    expect(barcodeDigits('4 600000 000017')).toBe('4600000000017');
  });
});

describe('column names', () => {
  it('knows Russian and English names, a purchase price from a retail one', () => {
    expect(fieldOf('Штрихкод')?.field).toBe('barcode');
    expect(fieldOf('ШК')?.field).toBe('barcode');
    expect(fieldOf('EAN-13')?.field).toBe('barcode');
    expect(fieldOf('Код EAN')?.field).toBe('barcode');
    expect(fieldOf('Арт.')?.field).toBe('article');
    expect(fieldOf('Код товара')?.field).toBe('article');
    expect(fieldOf('SKU')?.field).toBe('article');
    expect(fieldOf('Наименование товара')?.field).toBe('name');
    expect(fieldOf('Цена розн., руб.')?.field).toBe('price');
    expect(fieldOf('РРЦ')?.field).toBe('price');
    expect(fieldOf('Цена закупки, руб.')?.field).toBe('cost');
    expect(fieldOf('Оптовая цена')?.field).toBe('cost');
    expect(fieldOf('Purchase price')?.field).toBe('cost');
    expect(fieldOf('Retail price')?.field).toBe('price');
    expect(fieldOf('Ед. изм.')?.field).toBe('unit');
    expect(fieldOf('Остаток')?.field).toBe('qty');
    expect(fieldOf('Примечание')).toBeNull();
    expect(columnLetter(0)).toBe('A');
    expect(columnLetter(27)).toBe('AB');
  });
});
