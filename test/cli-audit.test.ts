import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../core/app';
import { lavkaCli } from './cli-kit';
import { as, openShift, tempDir, testCore, unwrap, uuid } from './helpers';

const cli = (dir: string, ...args: string[]) => lavkaCli([...args, '--data-dir', dir]);

let core: ReturnType<typeof testCore>;
beforeAll(async () => {
  core = testCore();
  openShift(core);
  const cashier = await as(core, 'cashier');
  for (let i = 0; i < 3; i++)
    unwrap(
      await cashier('sale.post', { uuid: uuid(), lines: [{ productId: 5, qty: 1000 }], payments: [{ method: 'cash', amount: 1_000_000 }] }),
    );
  core.close();
});
afterAll(() => core.cleanup());

/** A data dir of its own holding a copy of the shop (closed in beforeAll, so the file is whole). */
function copyOfShop(): ReturnType<typeof tempDir> {
  const t = tempDir();
  copyFileSync(path.join(core.dir, DB_FILE), path.join(t.dir, DB_FILE));
  return t;
}

describe('lavka CLI', () => {
  it('verify-audit passes on an untouched log and check confirms the ledger', () => {
    const ok = cli(core.dir, 'verify-audit');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/audit log ok: \d+ entries/);
    const check = cli(core.dir, 'check');
    expect(check.status, check.stderr).toBe(0);
  });

  it('editing one audit row in the SQLite file makes verify-audit name that row', () => {
    // On a copy: the other tests read the untouched shop.
    const t = copyOfShop();
    const db = new Database(path.join(t.dir, DB_FILE));
    // What a tamperer would do: drop the guard trigger, then rewrite history.
    db.exec('DROP TRIGGER audit_log_no_update');
    const victim = db.prepare(`SELECT id FROM audit_log WHERE action = 'doc.post' ORDER BY id DESC LIMIT 1`).get() as { id: number };
    db.prepare(`UPDATE audit_log SET data = '{"total":1}' WHERE id = ?`).run(victim.id);
    db.close();
    const r = cli(t.dir, 'verify-audit');
    t.cleanup();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`BROKEN at entry ${victim.id}:`);
    expect(r.stderr).toContain('edited');
  });

  it('an unknown command prints usage and fails', () => {
    const r = lavkaCli(['nope']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/usage/);
  });
});

describe('audit chain tail', () => {
  it('deleting the newest entries is found through the documents they recorded', async () => {
    const c = testCore();
    openShift(c);
    const cashier = await as(c, 'cashier');
    unwrap(
      await cashier('sale.post', { uuid: uuid(), lines: [{ productId: 7, qty: 1000 }], payments: [{ method: 'cash', amount: 1_000_000 }] }),
    );
    const owner = await as(c, 'owner');
    expect(unwrap(await owner('audit.verify', {})).ok).toBe(true);
    c.db.raw.exec('DROP TRIGGER audit_log_no_delete');
    const last = (c.db.raw.prepare(`SELECT id FROM audit_log WHERE action = 'doc.post' ORDER BY id DESC LIMIT 1`).get() as { id: number })
      .id;
    c.db.raw.prepare('DELETE FROM audit_log WHERE id >= ?').run(last);
    const r = unwrap(await owner('audit.verify', {}));
    expect(r.ok).toBe(false);
    expect(r.firstBad?.id).toBe(last);
    expect(r.firstBad?.reason).toMatch(/deleted: document S-\d+ has no posting entry/);
    c.cleanup();
  });
});
