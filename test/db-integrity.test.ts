import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkInWorker, quickCheckInWorker } from '../db/integrity';
import { testCore } from './helpers';

describe('quick_check and integrity_check in a worker', () => {
  it('passes a sound database and names the damage in a broken one', async () => {
    const core = testCore();
    const file = core.dbFile;
    core.db.raw.pragma('wal_checkpoint(TRUNCATE)');
    expect(await quickCheckInWorker(file)).toEqual([]);
    expect(await checkInWorker(file, 'integrity_check')).toEqual([]);
    core.close();
    const bytes = readFileSync(file);
    bytes.fill(0x5a, 8192, Math.min(bytes.length, 8192 * 6));
    writeFileSync(file, bytes);
    for (const problems of [await quickCheckInWorker(file), await checkInWorker(file, 'integrity_check')]) {
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.join(' ')).toMatch(/malformed|corrupt|not a database|Tree|page|disk image/i);
    }
    expect(await checkInWorker(file + '.missing', 'integrity_check')).toEqual([
      expect.stringMatching(/unable to open|does not exist|no such file/i),
    ]);
    core.cleanup();
  });
});

describe('start-up check in AppHost', () => {
  it('after a clean stop the database opens at once and is checked in a worker; damage found then leads to recovery', async () => {
    const { AppHost } = await import('../core/host');
    const { MIGRATIONS, tempDir } = await import('./helpers');
    const t = tempDir();
    const opts = { dataDir: t.dir, migrationsDir: MIGRATIONS, version: 't', mode: 'local' as const, demo: true };
    const first = new AppHost(opts, { devices: false });
    const { existsSync } = await import('node:fs');
    const path = await import('node:path');
    expect(existsSync(path.join(t.dir, 'lavka.running'))).toBe(true);
    first.core!.db.raw.pragma('wal_checkpoint(TRUNCATE)');
    // Damage only the audit log's root page: opening never reads it, so only the full check can notice.
    const root = (first.core!.db.raw.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'audit_log'`).get() as { rootpage: number })
      .rootpage;
    const pageSize = first.core!.db.raw.pragma('page_size', { simple: true }) as number;
    await first.close();
    expect(existsSync(path.join(t.dir, 'lavka.running'))).toBe(false);

    const file = path.join(t.dir, 'lavka.sqlite');
    const bytes = readFileSync(file);
    bytes.fill(0x5a, (root - 1) * pageSize, root * pageSize);
    writeFileSync(file, bytes);
    const second = new AppHost(opts, { devices: false });
    // Served at once: the check is still running in its worker.
    expect(second.core).not.toBeNull();
    await second.integrityChecked;
    expect(second.core).toBeNull();
    const info = await second.call({ session: null }, 'system.info', {});
    expect(info).toMatchObject({ ok: true, value: { recovery: { problem: expect.stringContaining('quick_check') } } });
    await second.close();
    t.cleanup();
  });

  it('after a crash (marker left behind) the check runs before serving', async () => {
    const { AppHost } = await import('../core/host');
    const { MIGRATIONS, tempDir } = await import('./helpers');
    const path = await import('node:path');
    const t = tempDir();
    const opts = { dataDir: t.dir, migrationsDir: MIGRATIONS, version: 't', mode: 'local' as const, demo: true };
    const first = new AppHost(opts, { devices: false });
    first.core!.db.raw.pragma('wal_checkpoint(TRUNCATE)');
    first.core!.close(); // no host.close(): the marker stays, as after a crash
    const file = path.join(t.dir, 'lavka.sqlite');
    const bytes = readFileSync(file);
    bytes.fill(0x5a, Math.floor(bytes.length / 2), bytes.length - 4096);
    writeFileSync(file, bytes);
    const second = new AppHost(opts, { devices: false });
    // Refused synchronously at open: recovery from the first call, no window where the damaged file serves.
    expect(second.core).toBeNull();
    await second.close();
    t.cleanup();
  });
});
