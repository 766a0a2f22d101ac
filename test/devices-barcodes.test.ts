import { describe, expect, it } from 'vitest';
import { withCheckDigit } from '../core/barcode';
import { GS, gtinLookupForms, parseScan, validateRule, type WeighedRule } from '../core/devices/barcodes';

const weight21: WeighedRule = { prefix: '21', itemDigits: 5, valueDigits: 5, kind: 'weight_g' };
const price22: WeighedRule = { prefix: '22', itemDigits: 5, valueDigits: 5, kind: 'price_minor' };
const bad = (code: string): string => code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10);

describe('parseScan: GTIN', () => {
  it.each([
    ['EAN-13', withCheckDigit('460123456789')],
    ['EAN-8', withCheckDigit('4012345')],
    ['UPC-A', withCheckDigit('03600029145')],
    ['GTIN-14', withCheckDigit('1460123456789')],
  ])('%s with a valid check digit', (_name, code) => {
    const r = parseScan(code);
    expect(r).toMatchObject({ ok: true, kind: 'gtin', code });
    if (r.ok && r.kind === 'gtin') expect(r.lookup[0]).toBe(code);
  });

  it('a wrong check digit is an error, never a guess', () => {
    const code = bad(withCheckDigit('460123456789'));
    expect(parseScan(code)).toMatchObject({ ok: false, error: 'bad_check_digit', raw: code });
    expect(parseScan(bad(withCheckDigit('2100123005231')), [weight21])).toMatchObject({ ok: false, error: 'bad_check_digit' });
  });

  it('trims a trailing CR/LF only; empty is an error', () => {
    const code = withCheckDigit('460123456789');
    expect(parseScan(code + '\r\n')).toMatchObject({ ok: true, code });
    expect(parseScan('\r')).toMatchObject({ ok: false, error: 'empty' });
  });

  it('non-GTIN text (receipt numbers, SKUs) is looked up as text', () => {
    expect(parseScan('S-000123')).toEqual({ ok: true, kind: 'text', code: 'S-000123' });
  });

  it('lookup forms cover EAN-13 stored for a GTIN-14 and the reverse', () => {
    expect(gtinLookupForms('04601234567893')).toEqual(['04601234567893', '4601234567893']);
    expect(gtinLookupForms('4601234567893')).toEqual(['4601234567893', '04601234567893']);
  });
});

describe('parseScan: restricted circulation (20-29)', () => {
  it('2X PPPPP WWWWW C: item code and weight in grams (= thousandths of a kg)', () => {
    const code = withCheckDigit('210012300523');
    expect(parseScan(code, [weight21, price22])).toEqual({
      ok: true,
      kind: 'weighed',
      code,
      itemCode: '00123',
      measure: 'weight_g',
      qty: 523,
      rule: weight21,
    });
  });

  it('price-embedded rule', () => {
    const code = withCheckDigit('220004512345');
    expect(parseScan(code, [weight21, price22])).toMatchObject({
      kind: 'weighed',
      itemCode: '00045',
      measure: 'price_minor',
      price: 12345,
    });
  });

  it('longest prefix wins; a 4-digit item code with a skipped digit', () => {
    const catchAll: WeighedRule = { prefix: '2', itemDigits: 6, valueDigits: 5, kind: 'weight_g' };
    const r23: WeighedRule = { prefix: '23', itemDigits: 4, valueDigits: 5, kind: 'weight_g' };
    expect(parseScan(withCheckDigit('231234901500'), [catchAll, r23])).toMatchObject({ itemCode: '1234', qty: 1500, rule: r23 });
    expect(parseScan(withCheckDigit('251234501500'), [catchAll, r23])).toMatchObject({ itemCode: '512345', qty: 1500, rule: catchAll });
  });

  it('UPC-A number system 2 matches a 02 rule', () => {
    const upc: WeighedRule = { prefix: '02', itemDigits: 5, valueDigits: 5, kind: 'price_minor' };
    expect(parseScan(withCheckDigit('24567801999'), [upc])).toMatchObject({ kind: 'weighed', itemCode: '45678', price: 1999 });
  });

  it('without a matching rule it is restricted: exact lookup only, never a global GTIN', () => {
    const code = withCheckDigit('290012300523');
    expect(parseScan(code, [weight21])).toEqual({ ok: true, kind: 'restricted', code, lookup: [code] });
  });

  it('validateRule refuses global prefixes and layouts that do not fit', () => {
    expect(validateRule(weight21)).toBeNull();
    expect(validateRule({ ...weight21, prefix: '46' })).toMatch(/restricted/);
    expect(validateRule({ ...weight21, itemDigits: 6, valueDigits: 6 })).toMatch(/fit/);
  });
});

describe('parseScan: GS1 element strings', () => {
  const gtin = withCheckDigit('0460123456789');
  it('Честный знак DataMatrix: raw kept byte-exact with GS, GTIN extracted', () => {
    const raw = `]d201${gtin}21ABC"%x5!${GS}91EE06${GS}92dGVzdCBjcnlwdG8gdGFpbCAxMjM0NTY3ODkw+/=`;
    const r = parseScan(raw);
    expect(r).toMatchObject({ ok: true, kind: 'gs1', raw, gtin, complete: true });
    if (!r.ok || r.kind !== 'gs1') throw new Error('not gs1');
    expect(r.lookup).toContain('4601234567893');
    expect(r.elements).toEqual([
      { ai: '01', value: gtin },
      { ai: '21', value: 'ABC"%x5!' },
      { ai: '91', value: 'EE06' },
      { ai: '92', value: 'dGVzdCBjcnlwdG8gdGFpbCAxMjM0NTY3ODkw+/=' },
    ]);
    expect(r.raw.split(GS)).toHaveLength(3);
  });

  it('GS1-128 without identifier: fixed-length AIs need no separator, leading FNC1 as GS', () => {
    const r = parseScan(`${GS}01${gtin}17260131${'10'}LOT-7${GS}3103001250`);
    expect(r).toMatchObject({ ok: true, kind: 'gs1', gtin });
    if (r.ok && r.kind === 'gs1') {
      expect(r.elements).toEqual([
        { ai: '01', value: gtin },
        { ai: '17', value: '260131' },
        { ai: '10', value: 'LOT-7' },
        { ai: '3103', value: '001250' },
      ]);
    }
  });

  it('a bad GTIN check digit inside GS1 is an error; no GTIN is an error', () => {
    expect(parseScan(`]d201${bad(gtin)}21X`)).toMatchObject({ ok: false, error: 'bad_check_digit' });
    expect(parseScan(`]d221SERIAL`)).toMatchObject({ ok: false, error: 'bad_gs1' });
  });

  it('garbage after the GTIN keeps the GTIN and says incomplete', () => {
    expect(parseScan(`01${gtin}??`)).toMatchObject({ ok: true, kind: 'gs1', gtin, complete: false });
  });
});
