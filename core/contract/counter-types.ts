import type { DocSummary, Doc, PaymentMethod, Product } from './types';

export interface Shift {
  id: number;
  number: number;
  locationId: number;
  openedBy: number;
  openedByName: string;
  openedAt: string;
  float: number;
  closedAt: string | null;
  closedBy: number | null;
  countedCash: number | null;
}

export interface TaxLine {
  rateBp: number;
  /** Gross amount at this rate (tax included) and the tax in it. */
  amount: number;
  tax: number;
}

/** X report (any time) or Z report (at close): totals of the shift's documents and cash. */
export interface ShiftReport {
  kind: 'X' | 'Z';
  shift: Shift;
  sales: { count: number; total: number };
  returns: { count: number; total: number };
  byMethod: Record<PaymentMethod, { sales: number; refunds: number }>;
  taxes: TaxLine[];
  discounts: number;
  cashIn: number;
  cashOut: number;
  /** float + cash sales - cash refunds + cash in - cash out. */
  expectedCash: number;
  countedCash: number | null;
  /** counted - expected (negative: short). */
  difference: number | null;
  at: string;
}

export interface CartLine {
  id: number;
  productId: number;
  name: string;
  unit: Product['unit'];
  qty: number;
  catalogPrice: number;
  price: number;
  /** Line discount in minor units (from a percent or an amount). */
  discount: number;
  amount: number;
  taxRateBp: number;
}

/** A product the cart holds more of than its location has on hand: the sale would take it below zero. */
export interface StockShortage {
  productId: number;
  name: string;
  unit: Product['unit'];
  onHand: number;
  /** The product's quantity over all the cart's lines. */
  inCart: number;
}

export interface Cart {
  id: number;
  status: 'open' | 'parked';
  note: string | null;
  lines: CartLine[];
  subtotal: number;
  /** Receipt discount plus the loyalty discount, minor units. */
  receiptDiscount: number;
  loyaltyBp: number;
  customer: Customer | null;
  total: number;
  /** The total if paid entirely in cash, after the shop's cash rounding. */
  cashTotal: number;
  taxes: TaxLine[];
  updatedAt: string;
  /**
   * Products the sale would take below zero. Under the 'allow' policy the till warns and sells; under 'block' paying
   * is refused (insufficient_stock), so the till warns before that.
   */
  shortages: StockShortage[];
}

export interface CartSummary {
  id: number;
  note: string | null;
  lines: number;
  total: number;
  updatedAt: string;
  userName: string;
}

export interface Customer {
  id: number;
  phone: string;
  name: string;
  totalPurchases: number;
  loyaltyBp: number;
}

export interface ReturnableLine {
  saleLineId: number;
  productId: number;
  name: string;
  sold: number;
  returned: number;
  price: number;
  amount: number;
}

export interface ReceiptForReturn {
  sale: Doc;
  lines: ReturnableLine[];
}

export type PrinterState = 'not_configured' | 'ok' | 'offline' | 'cover_open' | 'paper_out' | 'paper_near_end' | 'error';

export interface PrinterStatus {
  state: PrinterState;
  /** Receipts waiting to print (they print when the printer is back). */
  queued: number;
  checkedAt: string | null;
}

export interface ScannerStatus {
  /** A serial scanner is set in the counter settings. */
  configured: boolean;
  connected: boolean;
  path: string | null;
}

export interface ReceiptPreview {
  width: 58 | 80;
  text: string;
}

export interface LossRow {
  userId: number;
  userName: string;
  voidedLines: number;
  voidedAmount: number;
  drawerOpenings: number;
  discounts: number;
  discountAmount: number;
  priceOverrides: number;
  returnsWithoutReceipt: number;
  returnsWithoutReceiptAmount: number;
  deniedAttempts: number;
}

export interface LossReport {
  from: string | null;
  to: string | null;
  byUser: LossRow[];
  countShortages: { docId: number; number: string; productId: number; name: string; qty: number; value: number }[];
}

export type { DocSummary };
