// A dry run of a supplier's price list: the file read and checked, every good row matched to its product (by barcode,
// then by the supplier's article or the SKU, never by name), and the changes an apply would make worked out. It runs
// in the reader worker on a read-only connection (db/queries/reads via core/reader/reads.ts): the till's thread only
// receives the plan. Nothing here writes.
import type { Db } from '../../db/connection';
import { catalogMatcher } from '../../db/queries/pricelists';
import { categoryTree } from '../catalog/categories';
import { markupPrice } from '../catalog/pricing';
import type { ErrorCode } from '../contract/errors';
import type { PriceListChange, PriceListSummary } from '../contract/pricelist-types';
import { AppError } from '../errors';
import { peekPriceList, readPriceList, type PriceListPeek } from './read';
import { PRICE_FIELDS, type ColumnMapping, type PriceField, type PriceListRead, type PriceRow, type RowProblem } from './types';

export interface PlanArgs {
  /** The uploaded file, as the upload store keeps it. */
  file: string;
  supplierId: number;
  sheet?: string;
  headerRow?: number;
  mapping?: ColumnMapping;
  /** Retail from the file's price column, or from the cost by the product's category markup. */
  retail: 'file' | 'markup';
  /** Rows that find no product: left out, or created in a category. */
  unmatched: { action: 'skip' } | { action: 'create'; categoryId: number | null; taxRateBp: number };
}

export interface NewProduct {
  row: number;
  sku: string;
  name: string;
  unit: 'pcs' | 'kg' | 'l' | 'm';
  price: number;
  cost: number;
  barcode: string | null;
  article: string | null;
}

export interface Plan {
  summary: PriceListSummary;
  bad: RowProblem[];
  changes: PriceListChange[];
  creates: NewProduct[];
  /** Articles of the supplier seen on rows matched by barcode: linked so the next list matches by article too. */
  links: { article: string; productId: number }[];
  sheet: string;
  headerRow: number;
  /** The mapping used, by header text where the column has one (kept per supplier: it survives columns moving). */
  keptMapping: Record<string, string | number>;
}

/** A file the reader refuses comes back as a value: an AppError thrown in a worker would lose its code on the way. */
export type PlanOutcome = { ok: true; plan: Plan } | { ok: false; code: ErrorCode; message: string };

const UNITS: [RegExp, NewProduct['unit']][] = [
  [/^(кг|kg|килограмм)/i, 'kg'],
  [/^(л|l|литр|liter|litre)\.?$/i, 'l'],
  [/^(м|m|метр|meter|metre)\.?$/i, 'm'],
];
const unitOf = (text: string | null): NewProduct['unit'] => UNITS.find(([re]) => text && re.test(text.trim()))?.[1] ?? 'pcs';

function labelOf(read: PriceListRead, field: PriceField): string {
  const index = read.mapping[field];
  const c = index === undefined ? undefined : read.columns[index];
  return c ? c.header || c.letter : field;
}

export async function planPriceList(db: Db, args: PlanArgs): Promise<PlanOutcome> {
  let read: PriceListRead;
  try {
    // The wizard sends the whole mapping: a field it leaves out is unused (-1), not left to the proposal.
    const mapping = args.mapping && (Object.fromEntries(PRICE_FIELDS.map((f) => [f, args.mapping![f] ?? -1])) as ColumnMapping);
    read = await readPriceList(args.file, { sheet: args.sheet, headerRow: args.headerRow, mapping });
  } catch (err) {
    if (err instanceof AppError) return { ok: false, code: err.code, message: err.message };
    throw err;
  }
  return { ok: true, plan: match(db, args, read) };
}

