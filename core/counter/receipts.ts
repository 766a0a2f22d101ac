import type { Db } from '../../db/connection';
import * as docs from '../../db/queries/documents';
import { supplierOfDocument } from '../../db/queries/purchasing';
import type { ReceiptForReturn } from '../contract/counter-types';
import type { Doc } from '../contract/types';
import { receiptNumberFromScan } from '../devices/receipt-data';
import { fail } from '../errors';

/** Latin letters by the key they share with the Russian ЙЦУКЕН layout: a receipt number typed on the wrong layout. */
const RU_KEYS: Record<string, string> = Object.fromEntries(
  [...'ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬ'].map((ru, i) => [ru, 'QWERTYUIOPASDFGHJKLZXCVBNM'[i]!]),
);

const fromRussianLayout = (s: string): string =>
  [...s.trim().toUpperCase()]
    .map((ch) => RU_KEYS[ch] ?? ch)
    .join('')
    .replace(/\s+/g, '');

/** A search over receipt numbers: digits (anywhere in the number) or a number prefix typed on either layout. */
export const receiptSearchTerm = (q: string): string => fromRussianLayout(q);

/** S-000042 from "S-000042", "s000042", "Ы-000042" (a wedge under the Russian layout) or just "42". */
export function normalizeReceiptCode(code: string): string {
  const up = fromRussianLayout(code);
  if (/^\d{1,12}$/.test(up)) return `S-${up.padStart(6, '0')}`;
  return receiptNumberFromScan(code) ?? up;
}

/** A document as doc.get shows it (and the counter finds a receipt). */
export function docOf(db: Db, id: number): Doc {
  const d = docs.documentSummary(db, id) ?? fail('not_found', `document ${id} does not exist`);
  const row = docs.findDocument(db, id)!;
  return {
    ...d!,
    toLocationId: row.toLocationId,
    note: row.note,
    lines: docs.linesWithNames(db, id),
    payments: docs.paymentsOf(db, id),
    supplier: supplierOfDocument(db, id) ?? null,
  };
}

/** The sale with what can still be returned of each line (sold minus returns that are still posted). */
export function receiptForReturn(db: Db, saleId: number): ReceiptForReturn {
  const sale = docOf(db, saleId);
  if (sale.status !== 'posted') fail('invalid_state', `sale ${sale.number} was ${sale.status}: nothing to return`);
  const returned = docs.returnedBySaleLine(db, saleId);
  return {
    sale,
    lines: sale.lines.map((l) => ({
      saleLineId: l.id,
      productId: l.productId,
      name: l.productName,
      sold: l.qty,
      returned: returned.get(l.id) ?? 0,
      price: l.price,
      amount: l.amount,
    })),
  };
}
