// Excel exports as a bookkeeper opens them: written in the reader worker, read back by openpyxl (an independent
// reader): numbers are numbers, dates are dates, formats per kind, frozen header, autofilter, SUBTOTAL totals whose
// cached results are the ledger's own sums, an About sheet, a new sheet at the row limit.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportColumn } from '../core/exports/columns';
import { exportTable } from '../core/exports/export-table';
import type { ExportAbout } from '../core/exports/types';
import { saveSettings } from '../core/settings';
import { as, testCore, unwrap, uuid } from './helpers';
import { exportShop, exportVia, readXlsx, type DumpCell, type DumpSheet, type ExportShop } from './export-kit';

let shop: ExportShop;
beforeAll(() => {
  shop = exportShop('ru');
});
afterAll(() => shop.close());

const ABOUT: ExportAbout = {
  shop: 'Лавка на Садовой',
  title: 'Журнал движений',
  period: { from: '2026-11-01', to: '2026-11-30' },
  filters: [
    { label: 'Склад', value: 'Основной' },
    { label: 'Товар', value: 'все' },
  ],
  user: 'Анна Петровна',
  generatedAt: '2026-11-30T21:30:00.000Z',
};

/** The app's movement journal (report.movements) over every day. */
const journal = { query: 'report.movements', params: { from: '2000-01-01', to: '2999-12-31' } } as const;

const file = (name: string) => path.join(shop.dir, name);
const texts = (row: DumpCell[] | undefined) => (row ?? []).map((c) => c.v);
/** openpyxl pads every row to the sheet's width. */
const trimmed = (vs: unknown[]) => {
  const out = [...vs];
  while (out.length && out.at(-1) === null) out.pop();
  return out;
};
const dataSheets = (wb: { sheets: DumpSheet[] }) => wb.sheets.slice(1);

/** Python's naive datetime (the wall clock the file holds) as epoch ms, to compare with a wall clock computed here. */
const wallMs = (iso: unknown) => Date.parse(`${String(iso)}Z`);
const MOSCOW_MS = 3 * 3600_000;

