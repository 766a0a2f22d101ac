/**
 * A shop's roles from before purchase orders: whoever may receive goods may order them after the upgrade, and
 * nobody else gains anything.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../core/app';
import { openDatabase } from '../db/connection';
import { tempDir } from './helpers';
import { migrationsBefore, migrationsThrough } from './migrations-before';

const t = tempDir('lavka-purchase-');
afterAll(() => t.cleanup());

describe('upgrading roles for purchase orders', () => {
  it('every role with stock.receive gets purchase.manage; other roles are untouched', () => {
    const file = path.join(t.dir, DB_FILE);
    const old = openDatabase({ file, migrationsDir: migrationsBefore(t.dir, '_purchase_orders') });
    const insert = old.raw.prepare(`INSERT INTO roles (id, name, permissions, builtin) VALUES (?, ?, ?, ?)`);
    insert.run('manager', 'Manager', JSON.stringify(['stock.view', 'stock.receive', 'doc.cancel']), 1);
    insert.run('clerk', 'Stock clerk', JSON.stringify(['stock.receive']), 0);
    insert.run('cashier', 'Cashier', JSON.stringify(['sale.post', 'stock.view']), 1);
    old.raw.close();

    const db = openDatabase({ file, migrationsDir: migrationsThrough(t.dir, '_purchase_orders') });
    const roles = Object.fromEntries(
      (db.raw.prepare(`SELECT id, permissions FROM roles`).all() as { id: string; permissions: string }[]).map((r) => [
        r.id,
        (JSON.parse(r.permissions) as string[]).sort(),
      ]),
    );
    db.raw.close();
    expect(roles['manager']).toEqual(['doc.cancel', 'purchase.manage', 'stock.receive', 'stock.view']);
    expect(roles['clerk']).toEqual(['purchase.manage', 'stock.receive']);
    expect(roles['cashier']).toEqual(['sale.post', 'stock.view']);
  });
});
