/** Stock counts as the API returns them. Quantities in thousandths, money in minor units. */
import type { PostResult, Unit } from './types';

export type CountScope = 'all' | 'category' | 'supplier';
export type CountMode = 'full' | 'partial';
export type CountStatus = 'open' | 'posted' | 'cancelled';
/** What a scan of an item already counted does: replace its figure (a fresh count of it) or add to it. */
export type CountRecount = 'replace' | 'add';

export interface CountProgress {
  /** Items the count covers (in scope, on sale or with stock at the location). */
  expected: number;
  counted: number;
}

export interface CountSession {
  id: number;
  uuid: string;
  locationId: number;
  scope: CountScope;
  categoryId: number | null;
  supplierId: number | null;
  mode: CountMode;
  blind: boolean;
  status: CountStatus;
  note: string | null;
  authorId: number;
  createdAt: string;
  closedAt: string | null;
  documentId: number | null;
  /** Posted: items counted and how many matched the book (stock accuracy). */
  itemsCounted: number | null;
  itemsMatched: number | null;
}

export interface CountLine {
  id: number;
  productId: number;
  name: string;
  sku: string;
  unit: Unit;
  countedQty: number;
  /** The book when first counted; null when the count is blind and the caller may not see expected figures. */
  bookQty: number | null;
  countedBy: string;
  countedAt: string;
  device: string;
  updatedAt: string;
  scans: number;
}

export interface CountView extends CountSession {
  progress: CountProgress;
  /** True when the caller is not shown expected figures (a blind count without count.view_expected). */
  expectedHidden: boolean;
  /** The 200 most recently changed lines (the variance and the exports carry them all). */
  lines: CountLine[];
}

export interface CountScanResult {
  line: CountLine;
  /** True when the scan made a new line; false when it replaced or added to one. */
  created: boolean;
  progress: CountProgress;
}

export interface CountVarianceLine {
  productId: number;
  name: string;
  sku: string;
  unit: Unit;
  countedQty: number;
  bookQty: number;
  /** counted - book: + surplus, - shortage. */
  qty: number;
  /** At cost (as posted, or as it would post now) and at the retail price. */
  costValue: number;
  retailValue: number;
  /** A full count's item not counted, taken as zero. */
  uncounted: boolean;
}

export interface CountVariance {
  id: number;
  status: CountStatus;
  lines: CountVarianceLine[];
  totals: { surplusQty: number; shortageQty: number; costValue: number; retailValue: number; lines: number; matched: number };
}

export interface CountPostResult extends PostResult {
  itemsCounted: number;
  itemsMatched: number;
  /** Basis points: 9750 = 97.50 %. */
  accuracyBp: number;
}

export interface CountAccuracyPoint {
  id: number;
  closedAt: string;
  businessDate: string;
  itemsCounted: number;
  itemsMatched: number;
  accuracyBp: number;
}

export interface CountAccuracy {
  /** Newest first. */
  counts: CountAccuracyPoint[];
  /** Over all the counts listed: matched of counted, basis points; null with no count. */
  overallBp: number | null;
}

export interface CountExportResult {
  file: string;
  rows: number;
}

export interface CountPage {
  rows: (CountSession & { progress: CountProgress })[];
  nextCursor: number | null;
}
