/**
 * Label sheets and shelf tags, checked with independent tools: pdfinfo says how many pages of which size, every
 * label's patch of the page (rendered by pdftoppm at 300 dpi) decodes with zbarimg to exactly its product's code,
 * and pdftotext finds each label's name and prices inside that label, Cyrillic included, long names cut short.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { labelFonts, type LabelItem, type LabelOptions } from '../core/labels/label-item';
import { LABEL_PRESETS, type LabelLayout, type LabelPreset } from '../core/labels/layouts';
import { renderLabelsPdf } from '../core/labels/label-sheet';
import { ROOT } from './helpers';
import { decodeAreas, pageWords, pdfInfo, renderPage, slots, wordsIn, writePdf, type PdfFile } from './labels-kit';
import path from 'node:path';

const fonts = labelFonts(path.join(ROOT, 'resources'));
const RU: LabelOptions = { locale: 'ru', currency: 'RUB', fonts };
const EN: LabelOptions = { locale: 'en', currency: 'USD', fonts };
const files: PdfFile[] = [];
afterAll(() => files.forEach((f) => f.cleanup()));

const LONG =
  'Очень длинное название товара: сыр полутвёрдый «Российский молодой» фасованный в вакуумной упаковке, производитель ООО «Молочные реки»';

const ITEMS: LabelItem[] = [
  {
    name: 'Молоко «Домик в деревне» 3,2% 1 л',
    price: 8990,
    unit: 'pcs',
    pack: { qty: 1000, unit: 'l' },
    barcode: '4607001000013',
    copies: 10,
  },
  { name: 'Сыр российский весовой', price: 89900, unit: 'kg', barcode: '2000000000015', copies: 3 },
  { name: LONG, price: 123450, unit: 'pcs', pack: { qty: 500, unit: 'kg' }, barcode: 'A-1001', copies: 5 },
  { name: 'Яйцо С1', price: 1290, unit: 'pcs', barcode: '96385074', copies: 2 },
  { name: 'Coca-Cola 0,33', price: 7500, unit: 'pcs', barcode: '036000291452', copies: 2 },
  { name: 'Пакет майка', price: 500, unit: 'pcs', copies: 5 },
];

/** What zbarimg must read on each label of a run, in slot order: one symbol, or none for an item without a code. */
function expectedCodes(items: LabelItem[]): string[][] {
  const kind = (code: string): string =>
    /^\d{13}$/.test(code) ? 'EAN-13' : /^\d{8}$/.test(code) ? 'EAN-8' : /^\d{12}$/.test(code) ? 'UPC-A' : 'CODE-128';
  return items.flatMap((i) => Array.from({ length: i.copies ?? 1 }, () => (i.barcode ? [`${kind(i.barcode)}:${i.barcode}`] : [])));
}

/** Renders, then checks every label of every page: its barcode, its text, and that no word leaves its label. */
async function checkRun(items: LabelItem[], preset: LabelPreset, o: LabelOptions): Promise<{ pdf: PdfFile; texts: string[] }> {
  const layout: LabelLayout = LABEL_PRESETS[preset];
  const pdf = writePdf(await renderLabelsPdf(items, preset, o));
  files.push(pdf);
  const codes = [...Array.from({ length: o.skip ?? 0 }, () => []), ...expectedCodes(items)];
  const perPage = layout.columns * layout.rows;
  const info = pdfInfo(pdf.file);
  expect(info.pages).toBe(Math.ceil(codes.length / perPage));
  const words = pageWords(pdf);
  expect(words).toHaveLength(info.pages);
  const texts: string[] = [];
  for (let page = 1; page <= info.pages; page++) {
    const image = renderPage(pdf, page);
    const onPage = slots(layout).slice(0, Math.min(perPage, codes.length - (page - 1) * perPage));
    const decoded = decodeAreas(pdf, image, onPage);
    let placed = 0;
    onPage.forEach((box, i) => {
      const slot = (page - 1) * perPage + i;
      expect(decoded[i], `label ${slot + 1}`).toEqual(codes[slot]);
      const inLabel = wordsIn(words[page - 1]!, box);
      expect(
        inLabel.filter((w) => !w.inside),
        `label ${slot + 1} spills`,
      ).toEqual([]);
      placed += inLabel.length;
      texts.push(inLabel.map((w) => w.text).join(' '));
    });
    expect(placed, `page ${page}: every word on the page sits in a label`).toBe(words[page - 1]!.length);
  }
  return { pdf, texts };
}

