import { inTransaction } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import * as docs from '../../db/queries/documents';
import { enqueue } from '../../db/queries/outbox';
import { actorOf, type DomainHandlers, type Services } from '../api/handler';
import { requirePermission } from '../auth/approval';
import type { PrinterStatus } from '../contract/counter-types';
import { printerOutbox } from '../devices/print-outbox';
import { DRAWER_TOPIC, RECEIPT_TOPIC, receiptLayout, type DrawerKickPayload, type ReceiptPrintPayload } from '../devices/receipt-data';
import { receiptToText } from '../devices/receipt';
import { fail } from '../errors';
import { loadSettings } from '../settings';
import type { devicesApi } from '../contract/methods/devices';

/** A sale or return: the documents that have receipts. */
function receiptDoc(svc: Services, docId: number) {
  const d = docs.findDocument(svc.db, docId) ?? fail('not_found', `document ${docId} does not exist`);
  if (d!.type !== 'sale' && d!.type !== 'return')
    fail('invalid_state', `${d!.number} is a ${d!.type}: only sales and returns have receipts`);
  return d!;
}

/** Without a running device service (CLI, some tests) nothing prints: say so rather than guess. */
function statusWithoutService(svc: Services): PrinterStatus {
  const configured = loadSettings(svc.db).counter.printer.transport !== 'none';
  return { state: configured ? 'offline' : 'not_configured', queued: printerOutbox(svc.db).depth(), checkedAt: null };
}

export const deviceHandlers: DomainHandlers<typeof devicesApi> = {
  // The layout the printer gets, as text: what the cashier sees is what prints (the original, not a copy).
  'receipt.preview': (svc, _ctx, input) => {
    receiptDoc(svc, input.docId);
    const s = loadSettings(svc.db);
    return { width: s.counter.printer.width, text: receiptToText(receiptLayout(svc.db, s, { docId: input.docId })) };
  },
  'receipt.reprint': (svc, ctx, input) => {
    const d = receiptDoc(svc, input.docId);
    inTransaction(svc.db, () => {
      // Marked as a copy on paper, never opens the drawer; the change comes from the original's job.
      const payload: ReceiptPrintPayload = { docId: d.id, copy: true };
      enqueue(svc.db, RECEIPT_TOPIC, payload);
      appendAudit(svc.db, {
        userId: actorOf(ctx).userId,
        action: 'receipt.reprint',
        entity: 'document',
        entityId: d.id,
        data: { number: d.number },
      });
    });
    svc.devices?.outboxChanged();
    return { queued: true as const };
  },
  'printer.status': (svc) => svc.devices?.printerStatus() ?? statusWithoutService(svc),
  'scanner.status': (svc) => svc.devices?.scannerStatus() ?? { configured: false, connected: false, path: null },
  // A no-sale opening: allowed with drawer.open, else with a manager's PIN; counted by loss control either way.
  'drawer.open': (svc, ctx, input) => {
    const approvedBy = requirePermission(svc, ctx, 'drawer.open', 'drawer.open', input.approval, { reason: input.reason });
    const userId = actorOf(ctx).userId;
    inTransaction(svc.db, () => {
      appendAudit(svc.db, {
        userId,
        action: 'drawer.open',
        entity: 'drawer',
        data: { reason: input.reason, approvedBy: approvedBy ?? undefined },
      });
      const payload: DrawerKickPayload = { reason: input.reason, userId };
      enqueue(svc.db, DRAWER_TOPIC, payload);
    });
    svc.devices?.outboxChanged();
    return null;
  },
};