describe('the movement journal in Excel', () => {
  // Its columns of each kind.
  const columns: ExportColumn[] = [
    { key: 'documentId', header: '№', kind: 'int' },
    { key: 'postedAt', header: 'Время', kind: 'datetime' },
    { key: 'docType', header: 'Документ', kind: 'text' },
    { key: 'docNumber', header: 'Номер', kind: 'text', width: 16 },
    { key: 'sku', header: 'Артикул', kind: 'text' },
    { key: 'qty', header: 'Количество', kind: 'qty', unit: 'kg', total: 'sum' },
    { key: 'value', header: 'Сумма', kind: 'money', total: 'sum' },
  ];
  it('is written by the reader worker and reads back with types, formats, frozen header, autofilter and the ledger totals', async () => {
    // Stock going out as well as in, so the totals are not just the opening receipt.
    const owner = await as(shop.core, 'owner');
    unwrap(await owner('doc.post', { type: 'writeoff', uuid: uuid(), locationId: 1, lines: [{ productId: 3, qty: 2000 }] }));
    unwrap(
      await owner('doc.post', { type: 'receipt', uuid: uuid(), locationId: 1, lines: [{ productId: 5, qty: 4000, unitCost: 12345 }] }),
    );
    const ledger = shop.core.db.raw
      .prepare('SELECT COUNT(*) AS n, SUM(qty_delta) AS qty, SUM(value_delta) AS value FROM stock_movements')
      .get() as { n: number; qty: number; value: number };
    const first = shop.core.db.raw
      .prepare(
        `SELECT m.document_id AS documentId, d.posted_at AS postedAt FROM stock_movements m JOIN documents d ON d.id = m.document_id
         ORDER BY m.business_date, m.id LIMIT 1`,
      )
      .get() as { documentId: number; postedAt: string };
    const progress: number[] = [];

    const target = file('journal.xlsx');
    const result = await exportTable(shop.core.svc, {
      ...journal,
      columns,
      about: ABOUT,
      format: 'xlsx',
      file: target,
      progressEvery: 10,
      onProgress: (p) => progress.push(p.rows),
    });
    expect(result).toMatchObject({ rows: ledger.n, sheets: 1, totals: { qty: ledger.qty, value: ledger.value } });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBeLessThanOrEqual(ledger.n);

    const wb = readXlsx(target);
    expect(wb.sheets.map((s) => s.title)).toEqual(['Отчёт', 'Данные']);
    const data = wb.sheets[1]!;
    expect(data.freeze).toBe('A2');
    expect(data.filter).toBe(`A1:G${ledger.n + 1}`);
    expect(texts(data.rows[0])).toEqual(columns.map((c) => c.header));
    expect(data.rows[0]!.every((c) => c.bold)).toBe(true);
    expect(data.widths.D).toBe(16);
    expect(data.widths.F).toBeGreaterThanOrEqual('Количество'.length);

    // One row per movement, then the totals row.
    expect(data.rows).toHaveLength(ledger.n + 2);
    const row = data.rows[1]!;
    expect(row.map((c) => (c.t === 'float' ? 'int' : c.t))).toEqual(['int', 'datetime', 'str', 'str', 'str', 'int', 'int']);
    expect(row[0]!.v).toBe(first.documentId);
    expect(row[1]).toMatchObject({ date: true, fmt: 'yyyy-mm-dd hh:mm:ss' });
    expect(Math.abs(wallMs(row[1]!.v) - (Date.parse(first.postedAt) + MOSCOW_MS))).toBeLessThan(2);
    expect(row[5]!.fmt).toBe('#,##0.000');
    expect(row[6]!.fmt).toBe('#,##0.00 "₽"');

    const totals = data.rows.at(-1)!;
    expect(totals[0]).toMatchObject({ v: 'Итого', bold: true });
    expect(totals[5]).toMatchObject({ v: `=SUBTOTAL(9,F2:F${ledger.n + 1})`, fmt: '#,##0.000' });
    expect(totals[6]).toMatchObject({ v: `=SUBTOTAL(9,G2:G${ledger.n + 1})`, fmt: '#,##0.00 "₽"' });
    expect(totals[5]!.cached).toBeCloseTo(ledger.qty / 1000, 6);
    expect(totals[6]!.cached).toBeCloseTo(ledger.value / 100, 6);
    // The cached totals are the sums of the cells above them, as Excel would compute them.
    const column = (i: number) => data.rows.slice(1, -1).reduce((s, r) => s + (r[i]!.v as number), 0);
    expect(totals[6]!.cached).toBeCloseTo(column(6), 6);
  });

  it('opens with an About sheet: shop, report, period, filters, when (shop time) and who', async () => {
    const target = file('about.xlsx');
    await exportTable(shop.core.svc, { ...journal, columns, about: ABOUT, format: 'xlsx', file: target });
    const about = readXlsx(target).sheets[0]!;
    expect(about.title).toBe('Отчёт');
    expect(about.rows.map((r) => trimmed(r.map((c) => c.v)))).toEqual([
      ['Магазин', 'Лавка на Садовой'],
      ['Отчёт', 'Журнал движений'],
      ['Период', '2026-11-01T00:00:00', '2026-11-30T00:00:00'],
      ['Фильтры'],
      ['Склад', 'Основной'],
      ['Товар', 'все'],
      // 21:30 UTC is half past midnight the next day in Moscow.
      ['Сформирован', '2026-12-01T00:30:00'],
      ['Пользователь', 'Анна Петровна'],
    ]);
    expect(about.rows[2]![1]).toMatchObject({ t: 'datetime', fmt: 'yyyy-mm-dd' });
    expect(about.rows[6]![1]).toMatchObject({ t: 'datetime', fmt: 'yyyy-mm-dd hh:mm:ss' });
  });
});

