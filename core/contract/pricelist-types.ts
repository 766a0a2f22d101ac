// Supplier price lists as the API shows them: the file's sheets and columns, a dry run's summary and bad rows, and
// what an apply changed. Money in integer minor units.

/** What a column of a price list can mean. `barcode` or `article` is the key a row is matched to a product by. */
export const PRICE_FIELDS = ['barcode', 'article', 'name', 'price', 'cost', 'unit', 'qty', 'category'] as const;
export type PriceField = (typeof PRICE_FIELDS)[number];

export const ROW_PROBLEM_CODES = [
  /** Text in a money cell that is not an amount ("по запросу", "12,3,4"). */
  'not_a_number',
  /** A price or cost below zero. */
  'negative',
  /** An amount too big to be a price (over 10^10 minor units). */
  'too_large',
  /** A barcode that is not 8, 12, 13 or 14 digits. */
  'invalid_barcode',
  /** A GTIN whose last digit does not match the others. */
  'invalid_check_digit',
  /** The barcode was already on an earlier row of the file (the message names that row). */
  'duplicate_barcode',
  /** A row keyed by article alone whose article was already on an earlier row. */
  'duplicate_article',
  /** A required cell is empty: both barcode and article, or the price (the cost when no price column is mapped). */
  'empty_required',
  /** Two rows of the file name the same product of the catalog (by different barcodes, article or SKU). */
  'duplicate_product',
  /** A catalog import's row whose barcode or SKU a product of the catalog already has. */
  'exists',
  /** A catalog import's category name that no category of the catalog has. */
  'unknown_category',
] as const;
export type RowProblemCode = (typeof ROW_PROBLEM_CODES)[number];

export interface PriceListProblem {
  /** The row number the user sees in Excel (the record number in a CSV). */
  row: number;
  /** The header text of the column, or its letter when the header cell is empty. */
  column: string;
  code: RowProblemCode;
  message: string;
}

export type PriceListCell = string | number | null;

export interface PriceListColumn {
  index: number;
  /** A, B, … AA, as Excel names the column. */
  letter: string;
  header: string;
  field: PriceField | null;
}

export interface PriceListSheets {
  fileKind: 'xlsx' | 'csv';
  sheets: { index: number; name: string; approxRows: number | null }[];
  /** The sheet shown (the one asked for, else the first that is a price list). */
  sheet: string;
  headerRow: number;
  columns: PriceListColumn[];
  /** Field → 0-based column. */
  mapping: Partial<Record<PriceField, number>>;
  /** The first rows below the header, to check the mapping against. */
  sample: { row: number; cells: PriceListCell[] }[];
  /** True when the mapping came from the one kept for this supplier. */
  kept: boolean;
  encoding?: string;
  delimiter?: string;
}

export interface PriceListChange {
  row: number;
  productId: number;
  from: { price: number; cost: number };
  to: { price: number; cost: number };
}

export interface PriceListSummary {
  /** Data rows below the header (sections and blank rows included). */
  rows: number;
  good: number;
  /** Rows with at least one problem (each problem is listed). */
  bad: number;
  /** Good rows that found their product. */
  matched: number;
  /** Of those, whose price or cost changes. */
  changed: number;
  unchanged: number;
  /** Good rows with no product: created (when asked to) or skipped. */
  unmatched: number;
  created: number;
  skipped: number;
  /** Retail by category markup asked for, but the product's category has no markup: its price is kept. */
  noMarkup: number;
  sections: number;
  empty: number;
}

export interface PriceListDryRun {
  /** What pricelist.apply takes: exactly this dry run, once. */
  token: string;
  summary: PriceListSummary;
  /** Every bad row's problems, by row. */
  bad: PriceListProblem[];
  /** The first changes, for a look before applying (the summary counts all). */
  changes: PriceListChange[];
}

export interface PriceListApplied {
  changed: number;
  created: number;
  linked: number;
}

/** A product a catalog import would create, as its dry run shows it. */
export interface CatalogImportProduct {
  row: number;
  sku: string;
  name: string;
  barcode: string | null;
  unit: 'pcs' | 'kg' | 'l' | 'm';
  price: number;
  cost: number;
  categoryId: number | null;
}

export interface CatalogImportDryRun {
  /** What pricelist.catalogApply takes: exactly this dry run, once. */
  token: string;
  summary: { rows: number; good: number; bad: number; sections: number; empty: number };
  /** Every bad row's problems, by row: nothing is created while there is one. */
  bad: PriceListProblem[];
  /** The first products to be created (the summary counts all). */
  products: CatalogImportProduct[];
}
