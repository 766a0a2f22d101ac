/**
 * A shop's roles from before count sessions: whoever sells or counts may scan into a count, whoever counts sees a
 * blind count's expected figures, and nobody else gains anything.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../core/app';
import { openDatabase } from '../db/connection';
import { tempDir } from './helpers';
import { migrationsBefore, migrationsThrough } from './migrations-before';

const t = tempDir('lavka-count-rights-');
afterAll(() => t.cleanup());

describe('upgrading roles to count sessions', () => {
  it('sellers get count.scan, counters count.scan and count.view_expected; other roles are untouched', () => {
    const file = path.join(t.dir, DB_FILE);
    const old = openDatabase({ file, migrationsDir: migrationsBefore(t.dir, '_count_sessions') });
    const insert = old.raw.prepare(`INSERT INTO roles (id, name, permissions, builtin) VALUES (?, ?, ?, ?)`);
    insert.run('cashier', 'Cashier', JSON.stringify(['sale.post', 'return.post']), 1);
    insert.run('clerk', 'Stock clerk', JSON.stringify(['stock.view', 'stock.count']), 0);
    insert.run('bookkeeper', 'Bookkeeper', JSON.stringify(['report.view']), 1);
    old.raw.close();

    const db = openDatabase({ file, migrationsDir: migrationsThrough(t.dir, '_count_sessions') });
    const roles = Object.fromEntries(
      (db.raw.prepare(`SELECT id, permissions FROM roles`).all() as { id: string; permissions: string }[]).map((r) => [
        r.id,
        (JSON.parse(r.permissions) as string[]).sort(),
      ]),
    );
    db.raw.close();
    expect(roles['cashier']).toEqual(['count.scan', 'return.post', 'sale.post']);
    expect(roles['clerk']).toEqual(['count.scan', 'count.view_expected', 'stock.count', 'stock.view']);
    expect(roles['bookkeeper']).toEqual(['report.view']);
  });
});
