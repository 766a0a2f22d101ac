/**
 * The books' own rights on a shop made before them: each migration grants its right to the roles that keep the books,
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

type Roles = Record<string, string[]>;

/** Roles written by the migrations before `name`, read back after it. */
function upgrade(name: string, before: Roles): Roles {
  const file = path.join(t.dir, `${name}-${DB_FILE}`);
  const old = openDatabase({ file, migrationsDir: migrationsBefore(t.dir, name) });
  const insert = old.raw.prepare(`INSERT INTO roles (id, name, permissions, builtin) VALUES (?, ?, ?, ?)`);
  for (const [id, permissions] of Object.entries(before)) insert.run(id, id, JSON.stringify(permissions), id === 'accountant' ? 0 : 1);
  old.raw.close();
  const db = openDatabase({ file, migrationsDir: migrationsThrough(t.dir, name) });
  const rows = db.raw.prepare(`SELECT id, permissions FROM roles`).all() as { id: string; permissions: string }[];
  db.raw.close();
  return Object.fromEntries(rows.map((r) => [r.id, (JSON.parse(r.permissions) as string[]).sort()]));
}

describe('upgrading roles for expenses', () => {
  it('the owner and the bookkeeper get expense.post; other roles are untouched', () => {
    const roles = upgrade('_expenses', {
      owner: ['report.view', 'supplier.pay'],
      bookkeeper: ['report.view', 'period.lock'],
      manager: ['supplier.pay', 'doc.cancel'],
      cashier: ['sale.post'],
      accountant: ['report.view'],
    });
    expect(roles['owner']).toEqual(['expense.post', 'report.view', 'supplier.pay']);
    expect(roles['bookkeeper']).toEqual(['expense.post', 'period.lock', 'report.view']);
    expect(roles['manager']).toEqual(['doc.cancel', 'supplier.pay']);
    expect(roles['cashier']).toEqual(['sale.post']);
    expect(roles['accountant']).toEqual(['report.view']);
  });

  it("the bookkeeper may back-date (last month's rent entered on its day); nobody else gains it", () => {
    const roles = upgrade('_bookkeeper_backdates', {
      owner: ['doc.backdate', 'expense.post'],
      bookkeeper: ['expense.post', 'supplier.pay'],
      manager: ['doc.cancel'],
      cashier: ['sale.post'],
      accountant: ['report.view'],
    });
    expect(roles['bookkeeper']).toEqual(['doc.backdate', 'expense.post', 'supplier.pay']);
    expect(roles['owner']).toEqual(['doc.backdate', 'expense.post']);
    expect(roles['manager']).toEqual(['doc.cancel']);
    expect(roles['cashier']).toEqual(['sale.post']);
    expect(roles['accountant']).toEqual(['report.view']);
  });
});
