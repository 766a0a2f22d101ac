/**
 * The app's background build of month-end balances (core/month-balances.ts) paces itself by the time each chunk
 * takes, so the till never waits long behind it, and still ends with every ended month built and exact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHistory } from '../bench/history-days';
import { buildMonthsInBatches, CHUNK_BUDGET_MS, nextChunk } from '../core/month-balances';
import { OUTBOX_RETENTION_MS } from '../core/outbox';
import { shopToday } from '../core/posting/dates';
import { derivedViolations } from '../db/queries/derived-check';
import { listedMonths, monthEnd } from '../db/queries/month-balances';
import { as, testCore, unwrap } from './helpers';

describe('the chunk follows the time the last one took', () => {
  it('a chunk over the budget is cut in proportion: 5,000 best sellers that held the writer 500 ms become 80', () => {
    expect(nextChunk(5000, 500, 8)).toBe(80);
    expect(nextChunk(100, 16, 8)).toBe(50);
  });

  it('a chunk under the budget grows, at most twice as big each time', () => {
    expect(nextChunk(200, 1, 8)).toBe(400);
    expect(nextChunk(1000, 6, 8)).toBe(1333);
    expect(nextChunk(15_000, 0.1, 8)).toBe(20_000);
    expect(nextChunk(300, 0, 8)).toBe(600);
  });

  it('one product is the least: a single best seller that takes longer than the budget is still built', () => {
    expect(nextChunk(1, 40, 8)).toBe(1);
    expect(nextChunk(3, 400, CHUNK_BUDGET_MS)).toBe(1);
  });
});

describe('the background build', () => {
  let core: ReturnType<typeof testCore>;
  beforeAll(async () => {
    core = testCore();
    const timeZone = unwrap(await (await as(core, 'owner'))('settings.get', {})).timeZone;
    writeHistory(core.db.raw, { sales: 1500, days: 75, timeZone, now: new Date(), retentionMs: OUTBOX_RETENTION_MS, log: () => {} });
  });
  afterAll(() => core?.cleanup());

  it('stopped halfway leaves a month part-built; run again it finishes every ended month, equal to the ledger', async () => {
    let chunks = 0;
    await buildMonthsInBatches(
      () => core.db,
      () => ++chunks <= 1,
    );
    expect(listedMonths(core.db).filter((m) => m.complete === 0)).toHaveLength(1);
    expect(derivedViolations(core.db)).toEqual([]);

    await buildMonthsInBatches(
      () => core.db,
      () => true,
    );
    const today = shopToday(core.db);
    const months = listedMonths(core.db);
    expect(months.length).toBeGreaterThanOrEqual(2);
    expect(months.every((m) => m.complete === 1 && monthEnd(m.month) < today)).toBe(true);
    // The month after the last built one has not ended yet.
    const next = new Date(Date.parse(`${months.at(-1)!.month}-01T00:00:00Z`) + 32 * 86_400_000).toISOString().slice(0, 7);
    expect(monthEnd(next) >= today).toBe(true);
    expect(derivedViolations(core.db)).toEqual([]);
  });
});
