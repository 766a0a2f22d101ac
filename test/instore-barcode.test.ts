/**
 * In-store EAN-13 codes on a real SQLite file: restricted prefix, valid check digit, never the same code twice
 * (not across calls, not after the database is closed and opened again), never a code a product already has.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hasValidCheckDigit, withCheckDigit } from '../core/barcode';
import { nextInStoreBarcode } from '../core/catalog/instore-barcode';
import { parseScan } from '../core/devices/barcodes';
import { DEFAULT_SETTINGS } from '../core/settings';
import { inTransaction, type Db } from '../db/connection';
import { tempDir, testCore } from './helpers';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function shop(dataDir?: string): ReturnType<typeof testCore> {
  const core = testCore({ demo: false, dataDir });
  cleanups.push(() => core.close());
  return core;
}

let sku = 0;
function productWith(db: Db, opts: { barcode?: string; sku?: string }): void {
  const id = Number(
    db.raw
      .prepare(`INSERT INTO products (sku, name, unit, price) VALUES (?, 'Печенье развесное', 'pcs', 9900)`)
      .run(opts.sku ?? `T-${++sku}`).lastInsertRowid,
  );
  if (opts.barcode) db.raw.prepare('INSERT INTO barcodes (code, product_id) VALUES (?, ?)').run(opts.barcode, id);
}

describe('in-store EAN-13 codes', () => {
  it('are 13 digits under the prefix with a valid check digit, and the till reads them as in-store codes', () => {
    const { db } = shop();
    for (const prefix of ['20', '29', '25']) {
      const code = inTransaction(db, () => nextInStoreBarcode(db, prefix));
      expect(code).toMatch(new RegExp(`^${prefix}\\d{11}$`));
      expect(hasValidCheckDigit(code)).toBe(true);
      expect(parseScan(code, DEFAULT_SETTINGS.counter.barcodeRules)).toMatchObject({ ok: true, kind: 'restricted', code });
    }
    expect(nextInStoreBarcode(db)).toMatch(/^20/); // the default prefix
  });

  it('never gives the same code twice, even when none is saved on a product', () => {
    const { db } = shop();
    const codes = inTransaction(db, () => Array.from({ length: 200 }, () => nextInStoreBarcode(db, '20')));
    expect(new Set(codes).size).toBe(200);
    expect(codes.every(hasValidCheckDigit)).toBe(true);
    // A second prefix has its own numbers and cannot collide with the first: the prefix is part of the code.
    const other = Array.from({ length: 5 }, () => nextInStoreBarcode(db, '23'));
    expect(other.every((c) => c.startsWith('23'))).toBe(true);
  });

  it('steps over a code a product already carries, as a barcode or as its SKU', () => {
    const { db } = shop();
    const first = nextInStoreBarcode(db, '20');
    const n = Number(first.slice(2, 12));
    const next = (k: number): string => withCheckDigit('20' + String(n + k).padStart(10, '0'));
    productWith(db, { barcode: next(1) });
    productWith(db, { sku: next(2) });
    expect(nextInStoreBarcode(db, '20')).toBe(next(3));
  });

  it('keeps counting after the database is closed and opened again', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const before = shop(t.dir);
    const earlier = [nextInStoreBarcode(before.db, '20'), nextInStoreBarcode(before.db, '20'), nextInStoreBarcode(before.db, '20')];
    before.close();
    const after = shop(t.dir);
    const later = nextInStoreBarcode(after.db, '20');
    expect(earlier).not.toContain(later);
    expect(Number(later.slice(2, 12))).toBe(Number(earlier[2]!.slice(2, 12)) + 1);
  });

  it('gives a number back only with a transaction that rolled back, so a failed save wastes nothing', () => {
    const { db } = shop();
    const first = nextInStoreBarcode(db, '20');
    expect(() =>
      inTransaction(db, () => {
        nextInStoreBarcode(db, '20');
        throw new Error('the product save failed');
      }),
    ).toThrow('the product save failed');
    const n = Number(first.slice(2, 12));
    expect(nextInStoreBarcode(db, '20')).toBe(withCheckDigit('20' + String(n + 1).padStart(10, '0')));
  });

  it('refuses a prefix outside 20-29 or one the scale labels use, and takes no number then', () => {
    const { db } = shop();
    expect(() => nextInStoreBarcode(db, '30')).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(() => nextInStoreBarcode(db, '2')).toThrow(expect.objectContaining({ code: 'validation' }));
    // The shop's default rules read 21 and 22 as weights: such a code would never find its product at the till.
    expect(() => nextInStoreBarcode(db, '21')).toThrow(
      expect.objectContaining({ code: 'validation', message: expect.stringMatching(/scale/) }),
    );
    // A rule for part of the prefix (201 PPPP WWWWW C) claims it too.
    expect(() => nextInStoreBarcode(db, '20', [{ prefix: '201', itemDigits: 4, valueDigits: 5, kind: 'weight_g' }])).toThrow(
      expect.objectContaining({ code: 'validation' }),
    );
    expect(nextInStoreBarcode(db, '20')).toBe(withCheckDigit('200000000001'));
  });
});
