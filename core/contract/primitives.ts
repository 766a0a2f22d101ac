import { z } from 'zod';

/**
 * Limits that keep every stored figure a safe integer (Number.MAX_SAFE_INTEGER = 2^53 - 1 ≈ 9.007e15), with room:
 * - a unit price or cost up to 1e11 minor units (a billion roubles or dollars for one piece or kg);
 * - a quantity up to 1e9 thousandths (a million pieces or kg on one line);
 * - a line amount (price × qty / 1000, its tax, discount and cost) up to 1e13: the two limits above would allow
 *   1e17, so the line itself is checked when it is posted (the multiplication is exact, through BigInt);
 * - a document total, and each payment, up to 1e14: even ten payments at the limit add up to 1e15, and a Z report
 *   over ninety such documents is still exact;
 * - on hand per product and location: 1e12 thousandths (a billion units) and a value of 1e15.
 * A sum of unchecked lines may pass 2^53 and lose precision, but then it is far above the limit it is compared with,
 * so the refusal is still right.
 */
export const LIMITS = {
  unitPrice: 1e11,
  qty: 1e9,
  lineAmount: 1e13,
  docTotal: 1e14,
  onHandQty: 1e12,
  onHandValue: 1e15,
} as const;

/** Ids are SQLite rowids. */
export const id = z.number().int().positive();
/** An amount of money in minor units (kopecks, cents): a payment, a float, a discount. */
export const money = z.number().int().min(0).max(LIMITS.docTotal, `an amount is at most ${LIMITS.docTotal} minor units`);
/** A price or cost of one unit (a piece, a kg), in minor units. */
export const unitPrice = z.number().int().min(0).max(LIMITS.unitPrice, `a unit price or cost is at most ${LIMITS.unitPrice} minor units`);
/** Quantity in thousandths of the product's unit; 1 pcs = 1000, 0.523 kg = 523. */
export const qty = z.number().int().positive().max(LIMITS.qty, `a quantity is at most ${LIMITS.qty} thousandths`);
export const uuid = z.string().uuid();

export const empty = z.object({}).strict();

export const paymentInput = z.object({ method: z.enum(['cash', 'card']), amount: money }).strict();

/** A user's PIN: the same rule wherever one is set or typed (the setup and user forms validate with it too). */
export const pin = z.string().regex(/^\d{4,8}$/, 'PIN is 4 to 8 digits');

/** A manager's PIN given at the counter to allow one action the cashier may not do alone. */
export const approvalInput = z.object({ userId: id, pin }).strict();

const isCalendarDate = (s: string): boolean => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** A business date: the calendar day (in the shop's time zone) a document belongs to. */
export const businessDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine(isCalendarDate, 'not a calendar date');

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** An IANA time zone name this runtime knows (Europe/Moscow, Asia/Yekaterinburg, UTC), stored as Intl spells it. */
export const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'an IANA time zone name such as Europe/Moscow')
  .transform((tz) => new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone);

/**
 * Keyset paging for long lists: a page ends with the last row's sort key and id, and the next page starts after them
 * (page 5000 costs what page 1 costs). Pass back nextCursor as it came, with the same sort and filters.
 */
export const cursor = z.object({ key: z.union([z.string().max(300), z.number()]), id }).strict();
export const sortDir = z.enum(['asc', 'desc']);
export const pageLimit = z.number().int().min(1).max(500).default(100);

/**
 * Where a page of a long list starts: after a cursor (the next page, walked along the index), or at an offset (a
 * jump: the scroll bar dragged, the End key; the walk skips that many rows, so a list reaches its far end by flipping
 * the sort and counting from there). Not both. `withCount` asks for the count, which otherwise comes with the first
 * page only (neither cursor nor offset).
 */
export const pageStart = {
  cursor: cursor.optional(),
  offset: z.number().int().min(0).max(100_000_000).optional(),
  withCount: z.boolean().optional(),
  limit: pageLimit,
};
export const oneStart = (v: { cursor?: unknown; offset?: unknown }) => v.cursor === undefined || v.offset === undefined;
export const oneStartIssue = { message: 'a page starts after a cursor or at an offset, not both', path: ['offset'] };
