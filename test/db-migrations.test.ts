/**
 * Opening databases of other versions and damaged files: refuse what we cannot read without touching it,
 * back up before migrating an older one, never replace a damaged file with an empty database.
 * And the ledger's append-only triggers.
 */
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, DB_FILE } from '../core/app';
import { DbOpenError, knownSchemaVersion, openDatabase } from '../db/connection';
import { as, MIGRATIONS, openShift, tempDir, testCore, uuid } from './helpers';

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));
const dir = () => {
  const t = tempDir('lavka-mig-');
  cleanups.push(t.cleanup);
  return t.dir;
};
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const KNOWN = knownSchemaVersion(MIGRATIONS);

/** What opening threw, as its DbOpenError code (anything else fails the test). */
function openError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DbOpenError);
    return (err as DbOpenError).code;
  }
  throw new Error('expected the open to be refused');
}

/** A migrations folder holding only the first migration: what a v1 build shipped. */
function firstMigrationOnly(): string {
  const d = path.join(dir(), 'migrations');
  mkdirSync(path.join(d, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const first = journal.entries[0]!;
  writeFileSync(path.join(d, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: [first] }));
  copyFileSync(path.join(MIGRATIONS, `${first.tag}.sql`), path.join(d, `${first.tag}.sql`));
  copyFileSync(path.join(MIGRATIONS, 'meta', '0000_snapshot.json'), path.join(d, 'meta', '0000_snapshot.json'));
  return d;
}

describe('opening databases', () => {
  it('refuses a database from a newer Lavka with db_too_new and leaves the file as it was', () => {
    const d = dir();
    const file = path.join(d, DB_FILE);
    openDatabase({ file, migrationsDir: MIGRATIONS }).raw.close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${KNOWN + 1}`);
    raw.prepare(`INSERT INTO settings (key, value) VALUES ('from_the_future', '"yes"')`).run();
    raw.close();
    const before = sha(file);
    expect(openError(() => openDatabase({ file, migrationsDir: MIGRATIONS, quickCheck: true }))).toBe('db_too_new');
    expect(openError(() => createCore({ dataDir: d, migrationsDir: MIGRATIONS, version: 't', mode: 'local', demo: true }))).toBe(
      'db_too_new',
    );
    expect(sha(file)).toBe(before);
    expect(existsSync(path.join(d, 'backups'))).toBe(false);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(KNOWN + 1);
    expect(check.prepare(`SELECT count(*) AS n FROM users`).get()).toEqual({ n: 0 }); // no demo seeded into it
    check.close();
  });

  it('backs up an older database before migrating it; the backup opens and holds the old data', () => {
    const d = dir();
    const file = path.join(d, DB_FILE);
    const v1 = openDatabase({ file, migrationsDir: firstMigrationOnly() });
    expect(v1.raw.pragma('user_version', { simple: true })).toBe(1);
    v1.raw.prepare(`INSERT INTO locations (name, kind) VALUES ('Old shop', 'store')`).run();
    v1.raw
      .prepare(`INSERT INTO products (sku, name, unit, price, cost, tax_rate_bp) VALUES ('OLD-1', 'Old bread', 'pcs', 4500, 3000, 1000)`)
      .run();
    v1.raw.close();
    const backups: string[] = [];
    const db = openDatabase({ file, migrationsDir: MIGRATIONS, quickCheck: true, onBackup: (f) => backups.push(f) });
    try {
      expect(db.raw.pragma('user_version', { simple: true })).toBe(KNOWN);
      expect(db.raw.prepare(`SELECT name FROM products WHERE sku = 'OLD-1'`).get()).toEqual({ name: 'Old bread' });
      expect(
        db.raw.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name = 'stock_movements_no_update'`).get(),
      ).toEqual({ n: 1 });
    } finally {
      db.raw.close();
    }
    expect(backups).toHaveLength(1);
    expect(path.dirname(backups[0]!)).toBe(path.join(d, 'backups'));
    expect(readdirSync(path.join(d, 'backups'))).toEqual([path.basename(backups[0]!)]);
    const old = new Database(backups[0]!, { readonly: true });
    try {
      expect(old.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(old.pragma('user_version', { simple: true })).toBe(1);
      expect(old.prepare(`SELECT name, price FROM products WHERE sku = 'OLD-1'`).get()).toEqual({ name: 'Old bread', price: 4500 });
      expect(old.prepare(`SELECT name FROM locations`).all()).toEqual([{ name: 'Old shop' }]);
      expect(old.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger'`).get()).toEqual({ n: 0 }); // taken before 0001
    } finally {
      old.close();
    }
    // Opening again at the current version takes no second backup.
    openDatabase({ file, migrationsDir: MIGRATIONS, onBackup: (f) => backups.push(f) }).raw.close();
    expect(backups).toHaveLength(1);
  });

  it('a file of garbage is refused (db_corrupt / db_open_failed) and is not replaced by an empty database', () => {
    const d = dir();
    const file = path.join(d, DB_FILE);
    writeFileSync(file, randomBytes(64 * 1024));
    const before = sha(file);
    expect(['db_corrupt', 'db_open_failed']).toContain(openError(() => openDatabase({ file, migrationsDir: MIGRATIONS })));
    expect(['db_corrupt', 'db_open_failed']).toContain(
      openError(() => createCore({ dataDir: d, migrationsDir: MIGRATIONS, version: 't', mode: 'local', demo: true })),
    );
    expect(sha(file)).toBe(before);
  });

  it('a database with a valid header but damaged pages is refused by the quick check, untouched', () => {
    const core = testCore();
    const file = core.dbFile;
    core.close();
    const bytes = readFileSync(file);
    const page = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
    expect(bytes.length).toBeGreaterThan(page * 8);
    randomBytes(page * 3).copy(bytes, page * 4); // b-tree pages in the middle; page 1 (header, schema root) intact
    writeFileSync(file, bytes);
    const before = sha(file);
    expect(['db_corrupt', 'db_open_failed']).toContain(
      openError(() => createCore({ dataDir: path.dirname(file), migrationsDir: MIGRATIONS, version: 't', mode: 'local' })),
    );
    expect(sha(file)).toBe(before);
    cleanups.push(core.cleanup);
  });
});

