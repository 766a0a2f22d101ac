/**
 * A shop's database from before business dates: migrating fills every document's and movement's date from when it
 * was posted (UTC, the zone being unknown then), leaves the ledger's triggers exactly as they were, and from then
 * on the database itself refuses a document without a date, a movement dated apart from its document, or a change
 * of date.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../core/app';
import { openDatabase, type Db } from '../db/connection';
import { ledgerViolations } from '../db/queries/stock';
import { MIGRATIONS, tempDir } from './helpers';
import { migrationsBefore } from './migrations-before';

const t = tempDir('lavka-bdate-');
afterAll(() => t.cleanup());

const triggers = (db: Db) =>
  db.raw.prepare(`SELECT name, tbl_name AS "table", sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).all() as {
    name: string;
    table: string;
    sql: string;
  }[];

describe('migrating a database from before business dates', () => {
  const file = path.join(t.dir, DB_FILE);
  let oldTriggers: { name: string; sql: string }[] = [];

  /** A shop's file written by the previous version, then opened (migrated) by this one. */
  beforeAll(() => {
    const old = openDatabase({ file, migrationsDir: migrationsBefore(t.dir, '_business_date') });
    const raw = old.raw;
    raw.exec(`INSERT INTO roles (id, name, permissions, builtin) VALUES ('owner', 'Owner', '[]', 1);
      INSERT INTO users (id, name, role_id) VALUES (1, 'Anna', 'owner');
      INSERT INTO locations (id, name) VALUES (1, 'Shop floor');
      INSERT INTO products (id, sku, name, price, cost, tax_rate_bp) VALUES (1, 'A', 'Apples', 1000, 600, 0);`);
    const doc = raw.prepare(
      `INSERT INTO documents (id, uuid, request_hash, type, number, status, location_id, author_id, total, created_at, posted_at, reversal_of, cancelled_at) VALUES (?, ?, 'h', ?, ?, ?, 1, 1, ?, ?, ?, ?, ?)`,
    );
    const move = raw.prepare(
      `INSERT INTO stock_movements (document_id, product_id, location_id, qty_delta, value_delta, at) VALUES (?, 1, 1, ?, ?, ?)`,
    );
    // Late evening UTC: already the next day in Moscow, but the zone was not known, so UTC it is.
    doc.run(1, 'u1', 'receipt', 'P-000001', 'posted', 6000, '2025-03-31T22:30:00.000Z', '2025-03-31T22:30:00.000Z', null, null);
    move.run(1, 10_000, 6000, '2025-03-31T22:30:00.000Z');
    doc.run(2, 'u2', 'sale', 'S-000001', 'posted', 1000, '2025-04-01T10:00:00.000Z', '2025-04-01T10:00:00.000Z', null, null);
    move.run(2, -1000, -600, '2025-04-01T10:00:00.000Z');
    doc.run(3, 'u3', 'sale', 'S-000002', 'posted', -1000, '2025-04-02T09:00:00.000Z', '2025-04-02T09:00:00.000Z', 2, null);
    move.run(3, 1000, 600, '2025-04-02T09:00:00.000Z');
    raw.prepare(`UPDATE documents SET status = 'cancelled', cancelled_at = '2025-04-02T09:00:00.000Z' WHERE id = 2`).run();
    doc.run(4, 'u4', 'count', 'C-000001', 'draft', 0, '2025-01-05T08:00:00.000Z', null, null, null);
    raw.exec(`INSERT INTO on_hand (product_id, location_id, qty, value) VALUES (1, 1, 10000, 6000)`);
    oldTriggers = triggers(old);
    expect(oldTriggers.map((tr) => tr.name)).toEqual(
      expect.arrayContaining(['documents_only_cancel', 'documents_cancelled_frozen', 'stock_movements_no_update']),
    );
    raw.close();
    openDatabase({ file, migrationsDir: MIGRATIONS }).raw.close();
  });

  it('fills the dates from posted_at (created_at when never posted) as UTC days; movements take their document day', () => {
    const db = openDatabase({ file, migrationsDir: MIGRATIONS });
    try {
      expect(db.raw.prepare('SELECT id, status, business_date AS d FROM documents ORDER BY id').all()).toEqual([
        { id: 1, status: 'posted', d: '2025-03-31' },
        { id: 2, status: 'cancelled', d: '2025-04-01' },
        { id: 3, status: 'posted', d: '2025-04-02' },
        { id: 4, status: 'draft', d: '2025-01-05' },
      ]);
      expect(db.raw.prepare('SELECT document_id AS doc, business_date AS d FROM stock_movements ORDER BY id').all()).toEqual([
        { doc: 1, d: '2025-03-31' },
        { doc: 2, d: '2025-04-01' },
        { doc: 3, d: '2025-04-02' },
      ]);
      expect(ledgerViolations(db)).toEqual([]);
    } finally {
      db.raw.close();
    }
  });

  it('keeps the ledger triggers exactly as they were, and adds the business-date guards', () => {
    const db = openDatabase({ file, migrationsDir: MIGRATIONS });
    try {
      const now = triggers(db);
      for (const old of oldTriggers)
        expect(
          now.find((tr) => tr.name === old.name),
          old.name,
        ).toEqual(old);
      // Later migrations guard their own new tables (supplier documents…); on the ledger's tables only these are new:
      // the business-date guards, and the derived totals' AFTER INSERT triggers (0028), which write only their own tables.
      const ledgerTables = ['documents', 'document_lines', 'stock_movements', 'payments'];
      const added = now.filter((tr) => ledgerTables.includes(tr.table) && !oldTriggers.some((o) => o.name === tr.name));
      expect(added.map((tr) => tr.name)).toEqual([
        'documents_business_date_fixed',
        'documents_business_date_required',
        'sales_product_days_follow',
        'stock_month_balances_follow',
        'stock_movements_business_date',
      ]);
      for (const tr of added.filter((t) => t.name.endsWith('_follow'))) expect(tr.sql).toMatch(/^CREATE TRIGGER \w+ AFTER INSERT ON/);
    } finally {
      db.raw.close();
    }
  });

  it('from then on the ledger refuses edits as before, and a document without its date', () => {
    const db = openDatabase({ file, migrationsDir: MIGRATIONS });
    const raw = db.raw;
    // Rolled back at the end: the other tests read the file as the migration left it.
    raw.exec('BEGIN');
    try {
      expect(() => raw.prepare(`UPDATE stock_movements SET business_date = '2025-01-01'`).run()).toThrow(/ledger_append_only/);
      expect(() => raw.prepare(`UPDATE documents SET total = 0 WHERE id = 1`).run()).toThrow(/ledger_append_only/);
      expect(() => raw.prepare(`UPDATE documents SET business_date = '2025-01-01' WHERE id = 4`).run()).toThrow(
        /ledger_append_only: a document's business date/,
      );
      const insertDoc = `INSERT INTO documents (uuid, request_hash, type, number, status, location_id, author_id, created_at, posted_at, business_date) VALUES ('u5', 'h', 'receipt', 'P-000002', 'posted', 1, 1, 'x', 'x', ?)`;
      expect(() => raw.prepare(insertDoc.replace(', business_date) ', ') ').replace(', ?)', ')')).run()).toThrow(
        /business_date: a document needs/,
      );
      expect(() => raw.prepare(insertDoc).run('5 May 2025')).toThrow(/business_date: a document needs/);
      raw.prepare(insertDoc).run('2025-05-05');
      const move = `INSERT INTO stock_movements (document_id, product_id, location_id, qty_delta, value_delta, at, business_date) VALUES ((SELECT id FROM documents WHERE uuid = 'u5'), 1, 1, 1, 1, 'x', ?)`;
      expect(() => raw.prepare(move).run('2025-05-04')).toThrow(/business_date: a movement carries/);
      expect(() => raw.prepare(move.replace(', business_date) ', ') ').replace(', ?)', ')')).run()).toThrow(
        /business_date: a movement carries/,
      );
      raw.prepare(move).run('2025-05-05');
    } finally {
      raw.exec('ROLLBACK');
      raw.close();
    }
  });
});
