/**
 * Rewriting history in the SQLite file, column by column and row by row, the way a tamperer would (drop the
 * append-only triggers on a copy, then edit): the audit chain must name the damage through the API's audit.verify
 * and verifyAudit, and through `lavka verify-audit`.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../core/app';
import { verifyAudit } from '../db/queries/audit';
import { lavkaCli } from './cli-kit';
import { as, DEMO, openShift, tempDir, testCore, unwrap, uuid } from './helpers';

interface Row {
  id: number;
  at: string;
  user_id: number | null;
  action: string;
  entity: string | null;
  entity_id: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

let base: ReturnType<typeof testCore>;
let rows: Row[] = [];
/** A sale's posting entry in the middle of the log: by the cashier, on a document, with data. */
let victim: Row;
/** The first entry of the tail that holds the newest sale's posting. */
let lastPosting: Row;
const dirs: (() => void)[] = [];

beforeAll(async () => {
  base = testCore();
  openShift(base);
  const cashier = await as(base, 'cashier');
  const owner = await as(base, 'owner');
  const sell = (productId: number) =>
    cashier('sale.post', { uuid: uuid(), lines: [{ productId, qty: 1000 }], payments: [{ method: 'cash', amount: 1_000_000 }] });
  unwrap(await sell(3));
  const second = unwrap(await sell(4));
  unwrap(await cashier('shift.cash', { uuid: uuid(), kind: 'in', amount: 5000, reason: 'change fund' }));
  unwrap(await sell(5));
  unwrap(await owner('doc.cancel', { id: second.id, uuid: uuid(), reason: 'wrong item' }));
  unwrap(await sell(6));
  rows = base.db.raw.prepare('SELECT * FROM audit_log ORDER BY id').all() as Row[];
  const postings = rows.filter((r) => r.action === 'doc.post' && r.user_id === DEMO.cashier.id);
  victim = postings[1]!;
  lastPosting = postings.at(-1)!;
  expect(victim.id).toBeGreaterThan(2);
  expect(lastPosting.id).toBeGreaterThan(victim.id + 3);
  base.close(); // the last connection: the WAL is checkpointed into the file and removed
  expect(existsSync(`${base.dbFile}-wal`)).toBe(false);
});
afterAll(() => {
  base?.cleanup();
  dirs.forEach((d) => d());
});

/** A copy of the shop with its triggers dropped and `tamper` applied to the audit log. */
function tampered(tamper: (db: Database.Database) => void): string {
  const t = tempDir('lavka-tamper-');
  dirs.push(t.cleanup);
  copyFileSync(base.dbFile, path.join(t.dir, DB_FILE));
  const db = new Database(path.join(t.dir, DB_FILE));
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete');
  db.transaction(() => tamper(db))();
  db.close();
  return t.dir;
}

const set = (column: keyof Row, value: unknown) => (db: Database.Database) => {
  const r = db.prepare(`UPDATE audit_log SET ${column} = ? WHERE id = ?`).run(value, victim.id);
  expect(r.changes).toBe(1);
};

const cli = (dir: string) => lavkaCli(['verify-audit', '--data-dir', dir]);

const EDITED = /edited/;
const LINK = /link to the previous entry does not match/;

/** Each tamper, and the entry and reason the check must name (ids resolved once the log exists). */
const cases: [string, () => (db: Database.Database) => void, () => { id: number; reason: RegExp }][] = [
  ['who: user_id blamed on another user', () => set('user_id', DEMO.owner.id), () => ({ id: victim.id, reason: EDITED })],
  ['who: user_id erased', () => set('user_id', null), () => ({ id: victim.id, reason: EDITED })],
  [
    'when: at moved by a second',
    () =>
      set(
        'at',
        victim.at.replace(/:(\d\d)\./, (_, s: string) => `:${String((Number(s) + 1) % 60).padStart(2, '0')}.`),
      ),
    () => ({ id: victim.id, reason: EDITED }),
  ],
  ['what: action (a posting passed off as a reversal)', () => set('action', 'doc.reverse'), () => ({ id: victim.id, reason: EDITED })],
  ['entity', () => set('entity', 'product'), () => ({ id: victim.id, reason: EDITED })],
  ['entity_id', () => set('entity_id', String(Number(victim.entity_id) + 1)), () => ({ id: victim.id, reason: EDITED })],
  ['data', () => set('data', victim.data.replace(/"total":\d+/, '"total":1')), () => ({ id: victim.id, reason: EDITED })],
  [
    'prev_hash (pointed at an older entry)',
    () => set('prev_hash', rows.find((r) => r.id === victim.id - 2)!.hash),
    () => ({ id: victim.id, reason: LINK }),
  ],
  ["hash (another entry's)", () => set('hash', rows.find((r) => r.id === victim.id + 1)!.hash), () => ({ id: victim.id, reason: EDITED })],
  [
    'order: two entries swap their contents',
    () => (db) => {
      const other = rows.find((r) => r.id === victim.id + 2)!;
      const put = db.prepare(
        'UPDATE audit_log SET at = @at, user_id = @user_id, action = @action, entity = @entity, entity_id = @entity_id, data = @data, prev_hash = @prev_hash, hash = @hash WHERE id = @id',
      );
      put.run({ ...other, id: victim.id });
      put.run({ ...victim, id: other.id });
    },
    () => ({ id: victim.id, reason: LINK }),
  ],
  [
    'order: a middle entry deleted',
    () => (db) => expect(db.prepare('DELETE FROM audit_log WHERE id = ?').run(victim.id).changes).toBe(1),
    () => ({ id: victim.id + 1, reason: new RegExp(`entries before ${victim.id + 1} were deleted`) }),
  ],
  [
    'order: the newest entries deleted',
    () => (db) =>
      expect(db.prepare('DELETE FROM audit_log WHERE id >= ?').run(lastPosting.id).changes).toBe(rows.at(-1)!.id - lastPosting.id + 1),
    () => ({ id: lastPosting.id, reason: /deleted: document S-\d+ has no posting entry/ }),
  ],
];

describe('audit log tampering', () => {
  it('the untouched copy verifies, through the API and the command line', async () => {
    const dir = tampered(() => {});
    const core = testCore({ dataDir: dir, demo: false });
    try {
      expect(unwrap(await (await as(core, 'owner'))('audit.verify', {}))).toMatchObject({ ok: true, firstBad: null });
    } finally {
      core.close();
    }
    const r = cli(dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/audit log ok/);
  });

  it.each(cases)('%s is found by audit.verify and lavka verify-audit', async (_name, tamper, expected) => {
    const dir = tampered(tamper());
    const { id, reason } = expected();
    const out = cli(dir);
    expect(out.status, out.stdout + out.stderr).toBe(2);
    expect(out.stderr).toContain(`audit log BROKEN at entry ${id}:`);
    expect(out.stderr).toMatch(reason);
    const core = testCore({ dataDir: dir, demo: false });
    try {
      expect(verifyAudit(core.db).firstBad).toEqual({ id, reason: expect.stringMatching(reason) });
      // Through the API too (the owner's login appends to the log first, so only the verdict is compared).
      const r = unwrap(await (await as(core, 'owner'))('audit.verify', {}));
      expect(r.ok).toBe(false);
      expect(r.firstBad?.reason).toMatch(reason);
    } finally {
      core.close();
    }
  });
});
