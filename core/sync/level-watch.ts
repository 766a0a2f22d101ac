/**
 * Levels whose reservations in the store Lavka's count did not explain, checked again on later cycles until it does.
 *
 * A push takes the store to hold what the open orders Lavka imported come to and is told, in the same answer, what the
 * store really holds; where they differ the level is sent again at once with the store's figure (core/sync/medusa.ts).
 * That figure can still move after the answer with nothing in Lavka changing: Medusa's checkout writes the order before
 * its reservation, so a pull can import an order (and its push go out) before the store holds anything for it; when the
 * reservation lands, the store shows less than Lavka can sell, and no later change of the product need ever come to
 * send it again (the fault run's end: available -2 in the store, 0 in Lavka). So such a level is watched: each later
 * cycle sends it again, taking the store to hold the lower of Lavka's count and the store's last figure (never more
 * than the store showed), until the answer agrees with Lavka's count. One Lavka cannot explain for good (a reservation
 * removed in the store's dashboard, an order handed over there) is let go once the store's figure has stood still
 * over a few checks and a while: the store then shows exactly what Lavka can sell, as of that last push.
 */

/** Checks in a row with the store's figure unchanged, and for how long, before a level Lavka cannot explain is let go. */
export const SETTLE_CHECKS = 3;
export const SETTLE_MS = 60_000;

interface Watched {
  /** The store's last figure. */
  reserved: number;
  /** When that figure last changed. */
  movedAt: number;
  /** Checks since then. */
  steady: number;
  /** The cycle of the last answer: a level is checked again from the next one on. */
  cycle: number;
}

export class LevelWatch {
  private readonly levels = new Map<number, Watched>();
  private cycle = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** A sync cycle begins: levels answered in earlier cycles are due. */
  nextCycle(): void {
    this.cycle++;
  }

  /** Products to send again in this cycle. */
  due(): number[] {
    return [...this.levels].filter(([, w]) => w.cycle < this.cycle).map(([id]) => id);
  }

  get size(): number {
    return this.levels.size;
  }

  /** What to take the store to hold for a product of which Lavka counts `counted` held by open orders. */
  assumed(productId: number, counted: number): number {
    const w = this.levels.get(productId);
    return w ? Math.min(counted, w.reserved) : counted;
  }

  /** The store's figure after a push of the product: settled when it is Lavka's count, watched otherwise. */
  answered(productId: number, counted: number, reserved: number): void {
    const w = this.levels.get(productId);
    const now = this.now();
    if (reserved === counted) this.levels.delete(productId);
    else if (!w || w.reserved !== reserved) this.levels.set(productId, { reserved, movedAt: now, steady: 0, cycle: this.cycle });
    else if (w.steady + 1 >= SETTLE_CHECKS && now - w.movedAt >= SETTLE_MS) this.levels.delete(productId);
    else this.levels.set(productId, { ...w, steady: w.steady + 1, cycle: this.cycle });
  }

  /** Not the store's to check any more (no longer linked). */
  forget(productId: number): void {
    this.levels.delete(productId);
  }
}
