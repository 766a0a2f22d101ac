import { z } from 'zod';

/** Ids are SQLite rowids. */
export const id = z.number().int().positive();
/** Money in minor units (kopecks, cents). */
export const money = z.number().int().min(0).max(1e12);
/** Quantity in thousandths of the product's unit; 1 pcs = 1000, 0.523 kg = 523. */
export const qty = z.number().int().positive().max(1e9);
export const uuid = z.string().uuid();

export const empty = z.object({}).strict();

export const paymentInput = z.object({ method: z.enum(['cash', 'card']), amount: money }).strict();

/** A manager's PIN given at the counter to allow one action the cashier may not do alone. */
export const approvalInput = z.object({ userId: id, pin: z.string().regex(/^\d{4,8}$/) }).strict();


const isCalendarDate = (s: string): boolean => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** A business date: the calendar day (in the shop's time zone) a document belongs to. */
export const businessDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').refine(isCalendarDate, 'not a calendar date');

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