describe('every kind of column', () => {
  const columns: ExportColumn[] = [
    { key: 'name', header: 'Товар', kind: 'text' },
    { key: 'qty', header: 'Кол-во', kind: 'qty', unit: { key: 'unit' }, total: 'sum' },
    { key: 'amount', header: 'Сумма', kind: 'money', total: 'sum' },
    { key: 'lines', header: 'Строк', kind: 'int', total: 'sum' },
    { key: 'margin', header: 'Наценка', kind: 'percent' },
    { key: 'day', header: 'Дата', kind: 'date' },
    { key: 'at', header: 'Время', kind: 'datetime' },
  ];
  const rows = [
    {
      name: 'Молоко «Простоквашино» 2,5%',
      unit: 'pcs',
      qty: 3000,
      amount: 26970,
      lines: 3,
      margin: 2534,
      day: '2026-11-30',
      at: '2026-11-30T21:15:00.000Z',
    },
    {
      name: 'Сыр "Российский"; весовой',
      unit: 'kg',
      qty: 523,
      amount: 47018,
      lines: 1,
      margin: -150,
      day: '2026-03-29',
      at: '2026-03-29T12:00:00.000Z',
    },
    { name: '=1+1', unit: 'l', qty: -1250, amount: -10, lines: 2, margin: 0, day: '2026-01-01', at: '2025-12-31T20:59:59.000Z' },
    { name: null, unit: 'pcs', qty: null, amount: null, lines: null, margin: null, day: null, at: null },
  ];

  it('writes numbers as numbers and dates as dates, in the format of their kind and unit', async () => {
    const target = file('kinds.xlsx');
    const result = await exportVia(shop, {
      query: 'test.rows',
      params: { rows },
      columns,
      about: ABOUT,
      format: 'xlsx',
      file: target,
    });
    expect(result.totals).toEqual({ qty: 2273, amount: 73978, lines: 6 });
    const [data] = dataSheets(readXlsx(target));
    const cells = data!.rows.slice(1, 5);
    expect(cells[0]!.map((c) => [c.v, c.t])).toEqual([
      ['Молоко «Простоквашино» 2,5%', 'str'],
      [3, 'int'],
      [269.7, 'float'],
      [3, 'int'],
      [0.2534, 'float'],
      ['2026-11-30T00:00:00', 'datetime'],
      ['2026-12-01T00:15:00', 'datetime'],
    ]);
    // Each row's unit: pieces show no decimals, kilograms and litres three.
    expect(cells.slice(0, 3).map((r) => r[1]!.fmt)).toEqual(['#,##0', '#,##0.000', '#,##0.000']);
    expect(cells[1]![1]!.v).toBe(0.523);
    expect(cells[2]![1]!.v).toBe(-1.25);
    expect(cells[1]![0]!.v).toBe('Сыр "Российский"; весовой');
    // Text that looks like a formula stays text in xlsx.
    expect(cells[2]![0]).toMatchObject({ v: '=1+1', t: 'str' });
    expect(cells[1]![4]).toMatchObject({ v: -0.015, fmt: '0.00%' });
    expect(cells[0]![2]!.fmt).toBe('#,##0.00 "₽"');
    expect(cells[0]![3]!.fmt).toBe('#,##0');
    expect(cells[0]![5]).toMatchObject({ fmt: 'yyyy-mm-dd', date: true });
    // Moscow has no summer time: the same three hours in March and in December.
    expect(cells[1]![6]!.v).toBe('2026-03-29T15:00:00');
    expect(cells[2]![6]!.v).toBe('2025-12-31T23:59:59');
    // Empty fields are empty cells, not zeros.
    expect(cells[3]!.slice(1).map((c) => c.t)).toEqual(Array(6).fill('NoneType'));
    const totals = data!.rows[5]!;
    expect(totals.map((c) => c.cached ?? c.v)).toEqual(['Итого', 2.273, 739.78, 6, null, null, null]);
    expect(totals[1]!.v).toBe('=SUBTOTAL(9,B2:B5)');
  });

  it('money takes the shop currency: dollars before the number, yen without cents', async () => {
    const money: ExportColumn[] = [{ key: 'amount', header: 'Amount', kind: 'money', total: 'sum' }];
    try {
      for (const [currency, fmt, value] of [
        ['USD', '"$"#,##0.00', 269.7],
        ['JPY', '"¥"#,##0', 26970],
      ] as const) {
        saveSettings(shop.core.db, { currency });
        const target = file(`money-${currency}.xlsx`);
        await exportVia(shop, { query: 'test.rows', params: { rows }, columns: money, about: ABOUT, format: 'xlsx', file: target });
        const [data] = dataSheets(readXlsx(target));
        expect(data!.rows[1]![0]).toMatchObject({ v: value, fmt });
      }
    } finally {
      saveSettings(shop.core.db, { currency: 'RUB' });
    }
  });

  it('goes on to a new sheet at the row limit, header repeated and each sheet totalled', async () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ ...rows[i % 3]!, lines: i + 1 }));
    const target = file('rollover.xlsx');
    // 10 rows a sheet: header, 8 rows, totals.
    const result = await exportVia(shop, {
      query: 'test.rows',
      params: { rows: many },
      columns,
      about: ABOUT,
      format: 'xlsx',
      file: target,
      sheetRowLimit: 10,
    });
    expect(result).toMatchObject({ rows: 25, sheets: 4, totals: { lines: (25 * 26) / 2 } });
    const sheets = dataSheets(readXlsx(target));
    expect(sheets.map((s) => s.title)).toEqual(['Данные', 'Данные (2)', 'Данные (3)', 'Данные (4)']);
    const chunks = [many.slice(0, 8), many.slice(8, 16), many.slice(16, 24), many.slice(24)];
    sheets.forEach((s, i) => {
      const n = chunks[i]!.length;
      expect(s.rows).toHaveLength(n + 2);
      expect(texts(s.rows[0])).toEqual(columns.map((c) => c.header));
      expect(s.freeze).toBe('A2');
      expect(s.filter).toBe(`A1:G${n + 1}`);
      const totals = s.rows[n + 1]!;
      expect(totals[3]).toMatchObject({ v: `=SUBTOTAL(9,D2:D${n + 1})`, cached: chunks[i]!.reduce((a, r) => a + r.lines, 0) });
      expect(totals[2]!.cached).toBeCloseTo(chunks[i]!.reduce((a, r) => a + r.amount!, 0) / 100, 6);
      expect(s.rows[1]![3]!.v).toBe(chunks[i]![0]!.lines);
    });
  });
});

