// Finding the header row of a supplier's sheet and what each of its columns means, from the Russian and English
// names suppliers use. Whole-name matches win over a known word inside a longer name ("Цена закупки, руб").
import { cellText } from './cells';
import type { ColumnMapping, HeaderColumn, PriceField, RawCell, RawRow } from './types';

/** Whole header names (normalized: lower case, ё→е, punctuation dropped). */
const NAMES: Record<PriceField, string[]> = {
  barcode: ['штрихкод', 'штрих код', 'шк', 'ean', 'ean13', 'ean 13', 'gtin', 'barcode', 'bar code', 'штрихкод ean'],
  article: [
    'артикул',
    'арт',
    'код',
    'код товара',
    'код поставщика',
    'артикул поставщика',
    'sku',
    'article',
    'code',
    'item code',
    'product code',
    'vendor code',
  ],
  name: [
    'наименование',
    'наименование товара',
    'товар',
    'название',
    'номенклатура',
    'name',
    'product',
    'product name',
    'description',
    'item',
  ],
  price: ['цена', 'розница', 'цена розн', 'цена розничная', 'розничная цена', 'ррц', 'price', 'retail', 'retail price', 'rrp', 'msrp'],
  cost: [
    'закупка',
    'цена закупки',
    'закупочная цена',
    'опт',
    'оптовая цена',
    'цена опт',
    'себестоимость',
    'cost',
    'purchase price',
    'wholesale',
    'wholesale price',
  ],
  unit: ['ед', 'ед изм', 'единица', 'единица измерения', 'unit', 'uom'],
  qty: ['остаток', 'количество', 'кол во', 'колво', 'наличие', 'qty', 'quantity', 'stock', 'in stock'],
  category: ['категория', 'группа', 'группа товаров', 'раздел', 'category', 'group', 'product group'],
};

/** Words that mark a field inside a longer name, tried in this order: the first field with a word in the name wins. */
const WORDS: [PriceField, RegExp][] = [
  ['barcode', /(^| )(штрих ?код\S*|шк|ean\S*|gtin\S*|barcode\S*|upc)( |$)/],
  ['cost', /(^| )(закуп\S*|опт\S*|себестоим\S*|cost|purchase|wholesale|входящ\S*)( |$)/],
  ['price', /(^| )(цена|цены|розн\S*|ррц|price|retail|rrp|msrp)( |$)/],
  ['article', /(^| )(артикул\S*|арт|код|sku|article|code)( |$)/],
  ['qty', /(^| )(остат\S*|количеств\S*|кол во|наличи\S*|qty|quantity|stock)( |$)/],
  ['unit', /(^| )(ед|единиц\S*|unit|uom)( |$)/],
  ['name', /(^| )(наименован\S*|товар\S*|назван\S*|номенклатур\S*|name|product|description)( |$)/],
];

const EXACT = new Map<string, PriceField>(
  Object.entries(NAMES).flatMap(([field, names]) => names.map((n) => [n, field as PriceField] as const)),
);

export function normalizeHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The field a header names and how surely: 2 for a whole-name match, 1 for a known word inside it. */
export function fieldOf(header: string): { field: PriceField; score: number } | null {
  const norm = normalizeHeader(header);
  if (!norm) return null;
  const exact = EXACT.get(norm);
  if (exact) return { field: exact, score: 2 };
  for (const [field, re] of WORDS) if (re.test(norm)) return { field, score: 1 };
  return null;
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Each field goes to its best-named column; of equals, the leftmost. */
export function proposeMapping(cells: RawCell[]): Partial<Record<PriceField, number>> {
  const best: Partial<Record<PriceField, { index: number; score: number }>> = {};
  cells.forEach((cell, index) => {
    if (typeof cell !== 'string') return;
    const hit = fieldOf(cell);
    if (!hit) return;
    const had = best[hit.field];
    if (!had || hit.score > had.score) best[hit.field] = { index, score: hit.score };
  });
  return Object.fromEntries(Object.entries(best).map(([f, b]) => [f, b.index]));
}

/** How many different fields a row names; a header row names at least two. */
export const headerScore = (cells: RawCell[]): number => Object.keys(proposeMapping(cells)).length;

/** The row among `rows` naming the most fields (the first of equals), or null when none names two. */
export function findHeaderRow(rows: RawRow[]): RawRow | null {
  let found: RawRow | null = null;
  let score = 1;
  for (const r of rows) {
    const s = headerScore(r.cells);
    if (s > score) [found, score] = [r, s];
  }
  return found;
}

/** A row naming every column a kept mapping names by header text: the header, wherever it moved. */
export function findRowByHeaders(rows: RawRow[], mapping: ColumnMapping): RawRow | null {
  const wanted = Object.values(mapping)
    .filter((v): v is string => typeof v === 'string')
    .map(normalizeHeader);
  if (!wanted.length) return null;
  return rows.find((r) => wanted.every((w) => r.cells.some((c) => typeof c === 'string' && normalizeHeader(c) === w))) ?? null;
}

/** The proposal, with the caller's kept mapping over it; a column named by the caller is taken from other fields. */
export function resolveMapping(header: RawCell[], explicit: ColumnMapping | undefined): Partial<Record<PriceField, number>> {
  const mapping = header.length ? proposeMapping(header) : {};
  if (!explicit) return mapping;
  for (const [field, ref] of Object.entries(explicit) as [PriceField, string | number | undefined][]) {
    if (ref === undefined) continue;
    const index =
      typeof ref === 'number' ? ref : header.findIndex((c) => typeof c === 'string' && normalizeHeader(c) === normalizeHeader(ref));
    for (const f of Object.keys(mapping) as PriceField[]) if (mapping[f] === index) delete mapping[f];
    if (index >= 0) mapping[field] = index;
    else delete mapping[field];
  }
  return mapping;
}

export function describeColumns(header: RawCell[], mapping: Partial<Record<PriceField, number>>, width: number): HeaderColumn[] {
  const byIndex = new Map(Object.entries(mapping).map(([f, i]) => [i, f as PriceField]));
  return Array.from({ length: Math.max(width, header.length) }, (_, index) => ({
    index,
    letter: columnLetter(index),
    header: cellText(header[index] ?? null),
    field: byIndex.get(index) ?? null,
  }));
}
