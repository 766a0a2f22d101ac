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

/** Every change a dry run found, packed for the trip to the writer: a plain array of 100k objects cost seconds there. */
export interface Repricing {
  /** Per change: its row, the product, its price and cost as the dry run saw them, and as they become. */
  rows: Int32Array;
  productIds: Int32Array;
  /** Money may pass 2^31 minor units: doubles hold it exactly. */
  figures: Float64Array;
}

/** Values per change in Repricing.figures: price and cost before, then price and cost after. */
export const FIGURES = 4;

export interface Plan {
  summary: PriceListSummary;
  bad: RowProblem[];
  /** The first changes, as the dry run shows them; `repricing` holds them all. */
  changes: PriceListChange[];
  repricing: Repricing;
  creates: NewProduct[];
  /** Articles of the supplier seen on rows matched by barcode: linked so the next list matches by article too. */
  links: { article: string; productId: number }[];
  sheet: string;
  headerRow: number;
  /** The mapping used, by header text where the column has one (kept per supplier: it survives columns moving). */
  keptMapping: Record<string, string | number>;
}

/** Changes listed with a dry run; the summary counts them all. */
export const SHOWN_CHANGES = 500;

/** A file the reader refuses comes back as a value: an AppError thrown in a worker would lose its code on the way. */
export type PlanOutcome = { ok: true; plan: Plan } | { ok: false; code: ErrorCode; message: string };

const UNITS: [RegExp, NewProduct['unit']][] = [
  [/^(кг|kg|килограмм)/i, 'kg'],
  [/^(л|l|литр|liter|litre)\.?$/i, 'l'],
  [/^(м|m|метр|meter|metre)\.?$/i, 'm'],
];
export const unitOf = (text: string | null): NewProduct['unit'] => UNITS.find(([re]) => text && re.test(text.trim()))?.[1] ?? 'pcs';

function labelOf(read: PriceListRead, field: PriceField): string {
  const index = read.mapping[field];
  const c = index === undefined ? undefined : read.columns[index];
  return c ? c.header || c.letter : field;
}

export async function planPriceList(db: Db, args: PlanArgs): Promise<PlanOutcome> {
  const matcher = createMatcher(db, args);
  let read: PriceListRead;
  try {
    // The wizard sends the whole mapping: a field it leaves out is unused (-1), not left to the proposal.
    const mapping = args.mapping && (Object.fromEntries(PRICE_FIELDS.map((f) => [f, args.mapping![f] ?? -1])) as ColumnMapping);
    // Rows are matched as they are read: the file's rows are never all in memory, only what the apply needs.
    read = await readPriceList(args.file, { sheet: args.sheet, headerRow: args.headerRow, mapping, onGood: matcher.add });
  } catch (err) {
    if (err instanceof AppError) return { ok: false, code: err.code, message: err.message };
    throw err;
  }
  return { ok: true, plan: matcher.finish(read) };
}

/** Doubles a typed array's room when full (a dry run does not know how many rows will change). */
function grown<T extends Int32Array | Float64Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  next.set(a);
  return next;
}

