import type { Unit } from './types';

export type Rounding = 'none' | 'whole' | '90' | '99';

export interface Category {
  id: number;
  name: string;
  parentId: number | null;
  /** Retail over cost in basis points; null: inherits the parent's rule (effectiveMarkupBp), or none. */
  markupBp: number | null;
  rounding: Rounding | null;
  /** The rule that applies, from this category or the nearest ancestor that has one. */
  effectiveMarkupBp: number | null;
  effectiveRounding: Rounding;
  archived: boolean;
  /** Products directly in this category (not in its children). */
  products: number;
}

export interface Supplier {
  id: number;
  name: string;
  taxId: string | null;
  phone: string | null;
  email: string | null;
  contact: string | null;
  address: string | null;
  paymentTermsDays: number;
  /** Days from order to delivery (reorder by sales velocity); null: the reorder's default. */
  leadTimeDays: number | null;
  note: string | null;
  archived: boolean;
  /** Products whose main supplier this is. */
  products: number;
}

export interface SupplierPage {
  rows: Supplier[];
  nextCursor: { key: string | number; id: number } | null;
  count: number | null;
}

/** One row of the catalog list. */
export interface CatalogRow {
  id: number;
  sku: string;
  name: string;
  unit: Unit;
  price: number;
  cost: number;
  /** (price − cost) ÷ price in basis points; null when the price is 0. */
  marginBp: number | null;
  categoryId: number | null;
  categoryName: string | null;
  supplierId: number | null;
  supplierName: string | null;
  barcode: string | null;
  barcodes: number;
  onHand: number;
  minStock: number | null;
  maxStock: number | null;
  active: boolean;
}

export interface CatalogPage {
  rows: CatalogRow[];
  nextCursor: { key: string | number; id: number } | null;
  /** Rows matching the filters, on the first page only. */
  count: number | null;
}

export interface PriceChange {
  productId: number;
  sku: string;
  name: string;
  from: number;
  to: number;
}

export interface PricePreview {
  changes: PriceChange[];
  /** Products selected whose price the change leaves as it is. */
  unchanged: number;
  /** Names exactly these changes: price.bulkApply applies only if the same request still gives them. */
  token: string;
}

export interface PriceApplyResult {
  changed: number;
}
