import type { Unit } from './types';

/**
 * Where an order stands. 'partially_received' and 'received' follow from the posted receipts against it (a
 * cancelled receipt makes its goods due again); the others are what was done to the order.
 */
export type PurchaseOrderStatus = 'draft' | 'sent' | 'partially_received' | 'received' | 'closed' | 'cancelled';

export interface PurchaseOrderLine {
  id: number;
  lineNo: number;
  productId: number;
  sku: string;
  productName: string;
  unit: Unit;
  /** Thousandths ordered. */
  qty: number;
  /** Agreed purchase cost per whole unit, minor units. */
  unitCost: number;
  /** Thousandths brought in by posted, not cancelled, receipts against the order. */
  received: number;
  /** Still to come: ordered less received, never below zero. */
  due: number;
}

export interface PurchaseOrderSummary {
  id: number;
  uuid: string;
  number: string;
  supplierId: number;
  supplierName: string;
  locationId: number;
  /** YYYY-MM-DD; null: not agreed. */
  expectedDate: string | null;
  note: string | null;
  status: PurchaseOrderStatus;
  authorId: number;
  authorName: string;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  closedAt: string | null;
  lineCount: number;
  /** Ordered quantities at the agreed costs, minor units. */
  total: number;
  /** What is still to come at the agreed costs (each line's ordered less received, never below 0), minor units; 0 unless the order is sent. */
  due: number;
}

/** A receipt posted against the order. */
export interface PurchaseOrderReceipt {
  id: number;
  number: string;
  businessDate: string;
  status: 'posted' | 'cancelled';
  invoiceNo: string | null;
  invoiceDate: string | null;
}

export interface PurchaseOrder extends PurchaseOrderSummary {
  lines: PurchaseOrderLine[];
  receipts: PurchaseOrderReceipt[];
}

export interface PurchaseOrderPage {
  rows: PurchaseOrderSummary[];
  /** Pass as cursor for the next page; null on the last one. */
  nextCursor: number | null;
}

/** A retail price the category's markup gives from a receipt's purchase cost. */
export interface MarkupChange {
  productId: number;
  sku: string;
  name: string;
  /** The purchase cost on the receipt, minor units per whole unit. */
  cost: number;
  markupBp: number;
  from: number;
  to: number;
}

export interface MarkupPreview {
  changes: MarkupChange[];
  /** Lines whose price the markup leaves as it is, or whose category has no markup. */
  unchanged: number;
  /** Names exactly these changes: price.markupApply applies only if the receipt still gives them. */
  token: string;
}
