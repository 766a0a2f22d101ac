// Price lists as suppliers really send them (a messy Russian workbook, an English CSV, a workbook from another
// program) and the files the owner might pick by mistake, each refused with a clear reason.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { listSheets, readPriceList } from '../core/pricelists';
import { AppError } from '../core/errors';
import { openpyxlWorkbook } from './fixtures/openpyxl';
import { tempDir } from './helpers';

const tmp = tempDir('lavka-pricelist-files-');
afterAll(() => tmp.cleanup());

/** A supplier's workbook: a notes sheet first, then the prices with a merged title and the header on row 7. */
async function messyWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const notes = wb.addWorksheet('Условия');
  notes.addRow(['Условия поставки']);
  notes.addRow(['Минимальный заказ 10 000 руб.']);
  const ws = wb.addWorksheet('Прайс');
  ws.getCell('A1').value = 'ООО «Молочный двор»';
  ws.mergeCells('A1:F1');
  ws.getCell('A2').value = 'Прайс-лист на декабрь';
  ws.mergeCells('A2:F3');
  ws.getCell('A5').value = 'Цены указаны в рублях с НДС';
  ws.getRow(7).values = ['Арт.', 'Наименование', 'ШК', 'Ед.', 'Опт', 'Розница'];
  ws.getCell('A8').value = 'Молочная продукция';
  ws.mergeCells('A8:F8');
  ws.getRow(9).values = ['MD-001', 'Молоко 3,2% 1 л', 4607001000013, 'шт', '71,40', '89,90'];
  ws.getRow(10).values = ['MD-002', 'Кефир 1% 0,5 л', 4607001000020, 'шт', 48.3, '1 059,00'];
  ws.getRow(12).values = ['MD-003', 'Творог 5%', '0012345678905', 'шт', '120', '159,5'];
  ws.getCell('A13').value = 'Сыры';
  ws.mergeCells('A13:F13');
  ws.getRow(14).values = ['MD-004', 'Сыр «Российский»', 4607001000037, 'кг', '560,00', 'по запросу'];
  ws.getRow(15).values = ['MD-005', 'Сыр весовой', null, 'кг', '610,00', '790,00'];
  ws.getRow(16).values = ['MD-006', 'Сливки 10%', 12345678905, 'шт', '90', '120'];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const codeOf = async (file: string | Buffer): Promise<string> => {
  try {
    await readPriceList(file);
    return 'read';
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return err.code;
  }
};

describe('a messy supplier workbook', () => {
  it('finds the header on row 7 of the second sheet and reads amounts with decimal commas and numeric barcodes (a UPC missing its leading zero)', async () => {
    const file = await messyWorkbook();
    const read = await readPriceList(file);
    expect(read.sheet).toBe('Прайс');
    expect(read.headerRow).toBe(7);
    expect(read.columns.map((c) => [c.letter, c.header, c.field])).toEqual([
      ['A', 'Арт.', 'article'],
      ['B', 'Наименование', 'name'],
      ['C', 'ШК', 'barcode'],
      ['D', 'Ед.', 'unit'],
      ['E', 'Опт', 'cost'],
      ['F', 'Розница', 'price'],
    ]);
    expect(read.good.map((g) => [g.row, g.article, g.barcode, g.cost, g.price, g.unit])).toEqual([
      [9, 'MD-001', '4607001000013', 7140, 8990, 'шт'],
      [10, 'MD-002', '4607001000020', 4830, 105900, 'шт'],
      [12, 'MD-003', '0012345678905', 12000, 15950, 'шт'],
      [15, 'MD-005', null, 61000, 79000, 'кг'],
      [16, 'MD-006', '012345678905', 9000, 12000, 'шт'],
    ]);
    expect(read.bad).toEqual([
      { row: 14, column: 'Розница', code: 'not_a_number', message: 'row 14, Розница: по запросу is not a number' },
    ]);
    expect(read.skipped.sections).toBe(2);
  });

  it("lists both sheets, and reads the one the owner picks with the supplier's kept mapping", async () => {
    const file = await messyWorkbook();
    const { kind, sheets } = await listSheets(file);
    expect(kind).toBe('xlsx');
    expect(sheets.map((s) => s.name)).toEqual(['Условия', 'Прайс']);
    // The kept mapping takes the wholesale column as the price the shop copies.
    const read = await readPriceList(file, { sheet: 2, mapping: { price: 'Опт', cost: 'Розница' } });
    expect(read.good[0]).toMatchObject({ row: 9, price: 7140, cost: 8990 });
    await expect(readPriceList(file, { sheet: 'Условия' })).rejects.toMatchObject({ code: 'file_no_header' });
  });
});

describe('an English CSV price list', () => {
  it('reads a UTF-8 comma-separated file with a BOM and English column names', async () => {
    const csv =
      '\ufeffSKU,Product name,EAN,Purchase price,Retail price,Stock\r\n' +
      'A-1,"Tea, green 100 g",4607001000044,"1,234.50",1599.90,12\r\n' +
      'A-2,Coffee 250 g,4607001000051,350,499,>100\r\n' +
      'A-3,Sugar 1 kg,4607001000051,60,89,5\r\n';
    const read = await readPriceList(Buffer.from(csv, 'utf8'));
    expect(read).toMatchObject({ kind: 'csv', encoding: 'utf-8', delimiter: ',', headerRow: 1 });
    expect(read.good).toEqual([
      { row: 2, article: 'A-1', name: 'Tea, green 100 g', barcode: '4607001000044', cost: 123450, price: 159990, unit: null, qty: 12000 },
      { row: 3, article: 'A-2', name: 'Coffee 250 g', barcode: '4607001000051', cost: 35000, price: 49900, unit: null, qty: null },
    ]);
    expect(read.bad).toMatchObject([
      { row: 4, column: 'EAN', code: 'duplicate_barcode', message: expect.stringContaining('already on row 3') },
    ]);
  });
});

