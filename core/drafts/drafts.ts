/** Drafts: back-office documents being prepared, outside the ledger until posted through its one posting path. */
import { inTransaction, type Db } from '../../db/connection';
import { nowIso } from '../../db/prepared';
import { appendAudit } from '../../db/queries/audit';
import * as docs from '../../db/queries/documents';
import * as q from '../../db/queries/drafts';
import { getProducts } from '../../db/queries/products';
import { actorOf, type CallContext, type Services } from '../api/handler';
import type { ApiParsed } from '../contract/api';
import type { Permission } from '../contract/permissions';
import { docPostInput } from '../contract/schemas';
import type { Draft, DraftType, PostResult } from '../contract/types';
import { activeLocation, transferEnds } from '../counter/context';
import { fail } from '../errors';
import { backOfficeDate } from '../posting/dates';
import { requestHash } from '../posting/engine';
import { postStockDoc } from '../posting/prepare';
import { loadSettings } from '../settings';

const permissionsOf = (ctx: CallContext): ReadonlySet<Permission> => ctx.session?.permissions ?? new Set();

/** The draft, if still open; a posted or discarded one is refused saying what became of it. */
export function openDraft(db: Db, id: number): q.DraftRow {
  const d = q.getDraft(db, id) ?? fail('not_found', `draft ${id} does not exist`);
  if (d!.status === 'posted')
    fail(
      'invalid_state',
      `draft ${id} was already posted as ${docs.findDocument(db, d!.documentId!)?.number ?? `document ${d!.documentId}`}`,
    );
  if (d!.status === 'discarded') fail('invalid_state', `draft ${id} was discarded`);
  return d!;
}

export function draftView(db: Db, id: number): Draft {
  const s = q.draftSummary(db, id) ?? fail('not_found', `draft ${id} does not exist`);
  return { ...s!, lines: q.linesOfDraft(db, id) };
}

/** Header rules checked as it is saved, so the screen hears of a problem then and not only at posting. */
export function checkHeader(db: Db, ctx: CallContext, type: DraftType, h: q.DraftHeader): void {
  activeLocation(db, h.locationId);
  if (type !== 'transfer' && h.toLocationId != null) fail('validation', `only a transfer has a destination, not a ${type}`);
  if (h.toLocationId != null) transferEnds(db, h.locationId, h.toLocationId);
  if (h.businessDate != null) backOfficeDate(db, permissionsOf(ctx), h.businessDate);
}

/** Lines as they will be saved (all of the draft's, for a count: each product once). */
export function checkLines(db: Db, type: DraftType, lines: q.DraftLineInput[]): void {
  const found = getProducts(db, [...new Set(lines.map((l) => l.productId))]);
  const seen = new Set<number>();
  for (const l of lines) {
    if (!found.has(l.productId)) fail('unknown_product', `product ${l.productId} does not exist`);
    if (type !== 'receipt' && l.unitCost !== null) fail('validation', `only receipt lines carry a unit cost, not ${type} lines`);
    if (type === 'count' && seen.has(l.productId))
      fail('duplicate', `${found.get(l.productId)!.name} is already on this count: change its line`);
    seen.add(l.productId);
  }
}

/** A new draft (the same uuid again is the draft already made), checked as every later edit is. */
export function createDraft(db: Db, ctx: CallContext, input: ApiParsed<'draft.create'>): Draft {
  const userId = actorOf(ctx).userId;
  return inTransaction(db, () => {
    // The same uuid again (a double click, a retried request) is the draft already made.
    const same = q.draftByUuid(db, input.uuid);
    if (same)
      return same.type === input.type
        ? draftView(db, same.id)
        : fail('idempotency_conflict', `draft ${input.uuid} was already created as a ${same.type}`);
    if (docs.findDocumentByUuid(db, input.uuid))
      fail('duplicate', `document ${input.uuid} already exists; a draft needs a uuid of its own`);
    const header = {
      locationId: input.locationId ?? loadSettings(db).defaultLocationId,
      toLocationId: input.toLocationId,
      businessDate: input.businessDate,
      note: input.note,
      extra: input.extra,
    };
    checkHeader(db, ctx, input.type, header);
    checkLines(db, input.type, input.lines);
    const at = nowIso();
    const id = q.insertDraft(db, { uuid: input.uuid, type: input.type, ...header, authorId: userId, createdAt: at, updatedAt: at });
    q.appendDraftLines(db, id, input.lines);
    appendAudit(db, {
      userId,
      action: 'draft.create',
      entity: 'draft',
      entityId: id,
      data: { uuid: input.uuid, type: input.type, locationId: header.locationId, lines: input.lines.length },
    });
    return draftView(db, id);
  });
}

