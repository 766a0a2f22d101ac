/**
 * `lavka check` on copies of a real shop's file: healthy, with damaged pages, and with a ledger made inconsistent
 * behind the triggers' back. Each answer is one clear line and an exit code, never a stack trace.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../core/app';
import { lavkaCli } from './cli-kit';
import { as, openShift, tempDir, testCore, unwrap, uuid } from './helpers';

let base: ReturnType<typeof testCore>;
const SOLD = 5; // a product with movements at location 1
const dirs: (() => void)[] = [];

beforeAll(async () => {
  base = testCore();
  openShift(base);
  const cashier = await as(base, 'cashier');
  for (let i = 0; i < 3; i++)
    unwrap(
      await cashier('sale.post', {
        uuid: uuid(),
        lines: [{ productId: SOLD, qty: 1000 }],
        payments: [{ method: 'cash', amount: 1_000_000 }],
      }),
    );
  base.close(); // the last connection: the WAL is checkpointed into the file and removed
  expect(existsSync(`${base.dbFile}-wal`)).toBe(false);
});
afterAll(() => {
  base?.cleanup();
  dirs.forEach((d) => d());
});

/** A data dir holding a copy of the shop's file. */
function copy(): { dir: string; file: string } {
  const t = tempDir('lavka-check-');
  dirs.push(t.cleanup);
  const file = path.join(t.dir, DB_FILE);
  copyFileSync(base.dbFile, file);
  return { dir: t.dir, file };
}

/** Edits a copy with plain SQL, the append-only triggers dropped first. */
function edited(sql: string): string {
  const { dir, file } = copy();
  const db = new Database(file);
  db.exec('DROP TRIGGER stock_movements_no_update; DROP TRIGGER stock_movements_no_delete');
  db.exec(sql);
  db.close();
  return dir;
}

function check(dir: string) {
  const r = lavkaCli(['check', '--data-dir', dir]);
  const lines = (r.stdout + r.stderr).trim().split('\n');
  // One line, no stack trace: a shop owner or support reads it.
  expect(lines, r.stdout + r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  return { status: r.status, line: lines[0]! };
}

describe('lavka check', () => {
  it('a healthy database: exit 0', () => {
    const r = check(copy().dir);
    expect(r).toEqual({
      status: 0,
      line: 'database ok: integrity_check ok, on-hand and the derived totals equal the movements and lines everywhere',
    });
  });

  it('pages overwritten in the middle of the file: exit 2, the damage named', () => {
    const { dir, file } = copy();
    const bytes = readFileSync(file);
    const page = 4096;
    const middle = Math.floor(bytes.length / page / 2) * page;
    bytes.fill(0x5a, middle, Math.min(bytes.length, middle + 4 * page));
    writeFileSync(file, bytes);
    const r = check(dir);
    expect(r.status).toBe(2);
    expect(r.line).toMatch(/^database damaged: .*(malformed|corrupt|quick_check|integrity_check)/i);
  });

  it('a file that is not a database at all: exit 2', () => {
    const { dir, file } = copy();
    const bytes = readFileSync(file);
    bytes.fill(0x5a, 0, 100); // the header
    writeFileSync(file, bytes);
    const r = check(dir);
    expect(r.status).toBe(2);
    expect(r.line).toMatch(/^database damaged: .*not a database/i);
  });

  it('an on-hand row changed behind the ledger: exit 2, naming the product and location', () => {
    const r = check(edited(`UPDATE on_hand SET qty = qty + 1000 WHERE product_id = ${SOLD} AND location_id = 1`));
    expect(r.status).toBe(2);
    expect(r.line).toMatch(/^ledger invariant broken for 1 product\/location pairs/);
    expect(r.line).toContain(`"productId":${SOLD},"locationId":1`);
  });

  it('a movement deleted from the ledger: exit 2, naming the product and location', () => {
    const r = check(edited(`DELETE FROM stock_movements WHERE id = (SELECT max(id) FROM stock_movements WHERE product_id = ${SOLD})`));
    expect(r.status).toBe(2);
    expect(r.line).toMatch(/^ledger invariant broken for 1 product\/location pairs/);
    expect(r.line).toContain(`"productId":${SOLD},"locationId":1`);
  });
});
