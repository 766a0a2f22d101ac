/**
 * Upgrading a shop whose outbox was written by the previous schema (one delivered_at per row): receipts still waiting
 * print after the upgrade, receipts already printed never print again, and rows nobody reads are gone.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { printerOutbox } from '../core/devices/print-outbox';
import { openDatabase, type Db } from '../db/connection';
import { enqueue } from '../db/queries/outbox';
import { MIGRATIONS, tempDir } from './helpers';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A migrations folder holding what the build before the outbox consumers shipped. */
function previousMigrations(dir: string): string {
  const d = path.join(dir, 'migrations-before');
  mkdirSync(path.join(d, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  const mine = journal.entries.findIndex((e) => e.tag.endsWith('_outbox_consumers'));
  expect(mine).toBeGreaterThan(0);
  const entries = journal.entries.slice(0, mine);
  writeFileSync(path.join(d, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  for (const e of entries) {
    copyFileSync(path.join(MIGRATIONS, `${e.tag}.sql`), path.join(d, `${e.tag}.sql`));
    copyFileSync(
      path.join(MIGRATIONS, 'meta', `${String(e.idx).padStart(4, '0')}_snapshot.json`),
      path.join(d, 'meta', `${String(e.idx).padStart(4, '0')}_snapshot.json`),
    );
  }
  return d;
}

type OldRow = { topic: string; payload: object; delivered?: boolean; attempts?: number; error?: string };

/** A shop file at the previous schema with these outbox rows (ids 1, 2, … in order), then opened by this build. */
function upgraded(rows: OldRow[]): Db {
  const t = tempDir('lavka-outbox-mig-');
  cleanups.push(t.cleanup);
  const file = path.join(t.dir, 'lavka.sqlite');
  const old = openDatabase({ file, migrationsDir: previousMigrations(t.dir) });
  const insert = old.raw.prepare(
    'INSERT INTO outbox (topic, payload, created_at, delivered_at, attempts, last_error) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const at = '2025-06-01T10:00:00.000Z';
  for (const r of rows)
    insert.run(r.topic, JSON.stringify(r.payload), at, r.delivered ? at : null, r.attempts ?? (r.delivered ? 1 : 0), r.error ?? null);
  old.raw.close();
  const db = openDatabase({ file, migrationsDir: MIGRATIONS, backupDir: path.join(t.dir, 'backups') });
  cleanups.push(() => db.raw.close());
  return db;
}

const ids = (rows: { id: number }[]): number[] => rows.map((r) => r.id);

describe('upgrading the outbox', () => {
  it('waiting receipts still print (the first with its attempts so far), printed ones never again, doc.posted rows are gone', () => {
    const db = upgraded([
      { topic: 'receipt.print', payload: { docId: 1 }, delivered: true }, // 1
      { topic: 'doc.posted', payload: { id: 1 }, delivered: true }, // 2
      { topic: 'receipt.print', payload: { docId: 2 }, attempts: 3, error: 'render: document 2 does not exist' }, // 3: stuck
      { topic: 'receipt.print', payload: { docId: 3 }, delivered: true }, // 4: printed behind it
      { topic: 'doc.posted', payload: { id: 3 } }, // 5
      { topic: 'drawer.kick', payload: { reason: 'change' }, delivered: true }, // 6
      { topic: 'report.print', payload: { shiftId: 1, kind: 'Z' }, attempts: 1, error: 'connect ECONNREFUSED' }, // 7
      { topic: 'receipt.print', payload: { docId: 4 } }, // 8
      { topic: 'doc.cancelled', payload: { id: 3 } }, // 9: the newest row
    ]);
    const printer = printerOutbox(db);
    expect(printer.pending()).toEqual([
      {
        id: 3,
        topic: 'receipt.print',
        payload: '{"docId":2}',
        attempts: 3,
        nextAttemptAt: null,
        lastError: 'render: document 2 does not exist',
      },
      { id: 7, topic: 'report.print', payload: '{"shiftId":1,"kind":"Z"}', attempts: 0, nextAttemptAt: null, lastError: null },
      { id: 8, topic: 'receipt.print', payload: '{"docId":4}', attempts: 0, nextAttemptAt: null, lastError: null },
    ]);
    expect(printer.depth()).toBe(3);
    expect(db.raw.prepare(`SELECT count(*) FROM outbox WHERE topic IN ('doc.posted', 'doc.cancelled')`).pluck().get()).toBe(0);

    // A new row comes after every row left and prints after the waiting ones.
    enqueue(db, 'receipt.print', { docId: 5 });
    const next = Number(db.raw.prepare('SELECT max(id) FROM outbox').pluck().get());
    expect(next).toBeGreaterThan(8);
    expect(ids(printer.pending())).toEqual([3, 7, 8, next]);
    printer.deadLetter(3, 'render: document 2 does not exist');
    for (const id of [7, 8, next]) printer.delivered(id);
    expect(printer.pending()).toEqual([]);
    expect(printer.depth()).toBe(0);
    expect(db.raw.prepare(`SELECT outbox_id, outcome FROM outbox_done ORDER BY outbox_id`).all()).toEqual([
      { outbox_id: 3, outcome: 'dead' },
    ]);
  });

  it('with nothing waiting, the printer starts past every old row', () => {
    const db = upgraded([
      { topic: 'receipt.print', payload: { docId: 1 }, delivered: true },
      { topic: 'doc.posted', payload: { id: 1 }, delivered: true },
      { topic: 'drawer.kick', payload: {}, delivered: true },
    ]);
    const printer = printerOutbox(db);
    expect(printer.pending()).toEqual([]);
    enqueue(db, 'receipt.print', { docId: 2 });
    expect(ids(printer.pending())).toEqual([4]);
  });

  it('a new shop: the printer reads from the first row', () => {
    const db = upgraded([]);
    enqueue(db, 'receipt.print', { docId: 1 });
    expect(ids(printerOutbox(db).pending())).toEqual([1]);
  });
});
