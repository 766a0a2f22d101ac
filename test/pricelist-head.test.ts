// The wizard's first look reads a workbook's top rows from its XML (core/pricelists/xlsx-head.ts) instead of
// streaming it through exceljs; both must give the same rows and cells for the same file, whoever wrote it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { peekPriceList } from '../core/pricelists/read';
import type { RawRow } from '../core/pricelists/types';
import { xlsxHeads, xlsxSheets } from '../core/pricelists/xlsx';
import { zipEntries } from '../core/pricelists/zip';
import { generatePriceList } from './fixtures/pricelist-gen';
import { openpyxlWorkbook } from './fixtures/openpyxl';
import { tempDir } from './helpers';

const tmp = tempDir('lavka-pricelist-head-');
afterAll(() => tmp.cleanup());

const filled = (r: RawRow) => r.cells.some((c) => c !== null && c.toString().trim() !== '');

/** Each sheet's first rows up to the `want`-th filled one: from the XML, and from exceljs's streaming reader. */
async function bothWays(buf: Buffer, want: number) {
  const fromXml: [string, RawRow[]][] = [];
  for (const sheet of xlsxHeads(buf, zipEntries(buf)!, want)) {
    const rows: RawRow[] = [];
    for await (const r of sheet.rows) rows.push(r);
    fromXml.push([sheet.name, rows]);
  }
  const streamed: [string, RawRow[]][] = [];
  for await (const sheet of xlsxSheets(buf, zipEntries(buf)!)) {
    const rows: RawRow[] = [];
    let seen = 0;
    for await (const r of sheet.rows) {
      rows.push(r);
      if (filled(r) && ++seen >= want) break;
    }
    sheet.close();
    streamed.push([sheet.name, rows]);
  }
  return { fromXml, streamed };
}

/** Every kind of cell a supplier's file may hold, on two sheets. */
function cellsOfEveryKind(ws: ExcelJS.Worksheet, rich = true) {
  ws.getCell('A1').value = 'Title & "quotes" <angle> ёж';
  ws.mergeCells('A1:D2');
  ws.getRow(4).values = ['Штрихкод', 'Артикул', 'Наименование', 'Цена', 'Есть', 'Сумма', 'Ссылка', 'Ошибка'];
  ws.getRow(5).values = [
    4607001000013,
    'P-1',
    rich ? { richText: [{ text: 'Молоко ' }, { font: { bold: true }, text: '3,2%' }] } : 'Молоко 3,2%',
    '1\u00a0059,00',
    true,
    { formula: 'D5*2', result: 2118 },
    { text: 'сайт', hyperlink: 'https://example.com' },
    { error: '#N/A' },
  ];
  ws.getCell('C7').value = 'only the third column';
  ws.getRow(8).values = [0.1, -5, 1e21, '  ', false];
}

describe('the first look at a workbook reads its top rows from the XML, as the full read would', () => {
  it('shared strings, rich text, formulas, booleans, errors, hyperlinks and gaps (exceljs in-memory writer)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notes').addRow(['Условия поставки']);
    cellsOfEveryKind(wb.addWorksheet('Прайс'));
    const { fromXml, streamed } = await bothWays(Buffer.from(await wb.xlsx.writeBuffer()), 30);
    expect(fromXml).toEqual(streamed);
    expect(fromXml[1]![1].find((r) => r.row === 5)!.cells).toEqual([
      4607001000013,
      'P-1',
      'Молоко 3,2%',
      '1\u00a0059,00',
      'TRUE',
      2118,
      'сайт',
      '#N/A',
    ]);
  });

  it('inline strings (exceljs streaming writer without shared strings)', async () => {
    const file = path.join(tmp.dir, 'inline.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const ws = wb.addWorksheet('Price');
    // exceljs's streaming reader keeps only the last run of an inline rich text; the XML reader joins them all.
    cellsOfEveryKind(ws as unknown as ExcelJS.Worksheet, false);
    ws.getCell('C9').value = { richText: [{ text: 'Кефир ' }, { font: { bold: true }, text: '1%' }] };
    ws.commit();
    await wb.commit();
    const { fromXml, streamed } = await bothWays(readFileSync(file), 30);
    expect(fromXml[0]![1].slice(0, -1)).toEqual(streamed[0]![1].slice(0, -1));
    expect(fromXml[0]![1].at(-1)).toEqual({ row: 9, cells: [null, null, 'Кефир 1%'] });
    expect(streamed[0]![1].at(-1)).toEqual({ row: 9, cells: [null, null, '1%'] });
  });

  it('a workbook saved by openpyxl', async () => {
    const file = path.join(tmp.dir, 'openpyxl.xlsx');
    openpyxlWorkbook(
      file,
      'Price',
      `
ws['A1'] = 'Поставщик: ИП Петров & сыновья'
ws.merge_cells('A1:E2')
ws.append([])
ws.append(['Штрихкод', 'Артикул', 'Наименование', 'Цена закупки', 'Цена'])
ws.append([4607001000013, 'P-1', 'Молоко', '71,40', 89.9])
ws.append([None, None, 'Бакалея'])
ws.append([4607001000038, 'P-3', '=CONCAT("a","b")', True, -5])
`,
    );
    const { fromXml, streamed } = await bothWays(readFileSync(file), 30);
    expect(fromXml).toEqual(streamed);
    // openpyxl stores the sheets before the workbook part: the name is still the workbook's.
    expect(streamed[0]![0]).toBe('Price');
  });

  it('a look that needs more than the first 64 KB of the sheet, and a list longer than what the look reads', async () => {
    const list = await generatePriceList(tmp.dir, { rows: 3000 });
    const buf = readFileSync(list.xlsx);
    for (const want of [30, 2500]) {
      const { fromXml, streamed } = await bothWays(buf, want);
      expect(fromXml).toEqual(streamed);
      expect(fromXml[0]![1].filter(filled).length).toBe(want);
    }
    const peek = await peekPriceList(buf);
    expect(peek.headerRow).toBe(5);
    expect(peek.sample.length).toBe(8);
  });
});
