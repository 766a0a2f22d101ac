/** Pure pieces the device service prints with: receipt codes scanned back, and layout edge cases. */
import { describe, expect, it } from 'vitest';
import { columnsFor, receiptNumberFromScan } from '../core/devices/receipt-data';
import { layoutReceipt, receiptToText } from '../core/devices/receipt';

describe('receipt number from a scan', () => {
  it.each([
    ['S-000123', 'S-000123'],
    ['Ы-000123', 'S-000123'], // a keyboard wedge under the Russian layout
    ['ы-000123', 'S-000123'], // ... with Caps Lock
    ['К-000007', 'R-000007'],
    ['s123', 'S-000123'],
    [' S-000123\r\n', 'S-000123'],
  ])('%j -> %s', (code, number) => expect(receiptNumberFromScan(code)).toBe(number));

  it.each(['', '4601234567893', 'SS-1', 'S-', 'молоко'])('%j is not a receipt', (code) => expect(receiptNumberFromScan(code)).toBeNull());
});

describe('receipt layout', () => {
  it('58 mm is 32 columns, 80 mm is 48', () => {
    expect([columnsFor(58), columnsFor(80)]).toEqual([32, 48]);
  });

  it('never shortens the number: a long title puts the time on its own line', () => {
    const base = { shopName: 'Shop', at: '2025-03-14T06:00:00Z', cashier: 'Ann', lines: [], total: 0, payments: [], change: 0 };
    const text = receiptToText(layoutReceipt({ ...base, number: 'S-000001' }, { width: 32, locale: 'en', timeZone: 'UTC' }));
    expect(text).toContain('Receipt S-000001\n                14.03.2025 06:00\n');
    const ru = receiptToText(layoutReceipt({ ...base, kind: 'return', number: 'R-000001' }, { width: 32, locale: 'ru', timeZone: 'UTC' }));
    expect(ru).toContain('Возврат R-000001\n');
    const fits = receiptToText(layoutReceipt({ ...base, number: 'S-000001' }, { width: 32, locale: 'ru', timeZone: 'UTC' }));
    expect(fits).toContain('Чек S-000001    14.03.2025 06:00\n');
  });
});