describe('append-only ledger triggers', () => {
  const core = testCore();
  cleanups.push(core.cleanup);
  const raw = core.db.raw;
  beforeAll(async () => {
    openShift(core);
    const p = raw.prepare(`SELECT id FROM products WHERE active = 1 ORDER BY id LIMIT 1`).get() as { id: number };
    const sale = await (
      await as(core, 'cashier')
    )('sale.post', {
      uuid: uuid(),
      lines: [{ productId: p.id, qty: 1000 }],
      payments: [
        { method: 'card', amount: 1 },
        { method: 'cash', amount: 10 ** 7 },
      ],
    });
    expect(sale.ok).toBe(true);
    expect(raw.prepare('SELECT count(*) AS n FROM payments').get()).toEqual({ n: 2 }); // every table below has rows to refuse
  });
  const statements = [
    'UPDATE stock_movements SET qty_delta = qty_delta + 1000',
    'UPDATE stock_movements SET value_delta = 0 WHERE id = (SELECT max(id) FROM stock_movements)',
    'DELETE FROM stock_movements WHERE id = (SELECT max(id) FROM stock_movements)',
    `UPDATE audit_log SET action = 'nothing.happened'`,
    'DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)',
    'DELETE FROM audit_log',
    'UPDATE document_lines SET amount = 0',
    'DELETE FROM payments',
    'UPDATE payments SET amount = 0',
    'DELETE FROM documents',
    'UPDATE documents SET total = 0',
  ];
  it.each(statements)('%s fails with ledger_append_only and changes nothing', (sql) => {
    const count = (t: string) => raw.prepare(`SELECT count(*) AS n, total(rowid) AS s FROM ${t}`).get() as object;
    const tables = ['stock_movements', 'audit_log', 'document_lines', 'payments', 'documents'];
    const before = tables.map(count);
    const sums = raw.prepare('SELECT total(qty_delta) AS q, total(value_delta) AS v FROM stock_movements').get();
    expect(() => raw.prepare(sql).run()).toThrow(/ledger_append_only/);
    expect(tables.map(count)).toEqual(before);
    expect(raw.prepare('SELECT total(qty_delta) AS q, total(value_delta) AS v FROM stock_movements').get()).toEqual(sums);
  });
});
