import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest (seconds on CI, longest first): each starts a real web store, walks every screen in
 * Chromium, kills a process fifty times or reads a 100k-row price list. Started first, so the two forks finish
 * together instead of one idling while the other runs a two-minute file at the end. Update when CI's slowest change.
 */
const HEAVY = [
  'test/store-faults.test.ts',
  'e2e/accessibility.test.ts',
  'test/store-orders.test.ts',
  'e2e/online-orders.test.ts',
  'test/crash.test.ts',
  'test/pricelist-import.test.ts',
  'test/store-harness.test.ts',
  'test/counter-search.test.ts',
  'test/store-sync.test.ts',
  'e2e/layout.test.ts',
  'test/store-picking.test.ts',
];

/** A shuffle repeatable from the run's seed (mulberry32), as vitest's own random order is. */
function shuffled<T>(items: T[], seed: number): T[] {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The heavy files first, longest first; every other file after them in the seed's random order. */
export default class HeavyFirstSequencer extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rel = (f: TestSpecification) => path.relative(this.ctx.config.root, f.moduleId).split(path.sep).join('/');
    const heavy = HEAVY.flatMap((name) => files.filter((f) => rel(f) === name));
    const rest = files.filter((f) => !HEAVY.includes(rel(f)));
    return Promise.resolve([...heavy, ...shuffled(rest, this.ctx.config.sequence.seed ?? 0)]);
  }
}