function createMatcher(db: Db, args: PlanArgs) {
  const find = catalogMatcher(db, args.supplierId);
  const rules = new Map(categoryTree(db).map((c) => [c.id, { markupBp: c.effectiveMarkupBp, rounding: c.effectiveRounding }]));
  const ruleOf = (categoryId: number | null) => (categoryId === null ? undefined : rules.get(categoryId));
  const late: RowProblem[] = [];
  const problem = (read: PriceListRead, row: PriceRow, field: PriceField, code: RowProblem['code'], detail: string) => {
    const column = labelOf(read, field);
    late.push({ row: row.row, column, code, message: `row ${row.row}, ${column}: ${detail}` });
  };
  const shown: PriceListChange[] = [];
  let changed = 0;
  let rows = new Int32Array(1024);
  let productIds = new Int32Array(1024);
  let figures = new Float64Array(1024 * FIGURES);
  const creates: NewProduct[] = [];
  const links: Plan['links'] = [];
  const linked = new Set<string>();
  const seen = new Map<number, number>();
  const skus = new Set<string>();
  const counts = { good: 0, matched: 0, unchanged: 0, unmatched: 0, skipped: 0, noMarkup: 0 };
  const create = args.unmatched.action === 'create' ? args.unmatched : null;
  const articleFree = (article: string | null): article is string =>
    article !== null && !linked.has(article) && find.article(article) === undefined;

  const reprice = (row: number, id: number, from: { price: number; cost: number }, to: { price: number; cost: number }) => {
    if (shown.length < SHOWN_CHANGES) shown.push({ row, productId: id, from, to });
    rows = grown(rows, changed + 1);
    productIds = grown(productIds, changed + 1);
    figures = grown(figures, (changed + 1) * FIGURES);
    rows[changed] = row;
    productIds[changed] = id;
    figures.set([from.price, from.cost, to.price, to.cost], changed * FIGURES);
    changed++;
  };

  const add = (row: PriceRow, read: PriceListRead): void => {
    counts.good++;
    let byArticle = false;
    let p = row.barcode !== null ? find.barcode(row.barcode) : undefined;
    if (p === undefined && row.article !== null) {
      p = find.article(row.article);
      byArticle = p !== undefined;
      p ??= find.sku(row.article);
    }
    if (p !== undefined) {
      const first = seen.get(p.id);
      if (first !== undefined) {
        problem(read, row, row.barcode !== null ? 'barcode' : 'article', 'duplicate_product', `names the same product as row ${first}`);
        return;
      }
      seen.set(p.id, row.row);
      counts.matched++;
      const cost = row.cost ?? p.cost;
      let price = p.price;
      if (args.retail === 'file') price = row.price ?? p.price;
      else {
        const rule = ruleOf(p.categoryId);
        if (rule?.markupBp != null) price = markupPrice(cost, rule.markupBp, rule.rounding);
        else counts.noMarkup++;
      }
      if (price !== p.price || cost !== p.cost) reprice(row.row, p.id, { price: p.price, cost: p.cost }, { price, cost });
      else counts.unchanged++;
      if (!byArticle && articleFree(row.article)) {
        linked.add(row.article);
        links.push({ article: row.article, productId: p.id });
      }
      return;
    }
    counts.unmatched++;
    if (!create) {
      counts.skipped++;
      return;
    }
    const rule = ruleOf(create.categoryId);
    const price =
      args.retail === 'markup' && row.cost !== null && rule?.markupBp != null
        ? markupPrice(row.cost, rule.markupBp, rule.rounding)
        : row.price;
    if (row.name === null || price === null) {
      problem(
        read,
        row,
        row.name === null ? 'name' : 'price',
        'empty_required',
        row.name === null ? 'a new product needs a name' : 'a new product needs a price',
      );
      return;
    }
    const candidates = [row.article, row.barcode, `${args.supplierId}-${row.row}`];
    const sku =
      candidates.find((s): s is string => s !== null && !skus.has(s) && find.sku(s) === undefined) ?? `${args.supplierId}-${row.row}-new`;
    skus.add(sku);
    const free = articleFree(row.article);
    if (free) linked.add(row.article!);
    creates.push({
      row: row.row,
      sku,
      name: row.name,
      unit: unitOf(row.unit),
      price,
      cost: row.cost ?? 0,
      barcode: row.barcode,
      article: free ? row.article : null,
    });
  };

  const finish = (read: PriceListRead): Plan => {
    const bad = [...read.bad, ...late].sort((a, b) => a.row - b.row);
    const keptMapping = Object.fromEntries(
      (Object.entries(read.mapping) as [PriceField, number][]).map(([f, i]) => [f, read.columns[i]?.header || i]),
    );
    return {
      summary: {
        rows: read.dataRows,
        good: counts.good - late.length,
        bad: new Set(bad.map((b) => b.row)).size,
        matched: counts.matched,
        changed,
        unchanged: counts.unchanged,
        unmatched: counts.unmatched,
        created: creates.length,
        skipped: counts.skipped,
        noMarkup: counts.noMarkup,
        sections: read.skipped.sections,
        empty: read.skipped.empty,
      },
      bad,
      changes: shown,
      repricing: { rows: rows.slice(0, changed), productIds: productIds.slice(0, changed), figures: figures.slice(0, changed * FIGURES) },
      creates,
      links,
      sheet: read.sheet,
      headerRow: read.headerRow,
      keptMapping,
    };
  };

  return { add, finish };
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
