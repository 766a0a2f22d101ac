import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';

/** Where test/global-setup.ts leaves the run's seeded demo shop (unset outside vitest: each shop seeds its own). */
export const DEMO_TEMPLATE_ENV = 'LAVKA_TEST_DEMO_DB';
const DB_FILE = 'lavka.sqlite';

/**
 * Puts a copy of the run's seeded demo shop into a data dir that has no database yet; false when there is nothing to
 * copy (outside vitest, or the dir already holds a shop), and the caller's own seeding runs as before.
 */
export function copyDemoShop(dataDir: string): boolean {
  const template = process.env[DEMO_TEMPLATE_ENV];
  const target = path.join(dataDir, DB_FILE);
  if (!template || !existsSync(template) || existsSync(target)) return false;
  copyFileSync(template, target);
  if (existsSync(`${template}-wal`)) copyFileSync(`${template}-wal`, `${target}-wal`);
  return true;
}
