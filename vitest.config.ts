import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: files in two forks; e2e files each start their own server and browser.
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