describe('A4 label sheets', () => {
  it('3 x 8 of 70 x 37 mm: two A4 pages, each label decodes to its code, names in Cyrillic, prices per kg and litre', async () => {
    const { pdf, texts } = await checkRun(ITEMS, 'a4-3x8', RU);
    const info = pdfInfo(pdf.file);
    expect(info.sizeName).toBe('A4');
    expect(texts[0]).toBe('Молоко «Домик в деревне» 3,2% 1 л 89,90 ₽ 89,90 ₽/л'); // pdftotext turns NBSP into a space
    expect(texts[10]).toBe('Сыр российский весовой 899,00 ₽/кг');
    expect(texts[27 - 5]).toBe('Пакет майка 5,00 ₽');
    // The long name is cut to the lines it has room for and ends in an ellipsis; the prices are whole.
    const long = texts[13]!;
    const m = /^(.*)… 1 234,50 ₽ 2 469,00 ₽\/кг$/.exec(long);
    expect(m, long).not.toBeNull();
    expect(LONG.startsWith(m![1]!)).toBe(true);
    expect(m![1]!.length).toBeGreaterThan(20);
  });

  it('4 x 10 of 48.5 x 25.4 mm in English, on a sheet with 7 labels gone: dollars, price per kg, every code decodes', async () => {
    const items: LabelItem[] = [
      { name: 'Cheddar, mature', price: 123450, unit: 'kg', barcode: '4607001000020', copies: 3 },
      { name: 'Washers M6 (100)', price: 123, unit: 'pcs', pack: { qty: 250, unit: 'kg' }, barcode: 'W-M6-100', copies: 30 },
    ];
    const { pdf, texts } = await checkRun(items, 'a4-4x10', { ...EN, skip: 7 });
    expect(pdfInfo(pdf.file)).toMatchObject({ pages: 1, sizeName: 'A4' }); // 7 gone + 33 = the 40 of one sheet
    expect(texts.slice(0, 7)).toEqual(Array(7).fill(''));
    expect(texts[7]).toBe('Cheddar, mature $1,234.50/kg');
    expect(texts[39]).toBe('Washers M6 (100) $1.23 $4.92/kg');
  });
});

describe('shelf tags', () => {
  it('one 58 x 40 mm tag a page for a label printer: one page per tag, each decodes', async () => {
    const items = ITEMS.slice(0, 3).map((i) => ({ ...i, copies: 1 }));
    const { pdf, texts } = await checkRun(items, 'tag-58x40', RU);
    const info = pdfInfo(pdf.file);
    expect(info.pages).toBe(3);
    expect(info.width).toBeCloseTo((58 * 72) / 25.4, 1);
    expect(info.height).toBeCloseTo((40 * 72) / 25.4, 1);
    expect(texts[1]).toBe('Сыр российский весовой 899,00 ₽/кг');
    expect(texts[2]).toMatch(/^Очень длинное .*… 1 234,50 ₽ 2 469,00 ₽\/кг$/);
  });

  it('3 x 6 tags of 65 x 45 mm on plain A4', async () => {
    const { pdf, texts } = await checkRun(
      ITEMS.map((i) => ({ ...i, copies: 2 })),
      'a4-shelf-3x6',
      RU,
    );
    expect(pdfInfo(pdf.file)).toMatchObject({ pages: 1, sizeName: 'A4' });
    expect(texts[2]).toBe('Сыр российский весовой 899,00 ₽/кг');
  });
});

describe('what cannot be printed is refused', () => {
  it('a code too long to read on the label, a layout larger than its page, nothing to print, a bad price', async () => {
    const item: LabelItem = { name: 'x', price: 100, unit: 'pcs' };
    await expect(renderLabelsPdf([{ ...item, barcode: 'X'.repeat(40) }], 'a4-4x10', RU)).rejects.toMatchObject({ code: 'validation' });
    const big: LabelLayout = { ...LABEL_PRESETS['a4-3x8'], rows: 9 };
    await expect(renderLabelsPdf([item], big, RU)).rejects.toMatchObject({ code: 'validation' });
    await expect(renderLabelsPdf([{ ...item, copies: 0 }], 'a4-3x8', RU)).rejects.toMatchObject({ code: 'validation' });
    await expect(renderLabelsPdf([{ ...item, price: -1 }], 'a4-3x8', RU)).rejects.toMatchObject({ code: 'validation' });
    await expect(renderLabelsPdf([{ ...item, copies: 1.5 }], 'a4-3x8', RU)).rejects.toMatchObject({ code: 'validation' });
    await expect(renderLabelsPdf([item], 'a4-3x8', { ...RU, skip: 24 })).rejects.toMatchObject({ code: 'validation' });
  });
});
