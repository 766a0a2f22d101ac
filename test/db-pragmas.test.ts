/**
 * Durability settings of the shop database, read straight from the connection the app opens. A SIGKILL cannot tell
 * synchronous=FULL from OFF (the OS still writes the page cache out), only a power cut can: so the pragmas are
 * checked themselves, on connections that have run nothing yet (a draft commit sets synchronous on its way out,
 * which would hide a wrong value set at open).
 */
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, openShopDb } from '../core/app';
import { inDraftTransaction } from '../db/connection';
import { as, MIGRATIONS, tempDir, testCore, unwrap } from './helpers';

const cleanups: (() => void)[] = [];
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((c) => c()),
);

const FULL = 2;
const NORMAL = 1;

function durable(raw: Database.Database) {
  expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
  expect(raw.pragma('synchronous', { simple: true })).toBe(FULL);
  expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
  // Another connection (a backup, the integrity worker, the CLI) holding the lock makes a writer wait, not fail.
  expect(raw.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
}

function freshCore() {
  const core = testCore();
  cleanups.push(core.cleanup);
  return core;
}

describe('the shop database as the app opens it', () => {
  it('a new file: WAL, synchronous=FULL, foreign keys on, a busy timeout', () => {
    durable(freshCore().db.raw);
  });

  it('an existing file reopened (createCore, and openShopDb as the command line does)', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const opts = { dataDir: t.dir, migrationsDir: MIGRATIONS, version: '0.0.0-test', mode: 'local' as const, demo: true };
    createCore(opts).close();
    const core = createCore(opts);
    cleanups.push(core.close);
    durable(core.db.raw);
    const db = openShopDb(opts);
    cleanups.push(() => db.raw.close());
    durable(db.raw);
  });

  it('the database reopened after a restore from backup', async () => {
    const core = freshCore();
    const owner = await as(core, 'owner');
    const { name } = unwrap(await owner('backup.create', {}));
    unwrap(await owner('backup.restore', { name }));
    durable(core.db.raw);
  });
});

describe('draft commits (inDraftTransaction)', () => {
  const sync = (raw: Database.Database) => raw.pragma('synchronous', { simple: true });

  it('run at NORMAL and put FULL back after the commit', () => {
    const { db } = freshCore();
    // The first draft on a connection prepares both pragma statements, and SQLite applies a pragma when it is
    // prepared (a fresh statement's first run does nothing): that one draft commits at FULL. From the second on, NORMAL.
    inDraftTransaction(db, () => {});
    expect(sync(db.raw)).toBe(FULL);
    for (let i = 0; i < 3; i++) {
      expect(inDraftTransaction(db, () => sync(db.raw))).toBe(NORMAL);
      expect(sync(db.raw)).toBe(FULL);
    }
  });

  it('put FULL back after a draft that failed', () => {
    const { db } = freshCore();
    const failing = () => db.raw.prepare('INSERT INTO nowhere VALUES (1)').run();
    for (let i = 0; i < 3; i++) {
      expect(() => inDraftTransaction(db, failing)).toThrow(/no such table/);
      expect(sync(db.raw)).toBe(FULL);
      expect(db.raw.inTransaction).toBe(false);
    }
  });
});
