import { defineConfig } from 'vitest/config';
import HeavyFirstSequencer from './test/heavy-first-sequencer';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'e2e/**/*.test.ts'],
    environment: 'node',
    // The demo shop is seeded once per run and copied where a test asks for it (test/global-setup.ts).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: files in two forks; e2e files each start their own server and browser.
    pool: 'forks',
    maxWorkers: 2,
    // Tests inside a file run in a random order, so a test leaning on another one fails here, not later; files too,
    // after the heaviest, which start first (test/heavy-first-sequencer.ts) so the two forks end together. The seed
    // is printed at the start ("Running tests with seed N"): `npx vitest run --sequence.seed=N` replays that order.
    // A describe block that is a story on purpose opts out with { shuffle: false }.
    sequence: { shuffle: { files: false, tests: true }, sequencer: HeavyFirstSequencer },
    reporters: ['default'],
  },
});
