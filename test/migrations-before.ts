import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS } from './helpers';

/** A migrations folder (under `dir`/`name`) holding the shipped migrations up to the one tagged `…tag`. */
function migrationsUpTo(dir: string, name: string, tag: string, inclusive: boolean): string {
  const out = path.join(dir, name);
  mkdirSync(path.join(out, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  const at = journal.entries.findIndex((e) => e.tag.endsWith(tag));
  if (at <= 0) throw new Error(`no migration tagged …${tag}`);
  const entries = journal.entries.slice(0, inclusive ? at + 1 : at);
  writeFileSync(path.join(out, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  for (const e of entries) copyFileSync(path.join(MIGRATIONS, `${e.tag}.sql`), path.join(out, `${e.tag}.sql`));
  return out;
}

/** A migrations folder as the last build before the migration tagged `…tag` shipped it. */
export const migrationsBefore = (dir: string, tag: string): string => migrationsUpTo(dir, 'old-migrations', tag, false);

/**
 * A migrations folder as the build that shipped the migration tagged `…tag`: what that migration did, before later
 * ones (which may grant newer rights to the same roles) change it further.
 */
export const migrationsThrough = (dir: string, tag: string): string => migrationsUpTo(dir, 'through-migrations', tag, true);
