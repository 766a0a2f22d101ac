/**
 * The movement journal (report.movements): its rows are the ledger's movements dated in the period, in day and
 * posting order, with each filter; the screen gets the first 500 and the count of all, the export every row; bad
 * filters are clear errors; the read searches a business-date index, never scans the movements; the exported file
 * is fetched by the session that made it only.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { JOURNAL_SCREEN_ROWS } from '../core/contract/report-columns';
import { movementJournalSql } from '../db/queries/reports/movements';
import { readCsv, readXlsx } from './export-kit';
import { as, exportedFile, loose, openShift, testCore, unwrap, uuid } from './helpers';

let core: ReturnType<typeof testCore>;
let owner: Caller;
let bookkeeper: Caller;
let back = 0;
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const PERIOD = { from: day(-20), to: day(1) };

beforeAll(async () => {
  core = testCore();
  openShift(core);
  owner = await as(core, 'owner');
  bookkeeper = await as(core, 'bookkeeper');
  back = unwrap(await owner('location.create', { name: 'Back room', kind: 'warehouse' })).id;
  const ids = core.db.raw.prepare(`SELECT id FROM products WHERE unit = 'pcs' ORDER BY id`).pluck().all() as number[];
  const post = (input: object) => owner('doc.post', { uuid: uuid(), ...input } as never).then(unwrap);
  // 289 lines received ten days ago, a write-off five days ago, a transfer to the back room: with the demo's opening
  // receipt (today) over 500 movements, so the screen shows part of them.
  await post({
    type: 'receipt',
    locationId: 1,
    businessDate: day(-10),
    lines: ids.map((productId) => ({ productId, qty: 5000, unitCost: 1234 })),
  });
  await post({ type: 'writeoff', locationId: 1, businessDate: day(-5), lines: [{ productId: ids[0], qty: 1000, reason: 'damaged' }] });
  await post({ type: 'transfer', locationId: 1, toLocationId: back, lines: [{ productId: ids[1], qty: 2000 }] });
  // Outside the period: never in the journal.
  await post({ type: 'receipt', locationId: 1, businessDate: day(-30), lines: [{ productId: ids[2], qty: 1000, unitCost: 999 }] });
});
afterAll(() => core?.cleanup());

interface Movement {
  documentId: number;
  qty: number;
  value: number;
}

/** The ledger's own movements for a filter, in the journal's order. */
function ledger(f: { from: string; to: string; locationId?: number; productId?: number; docType?: string }): Movement[] {
  return core.db.raw
    .prepare(
      `SELECT m.document_id AS documentId, m.qty_delta AS qty, m.value_delta AS value
       FROM stock_movements m JOIN documents d ON d.id = m.document_id
       WHERE m.business_date BETWEEN @from AND @to AND (@locationId IS NULL OR m.location_id = @locationId)
         AND (@productId IS NULL OR m.product_id = @productId) AND (@docType IS NULL OR d.type = @docType)
       ORDER BY m.business_date, m.id`,
    )
    .all({ locationId: null, productId: null, docType: null, ...f }) as Movement[];
}

const exportCsv = async (params: object) => {
  const f = unwrap(
    await bookkeeper('report.export', { report: 'report.movements', params, format: 'csv', title: 'Journal', headers: {} } as never),
  );
  const file = exportedFile(core, f);
  const csv = readCsv(file, readFileSync(file, 'utf8').split('\n')[0]!.includes(';') ? ';' : ',');
  return { f, csv };
};

