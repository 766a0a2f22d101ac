/**
 * Every money and quantity figure stays a safe integer: a document beyond the limits (core/contract/primitives.ts
 * LIMITS) is refused with a clear error and writes nothing; a large legal one is stored as INTEGER, never REAL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { LIMITS } from '../core/contract/primitives';
import { dumpTables } from './db-dump';
import { as, loose, openShift, testCore, unwrap, uuid } from './helpers';

let core: ReturnType<typeof testCore>;
let owner: Caller;
let milk: number;

beforeAll(async () => {
  core = testCore();
  openShift(core);
  owner = await as(core, 'owner');
  milk = (core.db.raw.prepare(`SELECT id FROM products WHERE unit = 'pcs' AND active = 1 ORDER BY id LIMIT 1`).get() as { id: number }).id;
});
afterAll(() => core.cleanup());

const receipt = (lines: { qty: number; unitCost: number }[]) => ({
  type: 'receipt' as const,
  uuid: uuid(),
  locationId: 1,
  lines: lines.map((l) => ({ productId: milk, ...l })),
});
const times = <T>(n: number, x: T): T[] => Array.from({ length: n }, () => x);

/** Refused as `validation` with a message matching `why`, and not a row changed anywhere. */
async function refusedAll(method: 'doc.post' | 'sale.post', input: unknown, why: RegExp): Promise<void> {
  const before = dumpTables(core.db);
  const r = await loose(owner)(method, input);
  expect(r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`).toMatch(why);
  expect(r.ok || r.error.code).toBe('validation');
  expect(dumpTables(core.db)).toEqual(before);
}

describe('limits of money and quantity', () => {
  it('10 lines of a billion thousandths at a cost of 1e12: refused at the door, nothing changes', async () => {
    await refusedAll(
      'doc.post',
      receipt(times(10, { qty: 1e9, unitCost: 1e12 })),
      /lines\.0\.unitCost: a unit price or cost is at most 100000000000/,
    );
  });

  it('each figure legal but a line worth 1e17: the posting engine refuses it before writing', async () => {
    await refusedAll(
      'doc.post',
      receipt(times(10, { qty: 1e9, unitCost: LIMITS.unitPrice })),
      new RegExp(`line 1 \\(product ${milk}\\): the amount \\(100000000000000000\\) is beyond the limit of ${LIMITS.lineAmount}`),
    );
  });

  it('lines within the limit adding up above the document limit: refused', async () => {
    // 11 lines of 1e6 thousandths (1000 pieces) at 1e10: 1e13 each, 1.1e14 in all.
    await refusedAll(
      'doc.post',
      receipt(times(11, { qty: 1e6, unitCost: 1e10 })),
      /the document total \(110000000000000\) is beyond the limit of 100000000000000/,
    );
  });

  it('on hand may not pass its limit either: the line that would take it there refuses the document', async () => {
    const now = (core.db.raw.prepare('SELECT qty FROM on_hand WHERE product_id = ? AND location_id = 1').get(milk) as { qty: number }).qty;
    const over = Math.floor((LIMITS.onHandQty - now) / 1e9) + 1;
    await refusedAll(
      'doc.post',
      receipt(times(over + 1, { qty: 1e9, unitCost: 0 })),
      new RegExp(
        `line ${over} \\(product ${milk}\\): on hand at location 1 afterwards \\(\\d+\\) is beyond the limit of ${LIMITS.onHandQty}`,
      ),
    );
  });

  it('a sale line beyond the limit is refused with the product named', async () => {
    await refusedAll(
      'sale.post',
      { uuid: uuid(), lines: [{ productId: milk, qty: 1e9, price: LIMITS.unitPrice }], payments: [{ method: 'card', amount: 1 }] },
      /validation: .+: a line of 100000000000000000 minor units is above the limit of 10000000000000/,
    );
  });

  it('a large legal receipt (9e13) is stored as integers: total, lines, movements, on hand; a sale from it too', async () => {
    const r = unwrap(await owner('doc.post', receipt(times(9, { qty: 1e6, unitCost: 1e10 }))));
    expect(r.total).toBe(9e13);
    const raw = core.db.raw;
    expect(raw.prepare('SELECT typeof(total) AS t, typeof(tax_total) AS x FROM documents WHERE id = ?').get(r.id)).toEqual({
      t: 'integer',
      x: 'integer',
    });
    expect(
      raw
        .prepare(
          'SELECT DISTINCT typeof(amount) AS a, typeof(cost_amount) AS c, typeof(tax_amount) AS x FROM document_lines WHERE document_id = ?',
        )
        .all(r.id),
    ).toEqual([{ a: 'integer', c: 'integer', x: 'integer' }]);
    expect(raw.prepare('SELECT DISTINCT typeof(value_delta) AS v FROM stock_movements WHERE document_id = ?').all(r.id)).toEqual([
      { v: 'integer' },
    ]);
    expect(
      raw.prepare('SELECT typeof(qty) AS q, typeof(value) AS v FROM on_hand WHERE product_id = ? AND location_id = 1').get(milk),
    ).toEqual({ q: 'integer', v: 'integer' });
    const sale = unwrap(
      await owner('sale.post', {
        uuid: uuid(),
        lines: [{ productId: milk, qty: 1e6, price: 1e10 }],
        payments: [{ method: 'card', amount: 1e13 }],
      }),
    );
    expect(raw.prepare('SELECT typeof(total) AS t FROM documents WHERE id = ?').get(sale.id)).toEqual({ t: 'integer' });
    expect(raw.prepare(`SELECT count(*) AS n FROM documents WHERE typeof(total) <> 'integer'`).get()).toEqual({ n: 0 });
  });
});
