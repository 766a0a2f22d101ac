import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers';

/** drizzle-kit generate on a copy of db/: what it would write is what the schema and the migrations disagree on. */
function generateOnCopy(editSchema?: (dir: string) => void): { output: string; migrations: string[] } {
  const t = tempDir('lavka-schema-');
  cpSync(path.join(ROOT, 'db'), path.join(t.dir, 'db'), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(t.dir, 'node_modules'));
  writeFileSync(
    path.join(t.dir, 'drizzle.config.ts'),
    "export default { dialect: 'sqlite', schema: './db/schema/index.ts', out: './db/migrations' };\n",
  );
  editSchema?.(t.dir);
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'drizzle-kit', 'bin.cjs'), 'generate', '--config', 'drizzle.config.ts'],
    { cwd: t.dir, encoding: 'utf8' },
  );
  const migrations = readdirSync(path.join(t.dir, 'db', 'migrations')).filter((f) => f.endsWith('.sql'));
  t.cleanup();
  return { output: r.stdout + r.stderr, migrations };
}

describe('schema and migrations', () => {
  it('the committed migrations match the drizzle schema (no change left to generate)', () => {
    const { output, migrations } = generateOnCopy();
    expect(output).toContain('No schema changes');
    expect(migrations).toEqual(readdirSync(path.join(ROOT, 'db', 'migrations')).filter((f) => f.endsWith('.sql')));
  });

  it('a schema edit without a migration is caught', () => {
    const { output, migrations } = generateOnCopy((dir) => {
      const file = path.join(dir, 'db', 'schema', 'system.ts');
      const src = readFileSync(file, 'utf8');
      writeFileSync(file, src.replace("lastError: text('last_error'),", "lastError: text('last_error'),\n    note: text('note'),"));
    });
    expect(output).not.toContain('No schema changes');
    expect(migrations.length).toBe(readdirSync(path.join(ROOT, 'db', 'migrations')).filter((f) => f.endsWith('.sql')).length + 1);
  });
});