describe('the movement journal', () => {
  it('shows the first 500 of the period’s movements with the count and value of them all; the export has every one', async () => {
    const want = ledger(PERIOD);
    expect(want.length).toBeGreaterThan(JOURNAL_SCREEN_ROWS);
    const page = unwrap(await bookkeeper('report.movements', PERIOD));
    expect(page.count).toBe(want.length);
    expect(page.rows).toHaveLength(JOURNAL_SCREEN_ROWS);
    expect(page.rows.map((r) => ({ documentId: r.documentId, qty: r.qty, value: r.value }))).toEqual(want.slice(0, JOURNAL_SCREEN_ROWS));
    expect(page.totals.value).toBe(want.reduce((s, m) => s + m.value, 0));
    const first = page.rows[0]!;
    expect(first).toMatchObject({ businessDate: day(-10), docType: 'receipt', qty: 5000, unitCost: 1234, location: 'Shop floor' });
    expect(typeof first.user).toBe('string');
    expect(first.postedAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const { f, csv } = await exportCsv(PERIOD);
    expect(f.fileName).toBe(`movements-${PERIOD.from}_${PERIOD.to}.csv`);
    expect(f.rows).toBe(want.length);
    expect(f.totals.value).toBe(page.totals.value);
    // The header and every movement (a CSV has no totals row).
    expect(csv.rows.filter((r) => r.length > 1)).toHaveLength(want.length + 1);
  });

  it('filters by location, document kind and product', async () => {
    const transfer = ledger({ ...PERIOD, docType: 'transfer' });
    expect(transfer).toHaveLength(2);
    const byKind = unwrap(await bookkeeper('report.movements', { ...PERIOD, docType: 'transfer' }));
    expect(byKind.rows.map((r) => [r.documentId, r.qty, r.value])).toEqual(transfer.map((m) => [m.documentId, m.qty, m.value]));
    expect(byKind.count).toBe(2);

    const backRoom = unwrap(await bookkeeper('report.movements', { ...PERIOD, locationId: back }));
    expect(backRoom.count).toBe(ledger({ ...PERIOD, locationId: back }).length);
    expect(backRoom.rows.every((r) => r.location === 'Back room')).toBe(true);

    const productId = core.db.raw.prepare(`SELECT id FROM products WHERE unit = 'pcs' ORDER BY id LIMIT 1`).pluck().get() as number;
    const one = unwrap(await bookkeeper('report.movements', { ...PERIOD, productId }));
    expect(one.rows.map((r) => [r.documentId, r.qty, r.value])).toEqual(
      ledger({ ...PERIOD, productId }).map((m) => [m.documentId, m.qty, m.value]),
    );
    expect(one.rows.map((r) => r.docType)).toEqual(['receipt', 'writeoff', 'receipt']);
    const writeoff = unwrap(await bookkeeper('report.movements', { ...PERIOD, productId, docType: 'writeoff', locationId: 1 }));
    expect(writeoff.rows).toHaveLength(1);
    const [w] = ledger({ ...PERIOD, productId, docType: 'writeoff' });
    // One piece out at the average cost: its unit cost is its value.
    expect(writeoff.rows[0]).toMatchObject({ qty: -1000, value: w!.value, unitCost: -w!.value });

    const { f } = await exportCsv({ ...PERIOD, docType: 'transfer' });
    expect(f.rows).toBe(2);
  });

  it('refuses bad input with a clear error', async () => {
    const call = loose(bookkeeper);
    const err = async (input: object) => {
      const r = await call('report.movements', input);
      return r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`;
    };
    expect(await err({ ...PERIOD, locationId: 9999 })).toMatch(/^unknown_location: location 9999/);
    expect(await err({ ...PERIOD, productId: 999_999 })).toMatch(/^unknown_product: product 999999/);
    expect(await err({ from: PERIOD.to, to: PERIOD.from })).toMatch(/^validation: .*the period ends before it starts/);
    expect(await err({ ...PERIOD, docType: 'expense' })).toMatch(/^validation/);
    const exp = await call('report.export', {
      report: 'report.movements',
      params: { ...PERIOD, productId: 999_999 },
      title: 'J',
      headers: {},
    });
    expect(exp.ok ? 'ok' : exp.error.code).toBe('unknown_product');
    const cashier = await as(core, 'cashier');
    const denied = await loose(cashier)('report.movements', PERIOD);
    expect(denied.ok ? 'ok' : denied.error.code).toBe('forbidden');
  });

  it('reads by business date from an index, never a scan of the movements', () => {
    const steps = (f: object) =>
      (
        core.db.raw
          .prepare(`EXPLAIN QUERY PLAN ${movementJournalSql(f as typeof PERIOD)}`)
          .all({ ...PERIOD, locationId: 1, productId: 1, docType: 'sale' }) as {
          detail: string;
        }[]
      ).map((r) => r.detail);
    for (const f of [PERIOD, { ...PERIOD, locationId: 1, docType: 'sale' }]) {
      const plan = steps(f);
      expect(plan[0]).toBe('SEARCH m USING INDEX movements_business_date_idx (business_date>? AND business_date<?)');
      expect(plan.filter((s) => s.startsWith('SCAN'))).toEqual([]);
      // Sorted a day at a time, as the index gives the days in order: never all the rows at once.
      expect(plan.at(-1)).toBe('USE TEMP B-TREE FOR LAST TERM OF ORDER BY');
    }
    // One product's movements: its own (product, location, date) index.
    const plan = steps({ ...PERIOD, productId: 1 });
    expect(plan[0]).toBe('SEARCH m USING INDEX movements_product_location_date_idx (product_id=?)');
    expect(plan.filter((s) => s.startsWith('SCAN'))).toEqual([]);
  });

  it('keeps the exported file for the session that made it, in the data folder’s downloads, as xlsx', async () => {
    const f = unwrap(
      await bookkeeper('report.export', {
        report: 'report.movements',
        params: { ...PERIOD, docType: 'writeoff' },
        title: 'Movement journal',
        headers: { businessDate: 'Date', docType: 'Document', value: 'Value' },
        texts: { writeoff: 'Write-off' },
      }),
    );
    expect(f).not.toHaveProperty('base64');
    expect(f.downloadId).toMatch(/^[0-9a-f]{32}$/);
    const held = core.svc.downloads.peek(f.downloadId)!;
    expect(held.file.startsWith(core.svc.downloads.dir)).toBe(true);
    expect(core.svc.downloads.get(f.downloadId, 'someone else')).toBeNull();
    expect(core.svc.downloads.get(f.downloadId, held.owner)?.fileName).toBe(`movements-${PERIOD.from}_${PERIOD.to}.xlsx`);
    const rows = readXlsx(held.file).sheets[1]!.rows;
    expect(rows[0]!.slice(0, 3).map((c) => c.v)).toEqual(['Date', 'postedAt', 'Document']);
    expect(rows[1]![2]!.v).toBe('Write-off');
    // Only whole files: no partial file stays in the store.
    expect(readdirSync(core.svc.downloads.dir).filter((n) => n.endsWith('.part'))).toEqual([]);
    // Expired, the file goes.
    core.svc.downloads.sweep(Date.now() + 11 * 60_000);
    expect(existsSync(held.file)).toBe(false);
    expect(core.svc.downloads.get(f.downloadId, held.owner)).toBeNull();
  });
});