describe('an export that does not finish', () => {
  const columns: ExportColumn[] = [{ key: 'x', header: 'x', kind: 'int', total: 'sum' }];
  const leftovers = () => readdirSync(shop.dir).filter((f) => f.endsWith('.part'));

  it('cancelled halfway: a clear error, the partial file removed, a file already there untouched', async () => {
    const target = file('cancelled.xlsx');
    writeFileSync(target, 'the export from last month');
    const abort = new AbortController();
    let seen = 0;
    const err = await exportVia(shop, {
      query: 'test.series',
      params: { n: 5_000_000 },
      columns,
      about: ABOUT,
      format: 'xlsx',
      file: target,
      signal: abort.signal,
      progressEvery: 5000,
      onProgress: (p) => {
        seen = p.rows;
        // The partial file is being written under its temporary name.
        expect(leftovers()).toHaveLength(1);
        abort.abort();
      },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(seen).toBeGreaterThan(0);
    expect(err).toMatchObject({ code: 'cancelled' });
    expect(readFileSync(target, 'utf8')).toBe('the export from last month');
    expect(leftovers()).toEqual([]);
    // The reader goes on serving.
    const next = await exportVia(shop, { query: 'test.series', params: { n: 10 }, columns, about: ABOUT, format: 'xlsx', file: target });
    expect(next.totals).toEqual({ x: 55 });
  });

  it('a row that does not fit its column stops it with the row and column named, and leaves no file', async () => {
    const target = file('bad.xlsx');
    const bad = [{ x: 1 }, { x: 2 }, { x: 2.5 }];
    const err = await exportVia(shop, {
      query: 'test.rows',
      params: { rows: bad },
      columns,
      about: ABOUT,
      format: 'xlsx',
      file: target,
    }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/row 3, column x: 2\.5 is not a whole number/);
    expect(existsSync(target)).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('a folder that does not exist is refused before anything runs', async () => {
    const err = await exportTable(shop.core.svc, {
      ...journal,
      columns,
      about: ABOUT,
      format: 'xlsx',
      file: path.join(shop.dir, 'missing', 'x.xlsx'),
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'validation' });
  });
});

describe('without a worker (the command line, tests)', () => {
  it('the inline reader writes the same export on its own read-only connection, and cancels the same way', async () => {
    const core = testCore();
    try {
      saveSettings(core.db, { currency: 'RUB', locale: 'en', timeZone: 'Europe/Moscow' });
      const ledger = core.db.raw.prepare('SELECT COUNT(*) AS n, SUM(value_delta) AS value FROM stock_movements').get() as {
        n: number;
        value: number;
      };
      const columns: ExportColumn[] = [
        { key: 'documentId', header: 'No.', kind: 'int' },
        { key: 'value', header: 'Value', kind: 'money', total: 'sum' },
      ];
      const target = path.join(core.dir, 'inline.xlsx');
      const result = await exportTable(core.svc, {
        ...journal,
        columns,
        about: ABOUT,
        format: 'xlsx',
        file: target,
      });
      expect(result).toMatchObject({ rows: ledger.n, totals: { value: ledger.value } });
      const wb = readXlsx(target);
      expect(wb.sheets.map((s) => s.title)).toEqual(['About', 'Data']);
      expect(wb.sheets[1]!.rows.at(-1)![1]!.cached).toBeCloseTo(ledger.value / 100, 6);

      const abort = new AbortController();
      const err = await exportTable(core.svc, {
        ...journal,
        columns,
        about: ABOUT,
        format: 'csv',
        file: path.join(core.dir, 'cancelled.csv'),
        signal: abort.signal,
        progressEvery: 1,
        batchSize: 2,
        onProgress: () => abort.abort(),
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code: 'cancelled' });
      expect(readdirSync(core.dir).filter((f) => f.endsWith('.csv') || f.endsWith('.part'))).toEqual([]);
    } finally {
      await core.svc.reader.close();
      core.cleanup();
    }
  });
});
