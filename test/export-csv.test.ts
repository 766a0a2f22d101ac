// CSV exports, the alternative to xlsx: UTF-8 with a BOM, `;` and a decimal comma for a Russian shop, `,` and a
// point for an English one, quoted where needed; written in the reader worker and read back by Python's csv module.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportColumn } from '../core/exports/columns';
import type { ExportAbout } from '../core/exports/types';
import { exportShop, exportVia, readCsv, type ExportShop } from './export-kit';

const shops: ExportShop[] = [];
afterEach(async () => {
  for (const s of shops.splice(0)) await s.close();
});
const open = (locale: 'en' | 'ru') => {
  const s = exportShop(locale);
  shops.push(s);
  return s;
};

const ABOUT: ExportAbout = { shop: 'Лавка', title: 'Продажи', user: 'Анна' };

const columns: ExportColumn[] = [
  { key: 'name', header: 'Товар; наименование', kind: 'text' },
  { key: 'qty', header: 'Кол-во', kind: 'qty', unit: { key: 'unit' }, total: 'sum' },
  { key: 'amount', header: 'Сумма', kind: 'money', total: 'sum' },
  { key: 'lines', header: 'Строк', kind: 'int' },
  { key: 'margin', header: 'Наценка', kind: 'percent' },
  { key: 'day', header: 'Дата', kind: 'date' },
  { key: 'at', header: 'Время', kind: 'datetime' },
];
const rows = [
  {
    name: 'Молоко «Простоквашино» 2,5%',
    unit: 'pcs',
    qty: 3000,
    amount: 123456789,
    lines: 3,
    margin: 2534,
    day: '2026-11-30',
    at: '2026-11-30T21:15:00.000Z',
  },
  {
    name: 'Сыр "Российский", весовой\nвторая строка',
    unit: 'kg',
    qty: 523,
    amount: -5,
    lines: 1,
    margin: -150,
    day: '2026-03-29',
    at: '2026-03-29T12:00:00.000Z',
  },
  { name: '=HYPERLINK("http://x")', unit: 'pcs', qty: 1500, amount: 0, lines: 0, margin: 0, day: null, at: null },
];

async function exported(shop: ExportShop, name: string) {
  const file = path.join(shop.dir, name);
  const result = await exportVia(shop, { query: 'test.rows', params: { rows }, columns, about: ABOUT, format: 'csv', file });
  return { file, result };
}

describe('CSV export', () => {
  it('Russian shop: BOM, semicolons, decimal comma, the shop clock, quoting Python reads back', async () => {
    const shop = open('ru');
    const { file, result } = await exported(shop, 'sales.csv');
    expect(result).toMatchObject({ rows: 3, format: 'csv', totals: { qty: 5023, amount: 123456784 } });
    const raw = readFileSync(file);
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { bom, rows: read } = readCsv(file, ';');
    expect(bom).toBe(true);
    expect(read).toEqual([
      columns.map((c) => c.header),
      ['Молоко «Простоквашино» 2,5%', '3', '1234567,89', '3', '25,34%', '2026-11-30', '2026-12-01 00:15:00'],
      // Thousandths a whole-piece unit cannot show are kept; the name's quotes, comma and line break survive.
      ['Сыр "Российский", весовой\nвторая строка', '0,523', '-0,05', '1', '-1,50%', '2026-03-29', '2026-03-29 15:00:00'],
      // Text Excel would run as a formula is defused; empty fields stay empty.
      [`'=HYPERLINK("http://x")`, '1,500', '0,00', '0', '0,00%', '', ''],
    ]);
  });

  it('English shop: commas and a decimal point', async () => {
    const shop = open('en');
    const { file } = await exported(shop, 'sales.csv');
    const { bom, rows: read } = readCsv(file, ',');
    expect(bom).toBe(true);
    expect(read[1]).toEqual(['Молоко «Простоквашино» 2,5%', '3', '1234567.89', '3', '25.34%', '2026-11-30', '2026-12-01 00:15:00']);
    expect(read[2]!.slice(1, 5)).toEqual(['0.523', '-0.05', '1', '-1.50%']);
    expect(read[0]![0]).toBe('Товар; наименование');
  });

  it('cancelled halfway: a clear error, no file left, the old one untouched', async () => {
    const shop = open('ru');
    const file = path.join(shop.dir, 'series.csv');
    writeFileSync(file, 'old');
    const abort = new AbortController();
    let seen = 0;
    const err = await exportVia(shop, {
      query: 'test.series',
      params: { n: 5_000_000 },
      columns: [{ key: 'x', header: 'x', kind: 'int' }],
      about: ABOUT,
      format: 'csv',
      file,
      signal: abort.signal,
      progressEvery: 5000,
      onProgress: (p) => {
        seen = p.rows;
        abort.abort();
      },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(seen).toBeGreaterThan(0);
    expect(err).toMatchObject({ code: 'cancelled' });
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(shop.dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });
});