describe('a CSV saved by Russian Excel', () => {
  it('reads Windows-1251 text with semicolons and decimal commas', async () => {
    const csv = 'Прайс ООО «Ромашка»;;\r\n;;\r\nШтрихкод;Наименование;Цена\r\n4607001000013;Молоко 3,2%;"89,90"\r\n';
    const read = await readPriceList(iconv.encode(csv, 'win1251'));
    expect(read).toMatchObject({ encoding: 'windows-1251', delimiter: ';', headerRow: 3 });
    expect(read.good).toMatchObject([{ row: 4, barcode: '4607001000013', name: 'Молоко 3,2%', price: 8990 }]);
  });
});

describe('a workbook written by another program (openpyxl)', () => {
  it('reads merged title cells, numbers stored as text and numeric barcodes the same way', async () => {
    const file = path.join(tmp.dir, 'openpyxl.xlsx');
    openpyxlWorkbook(
      file,
      'Price',
      `
ws['A1'] = 'Поставщик: ИП Петров'
ws.merge_cells('A1:E2')
rows = {
  4: ['Штрихкод', 'Артикул', 'Наименование', 'Цена закупки', 'Цена'],
  5: [4607001000013, 'P-1', 'Молоко', '71,40', '89,90'],
  6: [4607001000020, 'P-2', 'Кефир', 48.3, '1\u00a0059,00'],
  7: ['Бакалея'],
  8: [4607001000038, 'P-3', 'Гречка', '80', '-5'],
}
for r, values in rows.items():
  for c, v in enumerate(values, start=1):
    ws.cell(row=r, column=c, value=v)
ws.merge_cells('A7:E7')
`,
    );
    const read = await readPriceList(file);
    expect(read.headerRow).toBe(4);
    expect(read.sheets).toEqual([{ index: 1, name: 'Price', approxRows: 8 }]);
    expect(read.good.map((g) => [g.row, g.barcode, g.article, g.cost, g.price])).toEqual([
      [5, '4607001000013', 'P-1', 7140, 8990],
      [6, '4607001000020', 'P-2', 4830, 105900],
    ]);
    expect(read.bad.map((b) => [b.row, b.column, b.code])).toEqual([
      [8, 'Штрихкод', 'invalid_check_digit'],
      [8, 'Цена', 'negative'],
    ]);
    expect(read.skipped.sections).toBe(1);
  });
});

describe('files that are not price lists', () => {
  it('refuses a PDF, a PNG and random bytes as not a spreadsheet', async () => {
    expect(await codeOf(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >>\nendobj\n'))).toBe('file_not_spreadsheet');
    expect(await codeOf(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(200)]))).toBe(
      'file_not_spreadsheet',
    );
    expect(await codeOf(randomBytes(4096))).toBe('file_not_spreadsheet');
    await expect(readPriceList(Buffer.from('%PDF-1.4'))).rejects.toThrow(/PDF/);
  });

  it('refuses an empty file and a file of blank lines as empty', async () => {
    expect(await codeOf(Buffer.alloc(0))).toBe('file_empty');
    expect(await codeOf(Buffer.from('\r\n;;;\r\n  \r\n'))).toBe('file_empty');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Лист1');
    expect(await codeOf(Buffer.from(await wb.xlsx.writeBuffer()))).toBe('file_empty');
  });

  it('tells a password-protected workbook from an old .xls (both are OLE files)', async () => {
    const ole = (stream: string): Buffer =>
      Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(500), Buffer.from(stream, 'utf16le'), Buffer.alloc(500)]);
    expect(await codeOf(ole('EncryptedPackage'))).toBe('file_encrypted');
    await expect(readPriceList(ole('EncryptedPackage'))).rejects.toThrow(/^the workbook is protected with a password/);
    expect(await codeOf(ole('Workbook'))).toBe('file_old_excel');
    expect(await codeOf(ole('Root Entry'))).toBe('file_encrypted');
  });

  it('refuses a zip that holds no workbook', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['Штрихкод', 'Цена']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    // Same archive with the workbook part renamed: still a zip, no longer a workbook.
    const renamed = Buffer.from(xlsx.toString('latin1').replaceAll('xl/workbook.xml', 'xl/workbook.xmX'), 'latin1');
    expect(await codeOf(renamed)).toBe('file_not_spreadsheet');
  });

  it('refuses a table without a barcode or article column, and one without any header', async () => {
    const noKey = 'Наименование;Цена;Остаток\r\nМолоко;89,90;5\r\n';
    expect(await codeOf(Buffer.from(noKey))).toBe('file_no_key_column');
    await expect(readPriceList(Buffer.from(noKey))).rejects.toThrow(/Наименование, Цена, Остаток/);
    expect(await codeOf(Buffer.from('Дорогой клиент,\r\nпрайс будет позже.\r\n'))).toBe('file_no_header');
  });

  it('refuses a CSV whose quote never closes', async () => {
    const csv = 'Штрихкод;Цена\r\n4607001000013;89,90\r\n4607001000020;"12\r\n4607001000037;5\r\n';
    await expect(readPriceList(Buffer.from(csv))).rejects.toMatchObject({
      code: 'file_not_spreadsheet',
      message: expect.stringMatching(/CSV file is damaged: Quote Not Closed/),
    });
  });

  it('reads a file from disk the same as its bytes', async () => {
    const file = path.join(tmp.dir, 'list.csv');
    writeFileSync(file, 'Штрихкод;Цена\r\n4607001000013;89,90\r\n');
    expect((await readPriceList(file)).good).toEqual((await readPriceList(readFileSync(file))).good);
  });
});
