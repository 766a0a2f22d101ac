import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCore } from '../core/app';
import { backupNow, checkDatabaseFile, listBackups, rotate, KEEP } from '../core/backup';
import { AppHost } from '../core/host';
import { ledgerViolations } from '../db/queries/stock';
import { as, MIGRATIONS, openShift, tempDir, unwrap, uuid } from './helpers';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function shop(dir: string) {
  return { dataDir: dir, migrationsDir: MIGRATIONS, version: 't', mode: 'local' as const, demo: true };
}

const saleCount = (core: { db: { raw: { prepare(s: string): { get(): unknown } } } }) =>
  (core.db.raw.prepare(`SELECT count(*) AS n FROM documents WHERE type = 'sale'`).get() as { n: number }).n;

describe('backups', () => {
  it('a backup taken during a stream of sales restores to a sound database', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const core = createCore(shop(t.dir));
    openShift(core);
    const cashier = await as(core, 'cashier');
    let posting = true;
    let posted = 0;
    // Sales keep coming while the paged online backup runs (it yields between pages).
    const stream = (async () => {
      while (posting) {
        unwrap(
          await cashier('sale.post', {
            uuid: uuid(),
            lines: [
              { productId: 1 + (posted % 50), qty: 1000 },
              { productId: 295, qty: 250 },
            ],
            payments: [{ method: 'cash', amount: 10_000_000 }],
          }),
        );
        posted++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    const b = await backupNow(core.db, core.backupDir, 'manual');
    posting = false;
    await stream;
    expect(posted).toBeGreaterThan(5);
    expect(checkDatabaseFile(b.file)).toEqual({ ok: true });

    const owner = await as(core, 'owner');
    const before = saleCount(core);
    unwrap(await owner('backup.restore', { name: b.name }));
    const restored = saleCount(core);
    expect(restored).toBeLessThanOrEqual(before);
    expect((core.db.raw.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check).toBe('ok');
    expect(ledgerViolations(core.db)).toEqual([]);
    // Sessions end on restore: the database underneath changed.
    expect((await owner('backup.list', {})).ok).toBe(false);
    // The shop goes on selling on the restored database.
    const again = await as(core, 'cashier');
    unwrap(
      await again('sale.post', {
        uuid: uuid(),
        lines: [{ productId: 3, qty: 1000 }],
        payments: [{ method: 'card', amount: unwrap(await again('catalog.get', { id: 3 })).price }],
      }),
    );
    expect(listBackups(core.backupDir).some((x) => x.reason === 'before-restore')).toBe(true);
    core.close();
  });

  it('rotation keeps the newest copies of a kind', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const core = createCore({ ...shop(t.dir), demo: false });
    for (let i = 0; i < KEEP.migration + 2; i++) await backupNow(core.db, core.backupDir, 'migration');
    rotate(core.backupDir, 'migration');
    expect(listBackups(core.backupDir).filter((b) => b.reason === 'migration')).toHaveLength(KEEP.migration);
    core.close();
  });

  it("quitting during the day's backup waits for it: the copy is whole and checked, and no part-written file is left", async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const host = new AppHost(shop(t.dir), { devices: false, sync: false });
    await host.integrityChecked;
    const errors: unknown[][] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args));
    try {
      host.startBackupSchedule(); // a fresh shop has no daily copy: the first one starts now
      await host.close();
    } finally {
      spy.mockRestore();
    }
    expect(errors).toEqual([]);
    const backupDir = path.join(t.dir, 'backups');
    const daily = listBackups(backupDir).filter((b) => b.reason === 'daily');
    expect(daily).toHaveLength(1);
    expect(checkDatabaseFile(daily[0]!.file)).toEqual({ ok: true });
    expect(readdirSync(backupDir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('a copy cut short long ago (the process killed mid-copy) is cleared by the next backup; one being written is not', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const core = createCore(shop(t.dir));
    cleanups.push(() => core.close());
    mkdirSync(core.backupDir, { recursive: true });
    const abandoned = path.join(core.backupDir, 'lavka-20260101T000000000Z-daily.sqlite.partial');
    const writing = path.join(core.backupDir, 'lavka-20260102T000000000Z-daily.sqlite.partial');
    writeFileSync(abandoned, 'x'.repeat(4096));
    writeFileSync(writing, 'x'.repeat(4096));
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(abandoned, twoHoursAgo, twoHoursAgo);
    const b = await backupNow(core.db, core.backupDir, 'manual');
    expect(existsSync(abandoned)).toBe(false);
    expect(existsSync(writing)).toBe(true);
    expect(listBackups(core.backupDir).map((x) => x.name)).toEqual([b.name]);
  });

  it('a damaged database at start leads to recovery, not to an empty shop, and a backup brings it back', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const core = createCore(shop(t.dir));
    const b = await backupNow(core.db, core.backupDir, 'daily');
    const dbFile = core.dbFile;
    core.close();
    // Overwrite the middle of the file: pages of tables and indexes become garbage.
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(dbFile);
    bytes.fill(0x5a, 8192, Math.min(bytes.length, 8192 * 6));
    writeFileSync(dbFile, bytes);

    const host = new AppHost(shop(t.dir), { devices: false });
    await host.integrityChecked;
    const info = unwrap((await host.call({ session: null }, 'system.info', {})) as never) as {
      recovery: { problem: string; backups: { name: string }[] } | null;
      needsSetup: boolean;
    };
    expect(info.recovery).not.toBeNull();
    expect(info.recovery!.backups.map((x) => x.name)).toContain(b.name);
    // Nothing else works, and nothing was seeded over the damaged file.
    const denied = await host.call({ session: null }, 'auth.users', {});
    expect(denied).toMatchObject({ ok: false, error: { code: 'db_damaged' } });
    expect(
      readFileSync(dbFile)
        .subarray(8192, 8200)
        .every((x) => x === 0x5a),
    ).toBe(true);

    const back = await host.call({ session: null }, 'recovery.restore', { name: b.name });
    expect(back).toMatchObject({ ok: true, value: { recovery: null, needsSetup: false } });
    const users = await host.call({ session: null }, 'auth.users', {});
    expect(users.ok && (users.value as unknown[]).length).toBe(4);
    expect(path.dirname(dbFile)).toBe(t.dir);
    await host.close();
  });
});
