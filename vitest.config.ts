import { defineConfig } from 'vitest/config';

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
    // Files and the tests inside them run in a random order, so a test leaning on another one fails here, not
    // later. The seed is printed at the start ("Running tests with seed N"): `npx vitest run --sequence.seed=N`
    // replays that order. A describe block that is a story on purpose opts out with { shuffle: false }.
    sequence: { shuffle: true },
    reporters: ['default'],
  },
});
