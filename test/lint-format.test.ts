/**
 * `npm run lint` checks the layout with Prettier as well as the rules with ESLint: a file laid out by hand fails it.
 * The check runs the command the lint script runs, with the project's own config, on a folder holding one file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'lavka-format-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
copyFileSync(path.join(ROOT, '.prettierrc.json'), path.join(dir, '.prettierrc.json'));
const prettier = path.join(ROOT, 'node_modules', 'prettier', 'bin', 'prettier.cjs');

const check = (file: string, text: string) => {
  writeFileSync(path.join(dir, file), text);
  return spawnSync(process.execPath, [prettier, '--check', file], { cwd: dir, encoding: 'utf8' });
};

describe('formatting is part of lint', () => {
  it('the lint script runs prettier --check over the whole tree after ESLint', () => {
    const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.lint).toMatch(/^eslint --max-warnings 0 \. && prettier --check \.$/);
  });

  it('an unformatted file fails the check, and passes once Prettier has laid it out', () => {
    const bad = check('bad.ts', 'export const total   =  (a:number,b:number)=>{ return a+b }\n');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr + bad.stdout).toMatch(/bad\.ts/);
    execFileSync(process.execPath, [prettier, '--write', 'bad.ts'], { cwd: dir });
    expect(check('bad.ts', readFileSync(path.join(dir, 'bad.ts'), 'utf8')).status).toBe(0);
  });
});
