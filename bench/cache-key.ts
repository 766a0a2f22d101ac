/** The key of a cached bench database: the schema it was made under (a new or changed migration makes a new one). */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { knownSchemaVersion } from '../db/connection';
import { MIGRATIONS } from './util';

export function migrationsKey(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort())
    h.update(f).update(readFileSync(path.join(MIGRATIONS, f)));
  return `v${knownSchemaVersion(MIGRATIONS)}-${h.digest('hex').slice(0, 10)}`;
}
