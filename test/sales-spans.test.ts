/** A period split into its whole months and the days around them, as the sales reports by product read it. */
import { describe, expect, it } from 'vitest';
import { salesSpans } from '../db/queries/reports/sales-spans';

describe('a period of the sales by product', () => {
  it('reads its whole months by month and only its ragged ends by day', () => {
    expect(salesSpans({ from: '2026-09-04', to: '2026-12-02' })).toEqual({
      days: [
        { from: '2026-09-04', to: '2026-09-30' },
        { from: '2026-12-01', to: '2026-12-02' },
      ],
      months: { from: '2026-10', to: '2026-11' },
    });
  });
  it('a period from a 1st to a month end is months only, across a year and a leap February', () => {
    expect(salesSpans({ from: '2027-12-01', to: '2028-02-29' })).toEqual({ days: [], months: { from: '2027-12', to: '2028-02' } });
    expect(salesSpans({ from: '2026-02-01', to: '2026-02-28' })).toEqual({ days: [], months: { from: '2026-02', to: '2026-02' } });
  });
  it('a period within one month, or short of any whole month, is days only', () => {
    for (const p of [
      { from: '2026-03-05', to: '2026-03-05' },
      { from: '2026-03-01', to: '2026-03-30' },
      { from: '2026-03-02', to: '2026-03-31' },
      { from: '2026-03-15', to: '2026-04-14' },
    ])
      expect(salesSpans(p), `${p.from}..${p.to}`).toEqual({ days: [p], months: null });
  });
  it('one ragged end only', () => {
    expect(salesSpans({ from: '2026-03-01', to: '2026-04-10' })).toEqual({
      days: [{ from: '2026-04-01', to: '2026-04-10' }],
      months: { from: '2026-03', to: '2026-03' },
    });
    expect(salesSpans({ from: '2026-02-20', to: '2026-03-31' })).toEqual({
      days: [{ from: '2026-02-20', to: '2026-02-28' }],
      months: { from: '2026-03', to: '2026-03' },
    });
  });
});
