/** Every failure the API can return. Exhaustive switches over this union keep UI messages complete. */
export const ERROR_CODES = [
  'validation',
  /** A request body or socket frame over the transport's limit (1 MB). */
  'too_large',
  'unknown_method',
  'unauthenticated',
  'forbidden',
  'csrf',
  'rate_limited',
  'bad_credentials',
  'not_found',
  'unknown_product',
  'product_inactive',
  'unknown_location',
  'unknown_barcode',
  'invalid_barcode',
  'payment_mismatch',
  'return_exceeds_sold',
  /** A receipt bringing more than is still due on its purchase order's line (unless over-receipt is allowed). */
  'over_receipt',
  'idempotency_conflict',
  'invalid_state',
  'has_dependents',
  /** The business date falls in a period the bookkeeper has locked. */
  'period_locked',
  /** Under the 'block' negative stock policy: a sale, write-off or transfer would take on-hand below zero. */
  'insufficient_stock',
  /** A counter sale would take stock reserved for the web store's orders (on hand less reserved below zero). */
  'reserved_stock',
  /** A web-store order handed over already (fulfilled or collected): a second hand-over changes nothing. */
  'already_fulfilled',
  /** Picking a web-store order: the scanned product is not on the order. */
  'not_in_order',
  /** Picking a web-store order: the scan would put more of the product in the basket than was ordered. */
  'over_pick',
  /** A transfer from a location to itself. */
  'same_location',
  'duplicate',
  /** Price list files: not a spreadsheet or CSV (a PDF, an image, a damaged workbook…). */
  'file_not_spreadsheet',
  /** Price list files: no bytes, or no row with anything in it. */
  'file_empty',
  /** Price list files: a password-protected workbook (an encrypted .xlsx is an OLE container). */
  'file_encrypted',
  /** Price list files: an Excel 97-2003 .xls; saving it as .xlsx or CSV makes it readable. */
  'file_old_excel',
  /** Price list files: no row in the first rows of the sheet looks like a header. */
  'file_no_header',
  /** Price list files: the header has no column for a barcode or the supplier's article. */
  'file_no_key_column',
  'db_damaged',
  /** A long job (an export) stopped on the user's request before it finished; nothing was written. */
  'cancelled',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** rate_limited only: milliseconds until a try is allowed again (the screens count it down in their language). */
  retryAfterMs?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export type Failure = { ok: false; error: ApiError };

/** A failed Result, as the transports answer a call they refuse before it reaches the core. */
export const failure = (code: ErrorCode, message: string): Failure => ({ ok: false, error: { code, message } });