function match(db: Db, args: PlanArgs, read: PriceListRead): Plan {
  const find = catalogMatcher(db, args.supplierId);
  const rules = new Map(categoryTree(db).map((c) => [c.id, { markupBp: c.effectiveMarkupBp, rounding: c.effectiveRounding }]));
  const ruleOf = (categoryId: number | null) => (categoryId === null ? undefined : rules.get(categoryId));
  const bad: RowProblem[] = [...read.bad];
  const problem = (row: PriceRow, field: PriceField, code: RowProblem['code'], detail: string) => {
    const column = labelOf(read, field);
    bad.push({ row: row.row, column, code, message: `row ${row.row}, ${column}: ${detail}` });
  };
  const changes: PriceListChange[] = [];
  const creates: NewProduct[] = [];
  const links: Plan['links'] = [];
  const linked = new Set<string>();
  const seen = new Map<number, number>();
  const skus = new Set<string>();
  const counts = { matched: 0, unchanged: 0, unmatched: 0, skipped: 0, noMarkup: 0, lateBad: 0 };
  const create = args.unmatched.action === 'create' ? args.unmatched : null;

  for (const row of read.good) {
    let byArticle = false;
    let id = row.barcode !== null ? find.barcode(row.barcode) : undefined;
    if (id === undefined && row.article !== null) {
      id = find.article(row.article);
      byArticle = id !== undefined;
      id ??= find.sku(row.article);
    }
    if (id !== undefined) {
      const first = seen.get(id);
      if (first !== undefined) {
        problem(row, row.barcode !== null ? 'barcode' : 'article', 'duplicate_product', `names the same product as row ${first}`);
        counts.lateBad++;
        continue;
      }
      seen.set(id, row.row);
      const p = find.product(id)!;
      counts.matched++;
      const cost = row.cost ?? p.cost;
      let price = p.price;
      if (args.retail === 'file') price = row.price ?? p.price;
      else {
        const rule = ruleOf(p.categoryId);
        if (rule?.markupBp != null) price = markupPrice(cost, rule.markupBp, rule.rounding);
        else counts.noMarkup++;
      }
      if (price !== p.price || cost !== p.cost)
        changes.push({ row: row.row, productId: id, from: { price: p.price, cost: p.cost }, to: { price, cost } });
      else counts.unchanged++;
      if (row.article !== null && !byArticle && !linked.has(row.article) && find.article(row.article) === undefined) {
        linked.add(row.article);
        links.push({ article: row.article, productId: id });
      }
      continue;
    }
    counts.unmatched++;
    if (!create) {
      counts.skipped++;
      continue;
    }
    const rule = ruleOf(create.categoryId);
    const price =
      args.retail === 'markup' && row.cost !== null && rule?.markupBp != null
        ? markupPrice(row.cost, rule.markupBp, rule.rounding)
        : row.price;
    if (row.name === null || price === null) {
      problem(
        row,
        row.name === null ? 'name' : 'price',
        'empty_required',
        row.name === null ? 'a new product needs a name' : 'a new product needs a price',
      );
      counts.lateBad++;
      continue;
    }
    const candidates = [row.article, row.barcode, `${args.supplierId}-${row.row}`];
    const sku =
      candidates.find((s): s is string => s !== null && !skus.has(s) && find.sku(s) === undefined) ?? `${args.supplierId}-${row.row}-new`;
    skus.add(sku);
    const articleFree = row.article !== null && !linked.has(row.article) && find.article(row.article) === undefined;
    if (articleFree) linked.add(row.article!);
    creates.push({
      row: row.row,
      sku,
      name: row.name,
      unit: unitOf(row.unit),
      price,
      cost: row.cost ?? 0,
      barcode: row.barcode,
      article: articleFree ? row.article : null,
    });
  }
  bad.sort((a, b) => a.row - b.row);
  const keptMapping = Object.fromEntries(
    (Object.entries(read.mapping) as [PriceField, number][]).map(([f, i]) => [f, read.columns[i]?.header || i]),
  );
  return {
    summary: {
      rows: read.dataRows,
      good: read.good.length - counts.lateBad,
      bad: new Set(bad.map((b) => b.row)).size,
      matched: counts.matched,
      changed: changes.length,
      unchanged: counts.unchanged,
      unmatched: counts.unmatched,
      created: creates.length,
      skipped: counts.skipped,
      noMarkup: counts.noMarkup,
      sections: read.skipped.sections,
      empty: read.skipped.empty,
    },
    bad,
    changes,
    creates,
    links,
    sheet: read.sheet,
    headerRow: read.headerRow,
    keptMapping,
  };
}

export interface PeekArgs {
  file: string;
  sheet?: string;
  headerRow?: number;
  mapping?: ColumnMapping;
}

export type PeekOutcome = { ok: true; peek: PriceListPeek } | { ok: false; code: ErrorCode; message: string };

/** The wizard's first look at a file (sheets, header, proposed columns), in the worker like the dry run. */
export async function peekFile(_db: Db, args: PeekArgs): Promise<PeekOutcome> {
  try {
    return { ok: true, peek: await peekPriceList(args.file, { sheet: args.sheet, headerRow: args.headerRow, mapping: args.mapping }) };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, code: err.code, message: err.message };
    throw err;
  }
}
