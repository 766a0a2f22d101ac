import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { quickCheckInWorker } from '../db/integrity';
import { testCore } from './helpers';

describe('quick_check in a worker', () => {
  it('passes a sound database and names the damage in a broken one', async () => {
    const core = testCore();
    const file = core.dbFile;
    core.db.raw.pragma('wal_checkpoint(TRUNCATE)');
    expect(await quickCheckInWorker(file)).toEqual([]);
    core.close();
    const bytes = readFileSync(file);
    bytes.fill(0x5a, 8192, Math.min(bytes.length, 8192 * 6));
    writeFileSync(file, bytes);
    const problems = await quickCheckInWorker(file);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join(' ')).toMatch(/malformed|corrupt|not a database|Tree|page|disk image/i);
    core.cleanup();
  });
});
