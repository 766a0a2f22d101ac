/**
 * A shop's roles from before the per-kind stock rights: whoever could post stock documents (stock.post) can post
 * each kind after the upgrade, and nobody else gains anything.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../core/app';
import { openDatabase } from '../db/connection';
import { tempDir } from './helpers';
import { migrationsBefore, migrationsThrough } from './migrations-before';

const t = tempDir('lavka-kinds-');
afterAll(() => t.cleanup());

describe('upgrading roles to per-kind stock rights', () => {
  it('stock.post becomes receive, write off, transfer and count; other roles are untouched', () => {
    const file = path.join(t.dir, DB_FILE);
    const old = openDatabase({ file, migrationsDir: migrationsBefore(t.dir, '_stock_post_per_kind') });
    const insert = old.raw.prepare(`INSERT INTO roles (id, name, permissions, builtin) VALUES (?, ?, ?, ?)`);
    insert.run('manager', 'Manager', JSON.stringify(['sale.post', 'stock.view', 'stock.post', 'doc.cancel']), 1);
    insert.run('clerk', 'Stock clerk', JSON.stringify(['stock.post']), 0);
    insert.run('cashier', 'Cashier', JSON.stringify(['sale.post', 'return.post']), 1);
    old.raw.close();

    const db = openDatabase({ file, migrationsDir: migrationsThrough(t.dir, '_stock_post_per_kind') });
    const roles = Object.fromEntries(
      (db.raw.prepare(`SELECT id, permissions FROM roles`).all() as { id: string; permissions: string }[]).map((r) => [
        r.id,
        (JSON.parse(r.permissions) as string[]).sort(),
      ]),
    );
    db.raw.close();
    const kinds = ['stock.count', 'stock.receive', 'stock.transfer', 'stock.writeoff'];
    expect(roles['manager']).toEqual(['doc.cancel', 'sale.post', 'stock.view', ...kinds].sort());
    expect(roles['clerk']).toEqual(kinds);
    expect(roles['cashier']).toEqual(['return.post', 'sale.post']);
  });
});
