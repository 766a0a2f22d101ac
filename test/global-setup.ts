import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCore, DB_FILE } from '../core/app';
import { DEMO_TEMPLATE_ENV } from './demo-template';
import { MIGRATIONS } from './helpers';

/**
 * Seeds the demo shop (90 days of history, ~1.5 s) once per run; test cores and e2e servers asked for a demo shop
 * start from a copy of this file instead of seeding their own. The seeding itself is tested where it is the subject
 * (test/demo-*.test.ts seed their own). Forks inherit the environment set here.
 */
export default function setup(): () => void {
  // Vitest calls this for the root config and for each project (vitest.config.ts): the first call seeds for all.
  const seeded = process.env[DEMO_TEMPLATE_ENV];
  if (seeded && existsSync(seeded)) return () => {};
  const dir = mkdtempSync(path.join(tmpdir(), 'lavka-demo-template-'));
  const core = createCore({ dataDir: dir, migrationsDir: MIGRATIONS, version: '0.0.0-test', mode: 'local', demo: true });
  core.close(); // the only connection: the WAL is checkpointed into the file
  process.env[DEMO_TEMPLATE_ENV] = path.join(dir, DB_FILE);
  return () => rmSync(dir, { recursive: true, force: true });
}
