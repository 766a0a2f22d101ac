/**
 * Paying a supplier: a supplier_payment document through the ledger's one engine (header, one payment row, the
 * audit, the period lock), and its supplier named in supplier_documents in the same transaction, as a receipt's is.
 * It moves no stock. Cancelling it (doc.cancel) posts the reversal, whose payment is negative.
 */
import { inTransaction, type Db } from '../../db/connection';
import { insertSupplierDocument } from '../../db/queries/purchasing';
import { getSupplier } from '../../db/queries/suppliers';
import type { ApiParsed } from '../contract/api';
import type { PostResult } from '../contract/types';
import { activeLocation } from '../counter/context';
import { fail } from '../errors';
import { replay, requestHash, writeDocument, type Actor } from '../posting/engine';
import { setting } from '../settings';

/** businessDate: the day allowed for it (backOfficeDate); omitted, today. */
export function paySupplier(db: Db, actor: Actor, input: ApiParsed<'supplier.pay'>, businessDate?: string): PostResult {
  const hash = requestHash(input);
  return inTransaction(db, () => {
    const again = replay(db, input.uuid, hash, () => 0);
    if (again) return again;
    if (!getSupplier(db, input.supplierId)) fail('not_found', `supplier ${input.supplierId} does not exist`);
    const result = writeDocument(db, actor, {
      type: 'supplier_payment',
      uuid: input.uuid,
      requestHash: hash,
      locationId: activeLocation(db, input.locationId ?? setting(db, 'defaultLocationId')),
      note: input.note ?? null,
      lines: [],
      payments: [{ method: input.method, amount: input.amount }],
      change: 0,
      businessDate,
    });
    insertSupplierDocument(db, {
      documentId: result.id,
      supplierId: input.supplierId,
      invoiceNo: null,
      invoiceDate: null,
      purchaseOrderId: null,
    });
    return result;
  });
}
