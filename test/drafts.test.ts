/**
 * Drafts: receipts, write-offs, transfers and counts being prepared outside the ledger, then posted into it in one
 * transaction through doc.post's path. Editing moves no stock; posting twice is refused; only create, post and
 * discard are audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import type { Doc, Draft } from '../core/contract/types';
import { insertLocation } from '../db/queries/people';
import { ledgerViolations } from '../db/queries/stock';
import { dumpTables } from './db-dump';
import { as, loose, openShift, testCore, unwrap, uuid } from './helpers';

const dayIn = (timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const yesterday = (zone: string) => new Date(Date.parse(`${dayIn(zone)}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

let core: ReturnType<typeof testCore>;
let owner: Caller;
let clerk: Caller;
let back: number;
let zone: string;
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

beforeAll(async () => {
  core = testCore();
  cleanups.push(core.cleanup);
  back = insertLocation(core.db, 'Back room', 'warehouse');
  openShift(core);
  owner = await as(core, 'owner');
  zone = unwrap(await owner('settings.get', {})).timeZone;
  unwrap(
    await owner('roles.upsert', {
      id: 'clerk',
      name: 'Stock clerk',
      permissions: ['catalog.view', 'stock.view', 'stock.receive', 'stock.writeoff', 'stock.transfer', 'stock.count'],
    }),
  );
  const u = unwrap(await owner('users.upsert', { name: 'Clerk', roleId: 'clerk', pin: '7777' }));
  clerk = core.caller({
    session: core.sessions.get(
      (unwrap(await core.call({ session: null }, 'auth.login', { userId: u.id, pin: '7777' })) as { token: string }).token,
    ),
  });
});

const LEDGER = ['documents', 'document_lines', 'stock_movements', 'on_hand', 'payments', 'sequences', 'outbox'];
const ledger = () => Object.fromEntries(Object.entries(dumpTables(core.db)).filter(([t]) => LEDGER.includes(t)));
const onHand = (productId: number, locationId = 1) =>
  (core.db.raw.prepare('SELECT qty, value FROM on_hand WHERE product_id = ? AND location_id = ?').get(productId, locationId) ?? {
    qty: 0,
    value: 0,
  }) as { qty: number; value: number };
const draftAudit = (id: number) =>
  core.db.raw
    .prepare(`SELECT action, user_id AS userId FROM audit_log WHERE entity = 'draft' AND entity_id = ? ORDER BY id`)
    .all(String(id)) as { action: string; userId: number }[];

/** The call's error code; a refused call must leave every table but the audit log as it was. */
async function refused(call: Caller, method: string, input: unknown): Promise<string> {
  const before = dumpTables(core.db, ['audit_log']);
  const r = await loose(call)(method, input);
  expect(dumpTables(core.db, ['audit_log']), `${method} was refused but changed data`).toEqual(before);
  return r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`;
}

describe('a receipt keyed in over time', () => {
  it('edits move no stock; posting writes the document under the draft uuid, dated as the draft says', async () => {
    const id = uuid();
    const start = ledger();
    let d: Draft = unwrap(
      await owner('draft.create', { uuid: id, type: 'receipt', note: 'Dairy delivery', extra: { supplier: 'Milk Co', invoice: 'INV-7' } }),
    );
    expect(d).toMatchObject({
      uuid: id,
      type: 'receipt',
      status: 'open',
      locationId: 1,
      businessDate: null,
      lines: [],
      extra: { supplier: 'Milk Co', invoice: 'INV-7' },
    });
    d = unwrap(await owner('draft.addLine', { id: d.id, productId: 2, qty: 6000 }));
    d = unwrap(await owner('draft.addLine', { id: d.id, productId: 3, qty: 1000, unitCost: 900 }));
    d = unwrap(await owner('draft.addLine', { id: d.id, productId: 4, qty: 2000, unitCost: 300 }));
    d = unwrap(await owner('draft.updateLine', { id: d.id, lineId: d.lines[0]!.id, unitCost: 450 }));
    d = unwrap(await owner('draft.removeLine', { id: d.id, lineId: d.lines[1]!.id }));
    d = unwrap(await owner('draft.update', { id: d.id, businessDate: yesterday(zone), extra: { supplier: 'Milk Co', invoice: 'INV-7A' } }));
    expect(d.lines.map((l) => [l.lineNo, l.productId, l.qty, l.unitCost])).toEqual([
      [1, 2, 6000, 450],
      [2, 4, 2000, 300],
    ]);
    expect(unwrap(await owner('draft.get', { id: d.id }))).toEqual(d);
    expect(ledger(), 'a draft is not stock').toEqual(start);

    const before2 = onHand(2);
    const posted = unwrap(await owner('draft.post', { id: d.id }));
    const doc = unwrap(await owner('doc.get', { id: posted.id })) as Doc;
    expect(doc).toMatchObject({
      uuid: id,
      type: 'receipt',
      status: 'posted',
      businessDate: yesterday(zone),
      note: 'Dairy delivery',
      total: 2700 + 600,
    });
    expect(doc.lines.map((l) => [l.productId, l.qty, l.costAmount])).toEqual([
      [2, 6000, 2700],
      [4, 2000, 600],
    ]);
    expect(onHand(2)).toEqual({ qty: before2.qty + 6000, value: before2.value + 2700 });
    expect(ledgerViolations(core.db)).toEqual([]);
    expect(unwrap(await owner('draft.get', { id: d.id }))).toMatchObject({ status: 'posted', documentId: posted.id, lines: [] });
    expect(draftAudit(d.id)).toEqual([
      { action: 'draft.create', userId: 1 },
      { action: 'draft.post', userId: 1 },
    ]);

    // Posted twice: a clear refusal naming the document, and nothing changes.
    expect(await refused(owner, 'draft.post', { id: d.id })).toBe(`invalid_state: draft ${d.id} was already posted as ${posted.number}`);
    expect(await refused(owner, 'draft.addLine', { id: d.id, productId: 2, qty: 1000, unitCost: 1 })).toMatch(/^invalid_state/);
    expect(await refused(owner, 'draft.discard', { id: d.id })).toMatch(/^invalid_state/);
  });

  it('the same uuid again is the draft already made; a uuid of a posted document is not a new draft', async () => {
    const input = { uuid: uuid(), type: 'writeoff' as const, lines: [{ productId: 2, qty: 1000 }] };
    const first = unwrap(await owner('draft.create', input));
    expect(await refused(owner, 'draft.create', input)).toBe('ok');
    expect(unwrap(await owner('draft.create', input)).id).toBe(first.id);
    expect(await refused(owner, 'draft.create', { ...input, type: 'count' })).toMatch(/^idempotency_conflict/);
    const doc = unwrap(await owner('doc.post', { type: 'writeoff', uuid: uuid(), locationId: 1, lines: [{ productId: 2, qty: 1000 }] }));
    const docUuid = unwrap(await owner('doc.get', { id: doc.id })).uuid;
    expect(await refused(owner, 'draft.create', { ...input, uuid: docUuid })).toMatch(/^duplicate/);
  });
});

describe('posting checks what doc.post checks, and refuses leave the draft open', () => {
  it('lines without a unit cost or a quantity, no lines, a transfer without destination', async () => {
    const receipt = unwrap(
      await owner('draft.create', {
        uuid: uuid(),
        type: 'receipt',
        lines: [
          { productId: 2, qty: 1000, unitCost: 100 },
          { productId: 3, qty: 1000 },
        ],
      }),
    );
    expect(await refused(owner, 'draft.post', { id: receipt.id })).toMatch(/^validation: line 2 .* has no unit cost/);
    unwrap(await owner('draft.updateLine', { id: receipt.id, lineId: receipt.lines[1]!.id, unitCost: 100, qty: 0 }));
    expect(await refused(owner, 'draft.post', { id: receipt.id })).toMatch(/^validation: line 2 .* has no quantity/);
    unwrap(await owner('draft.setLines', { id: receipt.id, lines: [] }));
    expect(await refused(owner, 'draft.post', { id: receipt.id })).toMatch(/^validation: .* has no lines/);
    const transfer = unwrap(await owner('draft.create', { uuid: uuid(), type: 'transfer', lines: [{ productId: 2, qty: 1000 }] }));
    expect(await refused(owner, 'draft.post', { id: transfer.id })).toMatch(/^validation: a transfer needs a destination/);
    expect(unwrap(await owner('draft.get', { id: transfer.id })).status).toBe('open');
  });

  it('what the draft is saved with is checked as it is saved', async () => {
    expect(await refused(owner, 'draft.create', { uuid: uuid(), type: 'writeoff', toLocationId: back })).toMatch(
      /^validation: only a transfer/,
    );
    expect(await refused(owner, 'draft.create', { uuid: uuid(), type: 'transfer', toLocationId: 1 })).toMatch(
      /^same_location: a transfer goes from one location to another/,
    );
    expect(await refused(owner, 'draft.create', { uuid: uuid(), type: 'writeoff', lines: [{ productId: 999_999, qty: 1000 }] })).toMatch(
      /^unknown_product/,
    );
    expect(
      await refused(owner, 'draft.create', { uuid: uuid(), type: 'writeoff', lines: [{ productId: 2, qty: 1000, unitCost: 5 }] }),
    ).toMatch(/^validation: only receipt lines/);
    const count = unwrap(await owner('draft.create', { uuid: uuid(), type: 'count', lines: [{ productId: 2, qty: 0 }] }));
    expect(await refused(owner, 'draft.addLine', { id: count.id, productId: 2, qty: 5000 })).toMatch(/^duplicate/);
    expect(await refused(owner, 'draft.update', { id: count.id, businessDate: '2999-01-01' })).toMatch(
      /^validation: 2999-01-01 is in the future/,
    );
  });

  it('a draft whose location closed since is refused at posting, whole', async () => {
    const shed = insertLocation(core.db, 'Shed', 'warehouse');
    const d = unwrap(
      await owner('draft.create', { uuid: uuid(), type: 'transfer', toLocationId: shed, lines: [{ productId: 2, qty: 1000 }] }),
    );
    core.db.raw.prepare('UPDATE locations SET active = 0 WHERE id = ?').run(shed);
    expect(await refused(owner, 'draft.post', { id: d.id })).toMatch(/^unknown_location/);
    expect(unwrap(await owner('draft.get', { id: d.id })).status).toBe('open');
  });
});

describe('counts and transfers', () => {
  it('a count posts the difference to the stock on hand when it is posted, not when it was started', async () => {
    const p = 5;
    const count = unwrap(await owner('draft.create', { uuid: uuid(), type: 'count', lines: [{ productId: p, qty: 7000 }] }));
    const cart = unwrap(await owner('cart.current', {}));
    unwrap(await owner('cart.add', { cartId: cart.id, productId: p, qty: 2000 }));
    unwrap(await owner('cart.pay', { cartId: cart.id, uuid: uuid(), payments: [{ method: 'cash', amount: 10 ** 7 }] }));
    const stock = onHand(p).qty;
    const posted = unwrap(await owner('draft.post', { id: count.id }));
    expect(unwrap(await owner('doc.get', { id: posted.id })).lines.map((l) => l.qty)).toEqual([7000 - stock]);
    expect(onHand(p).qty).toBe(7000);
  });

  it('a transfer moves the goods between its two locations', async () => {
    const d = unwrap(
      await owner('draft.create', { uuid: uuid(), type: 'transfer', toLocationId: back, lines: [{ productId: 6, qty: 2000 }] }),
    );
    const [from, to] = [onHand(6).qty, onHand(6, back).qty];
    const sent = unwrap(await owner('draft.post', { id: d.id }));
    expect([onHand(6).qty, onHand(6, back).qty]).toEqual([from - 2000, to]);
    unwrap(await owner('transfer.receive', { transferId: sent.id, uuid: uuid() }));
    expect([onHand(6).qty, onHand(6, back).qty]).toEqual([from - 2000, to + 2000]);
  });
});

describe('discarding', () => {
  it('is audited with who, moves nothing, and the draft can no longer be posted', async () => {
    const d = unwrap(await clerk('draft.create', { uuid: uuid(), type: 'writeoff', lines: [{ productId: 2, qty: 1000 }] }));
    const start = ledger();
    expect(unwrap(await owner('draft.discard', { id: d.id }))).toMatchObject({ status: 'discarded', lines: [] });
    expect(ledger()).toEqual(start);
    expect(draftAudit(d.id).map((a) => a.action)).toEqual(['draft.create', 'draft.discard']);
    expect(draftAudit(d.id)[0]!.userId).not.toBe(draftAudit(d.id)[1]!.userId);
    expect(await refused(owner, 'draft.post', { id: d.id })).toBe(`invalid_state: draft ${d.id} was discarded`);
  });
});

describe('listing', () => {
  it('open drafts of a type, newest first, a page at a time', async () => {
    const made: number[] = [];
    for (let i = 0; i < 5; i++)
      made.push(unwrap(await owner('draft.create', { uuid: uuid(), type: 'receipt', note: `page test ${i}` })).id);
    const discarded = made.shift()!;
    unwrap(await owner('draft.discard', { id: discarded }));
    const open = (await core.db.raw.prepare(`SELECT id FROM drafts WHERE type = 'receipt' AND status = 'open' ORDER BY id DESC`).all()) as {
      id: number;
    }[];
    const seen: number[] = [];
    let cursor: number | undefined;
    for (;;) {
      const page = unwrap(await owner('draft.list', { type: 'receipt', limit: 2, ...(cursor ? { cursor } : {}) }));
      expect(page.items.length).toBeLessThanOrEqual(2);
      expect(page.items.every((d) => d.type === 'receipt' && d.status === 'open')).toBe(true);
      seen.push(...page.items.map((d) => d.id));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(open.map((r) => r.id));
    expect(seen).toEqual(expect.arrayContaining(made));
    expect(seen).not.toContain(discarded);
    expect(unwrap(await owner('draft.list', { status: 'discarded' })).items.map((d) => d.id)).toContain(discarded);
  });
});

describe('who may', () => {
  it('a cashier reads drafts but may not make or post one', async () => {
    const cashier = await as(core, 'cashier');
    const d = unwrap(await owner('draft.create', { uuid: uuid(), type: 'writeoff', lines: [{ productId: 2, qty: 1000 }] }));
    expect(unwrap(await cashier('draft.get', { id: d.id })).id).toBe(d.id);
    expect(await refused(cashier, 'draft.create', { uuid: uuid(), type: 'writeoff' })).toMatch(/^forbidden/);
    expect(await refused(cashier, 'draft.post', { id: d.id })).toMatch(/^forbidden/);
  });

  it('back-dating a draft needs doc.backdate, whoever dated it: a clerk posts it once the date is cleared', async () => {
    expect(await refused(clerk, 'draft.create', { uuid: uuid(), type: 'writeoff', businessDate: yesterday(zone) })).toMatch(
      /^forbidden: .*doc\.backdate/,
    );
    const d = unwrap(
      await owner('draft.create', { uuid: uuid(), type: 'writeoff', businessDate: yesterday(zone), lines: [{ productId: 2, qty: 1000 }] }),
    );
    expect(await refused(clerk, 'draft.post', { id: d.id })).toMatch(/^forbidden: .*doc\.backdate/);
    unwrap(await clerk('draft.update', { id: d.id, businessDate: null }));
    const posted = unwrap(await clerk('draft.post', { id: d.id }));
    expect(unwrap(await owner('doc.get', { id: posted.id })).businessDate).toBe(dayIn(zone));
  });
});
