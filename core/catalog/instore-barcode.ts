/**
 * In-store EAN-13 codes for goods without a maker's barcode: restricted-circulation prefix (20-29, valid only inside
 * the shop) + a 10-digit number from the `instore.<prefix>` sequence + the GS1 check digit.
 *
 * Never reused: the sequence only grows and lives in the shop's database, so a number handed out once (even if the
 * caller never saved it on a product) is not handed out again, and a code some product already carries, as a
 * barcode or a SKU (imported, typed in), is stepped over. Synchronous: run it inside the transaction that stores
 * the code, so a rolled-back save gives its number back with it.
 */
import type { Db } from '../../db/connection';
import { codeInUse, takeSequenceNumber } from '../../db/queries/instore-barcodes';
import { withCheckDigit } from '../barcode';
import type { WeighedRule } from '../devices/barcodes';
import { AppError } from '../errors';
import { loadSettings } from '../settings';

export const DEFAULT_INSTORE_PREFIX = '20';
const NUMBER_DIGITS = 10;
const LAST_NUMBER = 10 ** NUMBER_DIGITS - 1;

/**
 * The next unused in-store code under `prefix`. `rules` are the shop's scale-label rules (settings by default): a
 * prefix any of them claims, whole ('2', '20') or in part ('201'), is refused, since the till would read such a
 * code as a weight or a price and never find the product by it.
 */
export function nextInStoreBarcode(db: Db, prefix: string = DEFAULT_INSTORE_PREFIX, rules?: readonly WeighedRule[]): string {
  if (!/^2\d$/.test(prefix)) throw new AppError('validation', `an in-store code prefix is 20 to 29, not ${JSON.stringify(prefix)}`);
  const weighed = rules ?? loadSettings(db).counter.barcodeRules;
  const claimedBy = weighed.find((r) => prefix.startsWith(r.prefix) || r.prefix.startsWith(prefix));
  if (claimedBy)
    throw new AppError('validation', `prefix ${prefix} is for scale labels (rule ${claimedBy.prefix}): choose another for in-store codes`);
  for (;;) {
    const n = takeSequenceNumber(db, `instore.${prefix}`);
    if (n > LAST_NUMBER) throw new AppError('invalid_state', `every in-store code with prefix ${prefix} has been given out`);
    const code = withCheckDigit(prefix + String(n).padStart(NUMBER_DIGITS, '0'));
    if (!codeInUse(db, code)) return code;
  }
}
