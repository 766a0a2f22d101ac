import type { BuiltinRole, Permission } from './permissions';

export type Unit = 'pcs' | 'kg' | 'l' | 'm';
export type DocType =
  'sale' | 'return' | 'receipt' | 'writeoff' | 'transfer' | 'transfer_in' | 'count' | 'supplier_return' | 'supplier_payment' | 'expense';
export type WriteoffReason = 'damaged' | 'expired' | 'theft' | 'own_use' | 'other';
/** 'allow': stock may go below zero (the counter warns); 'block': a sale, write-off or transfer beyond on-hand is refused. */
export type NegativeStockPolicy = 'allow' | 'block';
export type DocStatus = 'draft' | 'posted' | 'cancelled';
/** `online`: prepaid in the web store (a storefront order handed over); never tendered at the till. */
export type PaymentMethod = 'cash' | 'card' | 'online';

export interface UserSummary {
  id: number;
  name: string;
  role: BuiltinRole | string;
  /** How this user signs in: a PIN at the counter, or a password (back-office users without a PIN). */
  signIn: 'pin' | 'password';
}

export interface Me extends UserSummary {
  permissions: Permission[];
}

export interface UserAdmin extends UserSummary {
  active: boolean;
  hasPin: boolean;
  hasPassword: boolean;
  /** Wrong PINs or passwords in a row from the source with the most (0: none worth showing). */
  failedSignIns: number;
  /** The latest time some source must wait for before trying this user again, if still ahead. */
  throttledUntil: string | null;
}

export interface Role {
  id: string;
  name: string;
  permissions: Permission[];
  builtin: boolean;
}

export interface LoginResult {
  user: Me;
  /** Present only inside the core: each transport strips it (cookie for HTTP, per-window for IPC). */
  token?: string;
  /** Sent back on every state-changing HTTP request in a header. Not a secret from the page. */
  csrf: string;
}

export interface TaxRate {
  name: string;
  rateBp: number;
}

export interface Settings {
  shopName: string;
  shopAddress: string;
  currency: string;
  locale: 'en' | 'ru';
  /** IANA name; business dates are days in this zone. */
  timeZone: string;
  taxRates: TaxRate[];
  defaultLocationId: number;
  counter: CounterSettings;
  /** Names the browser-mode server also answers to on the LAN (its own host names and addresses always work). */
  lanHostNames: string[];
  negativeStock: NegativeStockPolicy;
}

export interface BarcodeRule {
  prefix: string;
  itemDigits: number;
  valueDigits: number;
  kind: 'weight_g' | 'price_minor';
}

export interface CounterSettings {
  barcodeRules: BarcodeRule[];
  scanner: { path: string; baudRate: number; suffix: 'CR' | 'LF' | 'CRLF' } | null;
  printer: {
    transport: 'none' | 'tcp' | 'serial' | 'file';
    host?: string;
    port?: number;
    path?: string;
    baudRate?: number;
    width: 58 | 80;
    codePage: 'cp866' | 'wpc1251';
    drawer: boolean;
  };
  cashRoundingStep: number;
  maxDiscountBp: Record<string, number>;
  loyaltyTiers: { minTotal: number; percentBp: number }[];
  autoLockMinutes: number;
}

export interface SystemInfo {
  version: string;
  shopName: string;
  locale: 'en' | 'ru';
  currency: string;
  /** 'lan' requires a login for every call and the CSRF header. */
  mode: 'desktop' | 'local' | 'lan';
  demo: boolean;
  /** No users yet: the first screen offers the demo shop or setting up a real one. */
  needsSetup: boolean;
  /** Set when the database failed its check at start: the app shows the recovery screen, never an empty shop. */
  recovery: { problem: string; backups: BackupInfo[] } | null;
}

export interface BackupInfo {
  name: string;
  at: string;
  reason: 'daily' | 'shift' | 'manual' | 'migration' | 'before-restore' | 'unknown';
  bytes: number;
}

export interface Product {
  id: number;
  sku: string;
  name: string;
  unit: Unit;
  price: number;
  cost: number;
  taxRateBp: number;
  categoryId: number | null;
  active: boolean;
  /** Scale code of a weighed product: the item digits of its in-store (20–29) labels. */
  plu: number | null;
  barcodes: string[];
  /** Sum over all locations, thousandths. */
  onHand: number;
  minStock: number | null;
  maxStock: number | null;
  /** The main supplier's pack, thousandths: reorders come in whole packs. */
  packQty: number | null;
  supplierId: number | null;
}

/** A product as its editor shows it: with the suppliers' articles for it. */
export interface ProductDetail extends Product {
  articles: { supplierId: number; article: string }[];
}

export interface ScanResult {
  product: Product;
  /** Thousandths: 1000 for a plain code, the embedded weight for a weighed-goods code. */
  qty: number;
}

export interface DocLine {
  id: number;
  lineNo: number;
  productId: number;
  productName: string;
  qty: number;
  price: number;
  amount: number;
  taxRateBp: number;
  taxAmount: number;
  costAmount: number;
  baseLineId: number | null;
  unit: Unit;
  /** The catalog price when the line was sold; differs from price after an override. */
  catalogPrice: number | null;
  /** Line discount in minor units (its share of a receipt discount included). */
  discount: number;
  /** A GS1 marking code scanned for this line, separators kept. */
  marking: string | null;
  /** A write-off line's reason. */
  reason: WriteoffReason | null;
}

