/**
 * A shop's roles from before expenses: the owner and the bookkeeper may post expenses after the upgrade, and
 * nobody else gains anything (the manager neither: expenses are the books').
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../core/app';
import { openDatabase } from '../db/connection';
import { tempDir } from './helpers';
import { migrationsBefore, migrationsThrough } from './migrations-before';

const t = tempDir('lavka-expense-');
afterAll(() => t.cleanup());

describe('upgrading roles for expenses', () => {
  it('the owner and the bookkeeper get expense.post; other roles are untouched', () => {
    const file = path.join(t.dir, DB_FILE);
    const old = openDatabase({ file, migrationsDir: migrationsBefore(t.dir, '_expenses') });
    const insert = old.raw.prepare(`INSERT INTO roles (id, name, permissions, builtin) VALUES (?, ?, ?, ?)`);
    insert.run('owner', 'Owner', JSON.stringify(['report.view', 'supplier.pay']), 1);
    insert.run('bookkeeper', 'Bookkeeper', JSON.stringify(['report.view', 'period.lock']), 1);
    insert.run('manager', 'Manager', JSON.stringify(['supplier.pay', 'doc.cancel']), 1);
    insert.run('cashier', 'Cashier', JSON.stringify(['sale.post']), 1);
    insert.run('accountant', 'Accountant', JSON.stringify(['report.view']), 0);
    old.raw.close();

    const db = openDatabase({ file, migrationsDir: migrationsThrough(t.dir, '_expenses') });
    const roles = Object.fromEntries(
      (db.raw.prepare(`SELECT id, permissions FROM roles`).all() as { id: string; permissions: string }[]).map((r) => [
        r.id,
        (JSON.parse(r.permissions) as string[]).sort(),
      ]),
    );
    db.raw.close();
    expect(roles['owner']).toEqual(['expense.post', 'report.view', 'supplier.pay']);
    expect(roles['bookkeeper']).toEqual(['expense.post', 'period.lock', 'report.view']);
    expect(roles['manager']).toEqual(['doc.cancel', 'supplier.pay']);
    expect(roles['cashier']).toEqual(['sale.post']);
    expect(roles['accountant']).toEqual(['report.view']);
  });
});
