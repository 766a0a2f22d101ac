import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS } from './helpers';

/** A migrations folder (under `dir`) as the last build before the migration tagged `…tag` shipped it. */
export function migrationsBefore(dir: string, tag: string): string {
  const out = path.join(dir, 'old-migrations');
  mkdirSync(path.join(out, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  const upTo = journal.entries.findIndex((e) => e.tag.endsWith(tag));
  if (upTo <= 0) throw new Error(`no migration tagged …${tag}`);
  const entries = journal.entries.slice(0, upTo);
  writeFileSync(path.join(out, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  for (const e of entries) copyFileSync(path.join(MIGRATIONS, `${e.tag}.sql`), path.join(out, `${e.tag}.sql`));
  return out;
}