export interface DocSummary {
  id: number;
  uuid: string;
  type: DocType;
  number: string;
  status: DocStatus;
  locationId: number;
  total: number;
  taxTotal: number;
  authorId: number;
  authorName: string;
  /** The day the document belongs to (YYYY-MM-DD, shop's time zone); postedAt is the instant it was posted. */
  businessDate: string;
  postedAt: string | null;
  reversalOf: number | null;
  baseDocumentId: number | null;
  shiftId: number | null;
  customerId: number | null;
  /** Cash rounding applied to the total (minor units, negative when rounded down). */
  rounding: number;
}

export interface Doc extends DocSummary {
  toLocationId: number | null;
  note: string | null;
  lines: DocLine[];
  /** bank: a supplier payment from the bank account; the counter's documents are paid in cash or by card. */
  payments: { method: PaymentMethod | 'bank'; amount: number }[];
  /** A receipt's or a return to the supplier's: the supplier, their invoice and the order delivered against. */
  supplier: DocSupplier | null;
}

export interface DocSupplier {
  supplierId: number;
  supplierName: string;
  invoiceNo: string | null;
  /** YYYY-MM-DD as the invoice prints it. */
  invoiceDate: string | null;
  purchaseOrderId: number | null;
}

export interface PostResult {
  id: number;
  number: string;
  total: number;
  /** Cash handed back to the customer, minor units. */
  change: number;
  /** True when this uuid had already been posted and this is the stored result. */
  replayed: boolean;
}

/** Where a list's next page starts: the last row's sort key and id. */
export interface PageCursor {
  key: string | number;
  id: number;
}

/** One page of a long list; nextCursor is null on the last page. */
export interface Page<Row> {
  rows: Row[];
  nextCursor: PageCursor | null;
  /** Rows matching the filters; counted on the first page (no cursor, no offset) or when asked (withCount), else null. */
  count: number | null;
}

export type SalePage = Page<DocSummary>;

/** A product's stock, summed over locations or at the one location asked for. */
export interface StockRow {
  productId: number;
  sku: string;
  name: string;
  unit: Unit;
  price: number;
  active: boolean;
  /** The product's first barcode, if any. */
  barcode: string | null;
  /** Thousandths. */
  qty: number;
  /** Cost value, minor units. */
  value: number;
}

export type StockPage = Page<StockRow>;

/** One movement of a product's history, with the document that made it. */
export interface Movement {
  id: number;
  documentId: number;
  docType: DocType;
  docNumber: string;
  locationId: number;
  locationName: string;
  qtyDelta: number;
  valueDelta: number;
  /** On hand after it: at the location asked for, or summed over every location (goods in transit included). */
  balanceAfter: number;
  at: string;
  businessDate: string;
  /** Who posted the document. */
  authorName: string;
  /** A write-off's reason. */
  reason: WriteoffReason | null;
}

export type MovementPage = Page<Movement>;

export interface Location {
  id: number;
  name: string;
  kind: 'store' | 'warehouse';
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  /** The first entry whose hash or link does not match, with why. */
  firstBad: { id: number; reason: string } | null;
}

/** Pushed to `api.on` listeners. */
export type ApiEvent =
  | { type: 'doc.posted'; id: number; docType: DocType; number: string }
  | { type: 'doc.cancelled'; id: number }
  /** productId null: many products, categories or suppliers changed at once. */
  | { type: 'catalog.changed'; productId: number | null }
  | { type: 'session.ended'; reason: 'logout' | 'expired' | 'locked' }
  /** A serial scanner read a code (keyboard-wedge scans are caught in the renderer). */
  | { type: 'scanner.scan'; code: string }
  | { type: 'scanner.status'; connected: boolean; path: string | null }
  | { type: 'printer.status'; state: import('./counter-types').PrinterState; queued: number }
  /**
   * updatedAt: the cart's version after the change, so the screen that made it can tell its own change. userId: the
   * cashier the cart belongs to (after the change), the only user it is sent to.
   */
  | { type: 'cart.changed'; cartId: number; userId: number; updatedAt?: string }
  | { type: 'shift.changed'; shiftId: number }
  /** A count changed (a scan from any device, posted, cancelled): the count screens re-read it. */
  | { type: 'count.changed'; countId: number; productId: number | null }

  /** A price list being applied: rows written so far, for the progress bar of the user who applies it (userId). */
  | { type: 'pricelist.progress'; userId: number; token: string; done: number; total: number };

export type DraftType = 'receipt' | 'writeoff' | 'transfer' | 'count';
export type DraftStatus = 'open' | 'posted' | 'discarded';
export type DraftExtra = Record<string, string | number | boolean | null>;

export interface DraftLine {
  id: number;
  lineNo: number;
  productId: number;
  productName: string;
  unit: Unit;
  /** Thousandths; for a count, the counted quantity. */
  qty: number;
  /** Receipts: purchase cost per whole unit, minor units; null until keyed in. */
  unitCost: number | null;
}

export interface DraftSummary {
  id: number;
  uuid: string;
  type: DraftType;
  status: DraftStatus;
  locationId: number;
  toLocationId: number | null;
  /** Null: it will be dated the day it is posted. */
  businessDate: string | null;
  note: string | null;
  extra: DraftExtra;
  authorId: number;
  authorName: string;
  createdAt: string;
  updatedAt: string;
  /** The posted document (its uuid is the draft's). */
  documentId: number | null;
  lineCount: number;
}

export interface Draft extends DraftSummary {
  lines: DraftLine[];
}

export interface DraftPage {
  items: DraftSummary[];
  /** Pass as cursor for the next page; null on the last one. */
  nextCursor: number | null;
}
