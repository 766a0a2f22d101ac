// The watch over levels whose reservations in the store Lavka's count did not explain (core/sync/level-watch.ts).
import { describe, expect, it } from 'vitest';
import { LevelWatch, SETTLE_CHECKS, SETTLE_MS } from '../core/sync/level-watch';

describe('level watch', () => {
  it('a level whose answer disagrees is due from the next cycle on, assumed at the lower figure, until it agrees', () => {
    const watch = new LevelWatch(() => 0);
    watch.nextCycle();
    watch.answered(1, 2, 2);
    watch.answered(2, 2, 0); // the order imported, its reservation not yet in the store
    expect(watch.due()).toEqual([]); // not again in the cycle that answered
    watch.nextCycle();
    expect(watch.due()).toEqual([2]);
    expect(watch.assumed(2, 2)).toBe(0);
    expect(watch.assumed(1, 2)).toBe(2);
    watch.answered(2, 2, 2); // the reservation landed
    watch.nextCycle();
    expect(watch.due()).toEqual([]);
    expect(watch.size).toBe(0);
  });

  it('a difference Lavka cannot explain is let go once the store figure stood still over a few checks and a while', () => {
    let now = 0;
    const watch = new LevelWatch(() => now);
    const check = (reserved = 1) => {
      watch.nextCycle();
      for (const id of watch.due()) watch.answered(id, 3, reserved);
    };
    watch.nextCycle();
    watch.answered(7, 3, 1);
    for (let i = 0; i < SETTLE_CHECKS + 2; i++) check();
    expect(watch.size).toBe(1); // checked often, but not for long enough
    now = SETTLE_MS;
    check();
    expect(watch.size).toBe(0);
    // A figure that moves starts the count again.
    watch.nextCycle();
    watch.answered(7, 3, 1);
    now += SETTLE_MS;
    watch.nextCycle();
    watch.answered(7, 3, 2);
    now += SETTLE_MS;
    for (let i = 0; i < SETTLE_CHECKS - 1; i++) check(2);
    expect(watch.size).toBe(1);
    check(2);
    expect(watch.size).toBe(0);
    watch.nextCycle();
    watch.answered(7, 3, 1);
    watch.forget(7);
    expect(watch.due()).toEqual([]);
  });
});