type StockDocInput = Exclude<ApiParsed<'doc.post'>, { type: 'return' }>;

/** A receipt draft's supplier, invoice and order live in its extra fields, under the names doc.post gives them. */
const RECEIPT_EXTRA = ['supplierId', 'invoiceNo', 'invoiceDate', 'orderId', 'allowOverReceipt'] as const;
const receiptExtra = (d: q.DraftRow) =>
  d.type === 'receipt' ? Object.fromEntries(RECEIPT_EXTRA.filter((k) => d.extra[k] != null).map((k) => [k, d.extra[k]])) : {};

/** The doc.post request a draft amounts to, checked as doc.post checks its input (with plainer words first). */
function docInputOf(d: q.DraftRow, lines: ReturnType<typeof q.linesOfDraft>): StockDocInput {
  if (lines.length === 0) fail('validation', `draft ${d.id} has no lines`);
  for (const l of lines) {
    if (d.type !== 'count' && l.qty === 0) fail('validation', `line ${l.lineNo} (${l.productName}) has no quantity`);
    if (d.type === 'receipt' && l.unitCost === null) fail('validation', `line ${l.lineNo} (${l.productName}) has no unit cost`);
  }
  if (d.type === 'transfer' && d.toLocationId == null) fail('validation', 'a transfer needs a destination');
  const parsed = docPostInput.safeParse({
    type: d.type,
    uuid: d.uuid,
    locationId: d.locationId,
    ...(d.type === 'transfer' ? { toLocationId: d.toLocationId } : {}),
    // A write-off draft keeps its reason among the header's extra fields.
    ...(d.type === 'writeoff' && d.extra.reason != null ? { reason: d.extra.reason } : {}),
    lines: lines.map((l) => ({ productId: l.productId, qty: l.qty, ...(d.type === 'receipt' ? { unitCost: l.unitCost } : {}) })),
    ...(d.note != null ? { note: d.note } : {}),
    ...(d.businessDate != null ? { businessDate: d.businessDate } : {}),
    ...receiptExtra(d),
  });
  if (!parsed.success)
    fail(
      'validation',
      parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; '),
    );
  return parsed.data as StockDocInput;
}

/**
 * Posts an open draft as its document in one transaction, through the same path as doc.post (prepareStockDoc,
 * writeDocument), under the draft's uuid; the draft is then marked posted. Posting it again is refused.
 */
export function postDraft(svc: Services, ctx: CallContext, id: number): PostResult {
  const { db } = svc;
  const userId = actorOf(ctx).userId;
  return inTransaction(db, () => {
    const d = openDraft(db, id);
    const input = docInputOf(d, q.linesOfDraft(db, d.id));
    const businessDate = backOfficeDate(db, permissionsOf(ctx), d.businessDate);
    if (docs.findDocumentByUuid(db, d.uuid)) fail('idempotency_conflict', `a document with this draft's uuid (${d.uuid}) already exists`);
    const result = postStockDoc(db, { userId }, input, requestHash(input), businessDate);
    q.closeDraft(db, d.id, 'posted', result.id, nowIso());
    appendAudit(db, {
      userId,
      action: 'draft.post',
      entity: 'draft',
      entityId: d.id,
      data: { uuid: d.uuid, type: d.type, documentId: result.id, number: result.number, businessDate },
    });
    return result;
  });
}
