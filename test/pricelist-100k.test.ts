// The acceptance file: 100k products under a merged title block, section rows, amounts as text with
// decimal commas, barcodes as numbers, and 50 planted bad rows. The price list as .xlsx and as a Windows-1251
// semicolon CSV must both list exactly those 50 rows, and every other product with its price and cost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPriceList, type PriceListRead } from '../core/pricelists';
import { generatePriceList, type GeneratedPriceList } from './fixtures/pricelist-gen';
import { tempDir } from './helpers';

let tmp: ReturnType<typeof tempDir>;
let list: GeneratedPriceList;

beforeAll(async () => {
  tmp = tempDir('lavka-pricelist-');
  list = await generatePriceList(tmp.dir);
});
afterAll(() => tmp.cleanup());

function expectPlantedOnly(read: PriceListRead): void {
  const bad = read.bad.map((b) => ({ row: b.row, column: b.column, code: b.code })).sort((a, b) => a.row - b.row);
  expect(bad).toEqual([...list.planted].sort((a, b) => a.row - b.row));
  expect(read.good).toHaveLength(list.expected.length);
  const good = new Map(read.good.map((g) => [g.row, g]));
  const wrong = list.expected.filter((e) => {
    const g = good.get(e.row);
    return !g || g.barcode !== e.barcode || g.article !== e.article || g.price !== e.price || g.cost !== e.cost;
  });
  expect(wrong.slice(0, 5)).toEqual([]);
  expect(read.skipped.sections).toBe(list.sections);
  expect(read.headerRow).toBe(5);
}

describe('a supplier price list of 100k products', () => {
  it('as .xlsx: the dry run lists exactly the 50 planted rows, and every other product has its price and cost', async () => {
    const read = await readPriceList(list.xlsx);
    expect(read.kind).toBe('xlsx');
    expectPlantedOnly(read);
    const duplicate = read.bad.find((b) => b.code === 'duplicate_barcode')!;
    expect(duplicate.message).toMatch(/already on row \d+/);
  });

  it('as a Windows-1251 semicolon CSV: the same rows, the same reasons, the same prices', async () => {
    const read = await readPriceList(list.csv);
    expect(read).toMatchObject({ kind: 'csv', encoding: 'windows-1251', delimiter: ';' });
    expectPlantedOnly(read);
  });
});
