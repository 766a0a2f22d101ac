import { defineConfig } from 'vitest/config';

/**
 * Files that keep a module graph of their own: the web store's (each boots its Medusa through module-level
 * state in test/store), and those that mock modules, fake timers or listen on the process.
 */
const ISOLATED = [
  'test/store-*.test.ts',
  'e2e/online-orders.test.ts',
  'test/electron-main.test.ts',
  'test/session-events.test.ts',
  'test/auth-throttle.test.ts',
];

export default defineConfig({
  test: {
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
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts', 'e2e/**/*.test.ts'],
          exclude: ISOLATED,
          // A fork keeps the modules it imported (the core, drizzle, zod, exceljs…) from one file to the next: a
          // fresh graph per file cost ~1.4 s of import each (16 files: import 27.8 s -> 5.7 s, wall 34 s -> 17 s).
          // Tests still each make their own core, database and server.
          isolate: false,
        },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
    ],
  },
});
