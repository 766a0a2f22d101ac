/**
 * Which of the shop's customers placed a web-store order: the one whose phone is the order's, never a guess from a
 * name. Customers are kept by phone only (digits with a leading +, unique), so an e-mail alone matches nobody; a phone
 * written with spaces, dashes or brackets in the store is the same number.
 */
import type { Db } from '../../db/connection';
import { customerByPhone } from '../../db/queries/counter/customers';

/** The phone as customers are kept: digits, with a leading + when it had one; null when it is not a phone at all. */
export function normalPhone(phone: string | null): string | null {
  if (!phone) return null;
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 6 || digits.length > 15) return null;
  return (trimmed.startsWith('+') ? '+' : '') + digits;
}

export function customerOfOrder(db: Db, phone: string | null): number | null {
  const p = normalPhone(phone);
  return p ? (customerByPhone(db, p)?.id ?? null) : null;
}
