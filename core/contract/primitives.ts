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

