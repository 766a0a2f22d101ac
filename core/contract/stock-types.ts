import type { DocType, Page, Unit } from './types';

/** A product's stock at one place; 'transit' is goods sent by a transfer and not yet received (on no shelf). */
export interface LocationStock {
  locationId: number;
  name: string;
  kind: 'store' | 'warehouse' | 'transit';
  qty: number;
  /** Cost value, minor units. */
  value: number;
}

/** A place the shop works at, as its owner manages it. */
export interface LocationAdmin {
  id: number;
  name: string;
  kind: 'store' | 'warehouse';
  active: boolean;
}

export interface TransferLineInTransit {
  lineId: number;
  productId: number;
  productName: string;
  unit: Unit;
  /** Sent, thousandths. */
  qty: number;
  /** Cost of what was sent, minor units. */
  costAmount: number;
}

/** A transfer sent and not yet received: its goods are in transit. */
export interface TransferInTransit {
  id: number;
  number: string;
  fromLocationId: number;
  toLocationId: number;
  postedAt: string;
  businessDate: string;
  authorName: string;
  lines: TransferLineInTransit[];
}

/** A moment a product's stock at a location went below zero, and the document that took it there. */
export interface NegativeStockRow {
  /** The movement's id (the page's keyset). */
  id: number;
  at: string;
  businessDate: string;
  productId: number;
  sku: string;
  name: string;
  unit: Unit;
  locationId: number;
  locationName: string;
  qtyDelta: number;
  /** On hand right after that document. */
  qtyAfter: number;
  /** On hand there now. */
  onHandNow: number;
  documentId: number;
  docType: DocType;
  docNumber: string;
  authorName: string;
}

export type NegativeStockPage = Page<NegativeStockRow>;

/** One product to order: quantities in thousandths, money in minor units. */
export interface ReorderLine {
  productId: number;
  sku: string;
  name: string;
  unit: Unit;
  onHand: number;
  minStock: number;
  maxStock: number | null;
  /** The supplier's pack the quantity is rounded up to; null: whole units (or any weight). */
  packQty: number | null;
  /** Sold less returned over the period's days. */
  soldInPeriod: number;
  /** What to order. */
  qty: number;
  /** The last purchase cost. */
  unitCost: number;
  amount: number;
}

/**
 * What to order from one supplier: shaped as a purchase order's header and lines (supplierId, lines' productId, qty,
 * unitCost), so turning it into one is a single call. supplierId null: products with no main supplier.
 */
export interface ReorderGroup {
  supplierId: number | null;
  supplierName: string | null;
  leadTimeDays: number;
  lines: ReorderLine[];
  total: number;
}

export interface ReorderSuggestion {
  basis: 'max' | 'velocity';
  /** The sales period velocity is taken over. */
  days: number;
  groups: ReorderGroup[];
}
