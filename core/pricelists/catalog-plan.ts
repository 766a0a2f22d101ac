// A catalog import's dry run: new products from a file (name, barcode, SKU, category, unit, price, cost), each row
// checked as a price list's is, then against the catalog: its barcode and SKU must be free and its category must
// exist. Runs in the reader worker like the price list's dry run; nothing here writes.
import type { Db } from '../../db/connection';
import { catalogMatcher } from '../../db/queries/pricelists';
import { categoryTree } from '../catalog/categories';
import type { ErrorCode } from '../contract/errors';
import { AppError } from '../errors';
import { unitOf, type NewProduct } from './plan';
import { readPriceList } from './read';
import { PRICE_FIELDS, type ColumnMapping, type PriceField, type PriceListRead, type PriceRow, type RowProblem } from './types';

export interface CatalogPlanArgs {
  file: string;
  sheet?: string;
  headerRow?: number;
  mapping?: ColumnMapping;
  /** The category of rows whose category cell is empty or unmapped. */
  categoryId?: number | null;
}

export interface NewCatalogProduct extends NewProduct {
  categoryId: number | null;
}

export interface CatalogPlan {
  rows: number;
  bad: RowProblem[];
  creates: NewCatalogProduct[];
  sections: number;
  empty: number;
}

export type CatalogPlanOutcome = { ok: true; plan: CatalogPlan } | { ok: false; code: ErrorCode; message: string };

const normalName = (s: string) => s.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');

export async function planCatalogImport(db: Db, args: CatalogPlanArgs): Promise<CatalogPlanOutcome> {
  // The file's code column (mapped as the article) is the shop's SKU here: the products are the shop's own.
  const find = catalogMatcher(db, 0);
  const categories = new Map(categoryTree(db).map((c) => [normalName(c.name), c.id]));
  const bad: RowProblem[] = [];
  const creates: NewCatalogProduct[] = [];
  const skus = new Map<string, number>();
  const problem = (read: PriceListRead, row: PriceRow, field: PriceField, code: RowProblem['code'], detail: string) => {
    const index = read.mapping[field];
    const c = index === undefined ? undefined : read.columns[index];
    const column = c ? c.header || c.letter : field;
    bad.push({ row: row.row, column, code, message: `row ${row.row}, ${column}: ${detail}` });
  };
  const add = (row: PriceRow, read: PriceListRead): void => {
    const sku = row.article ?? row.barcode;
    if (row.name === null) return problem(read, row, 'name', 'empty_required', 'a new product needs a name');
    if (row.price === null) return problem(read, row, 'price', 'empty_required', 'a new product needs a price');
    if (sku === null) return problem(read, row, 'article', 'empty_required', 'a new product needs a SKU or a barcode');
    if (row.barcode !== null && find.barcode(row.barcode))
      return problem(read, row, 'barcode', 'exists', `the barcode ${row.barcode} is already on a product of the catalog`);
    const first = skus.get(sku);
    if (first !== undefined) return problem(read, row, 'article', 'duplicate_article', `the SKU ${sku} is already on row ${first}`);
    skus.set(sku, row.row);
    if (find.sku(sku)) return problem(read, row, 'article', 'exists', `the SKU ${sku} is already a product of the catalog`);
    let categoryId: number | null = args.categoryId ?? null;
    if (row.category != null) {
      categoryId = categories.get(normalName(row.category)) ?? null;
      if (categoryId === null) return problem(read, row, 'category', 'unknown_category', `there is no category ${row.category}`);
    }
    creates.push({
      row: row.row,
      sku,
      name: row.name,
      unit: unitOf(row.unit),
      price: row.price,
      cost: row.cost ?? 0,
      barcode: row.barcode,
      article: null,
      categoryId,
    });
  };
  let read: PriceListRead;
  try {
    const mapping = args.mapping && (Object.fromEntries(PRICE_FIELDS.map((f) => [f, args.mapping![f] ?? -1])) as ColumnMapping);
    read = await readPriceList(args.file, { sheet: args.sheet, headerRow: args.headerRow, mapping, onGood: add });
  } catch (err) {
    if (err instanceof AppError) return { ok: false, code: err.code, message: err.message };
    throw err;
  }
  return {
    ok: true,
    plan: {
      rows: read.dataRows,
      bad: [...read.bad, ...bad].sort((a, b) => a.row - b.row),
      creates,
      sections: read.skipped.sections,
      empty: read.skipped.empty,
    },
  };
}
