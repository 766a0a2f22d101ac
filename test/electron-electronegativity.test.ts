// Electronegativity (Doyensec's static checker for Electron misconfigurations) over the desktop shell.
// Its CLI exits 0 even with findings, so the run() API is used and findings are counted. The online check
// (AvailableSecurityFixesGlobalCheck) is excluded; its i18n loader also tries the network and falls back
// to the bundled English strings when offline.
import { build } from 'esbuild';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

interface Issue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string; value: number };
  manualReview: boolean;
}
interface RunResult {
  issues: Issue[];
  errors: { file: string; message: string; tolerable: boolean }[];
  atomicChecks: number;
  globalChecks: number;
}

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity') as (opts: Record<string, unknown>) => Promise<RunResult>;
const severity = require('@doyensec/electronegativity/dist/finder/attributes').severity as Record<string, { value: number }>;
const MEDIUM = severity.MEDIUM!.value;

async function scan(input: string): Promise<RunResult> {
  return run({ input, excludeFromScan: ['AvailableSecurityFixesGlobalCheck'], electronVersionOverride: '45.4.1', isRelative: true });
}
const serious = (r: RunResult) => r.issues.filter((i) => i.severity.value >= MEDIUM);
const show = (issues: Issue[]) => issues.map((i) => `${i.id} ${i.severity.name} ${i.file}:${i.location.line}`).join('\n');

const tmp = tempDir('lavka-eng-');
afterAll(() => tmp.cleanup());

/** What ships: the shell, the renderer's page (its meta CSP) and package.json (Electron version). */
function stage(name: string): string {
  const dir = path.join(tmp.dir, name);
  mkdirSync(path.join(dir, 'renderer'), { recursive: true });
  cpSync(path.join(ROOT, 'renderer', 'index.html'), path.join(dir, 'renderer', 'index.html'));
  cpSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  return dir;
}

let sources = '';
let bundle = '';
beforeAll(async () => {
  sources = stage('sources');
  cpSync(path.join(ROOT, 'electron'), path.join(sources, 'electron'), { recursive: true });
  // The bundle as scripts/build.mjs makes it, with .js names (the scanner skips .cjs).
  bundle = stage('bundle');
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const [entry, out] of [
    ['electron/main.ts', 'main.js'],
    ['electron/preload.ts', 'preload.js'],
  ] as const) {
    await build({
      entryPoints: [path.join(ROOT, entry)],
      outfile: path.join(bundle, 'electron', out),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: [...Object.keys(pkg.dependencies), 'electron'],
      logLevel: 'error',
    });
  }
});

describe('electronegativity', () => {
  it('finds nothing medium or worse in the shell sources', async () => {
    const r = await scan(sources);
    expect(r.atomicChecks).toBeGreaterThan(30);
    expect(r.errors.filter((e) => !e.tolerable)).toEqual([]);
    // The preload and openExternal sites carry reviewed `eng-disable` annotations (see electron/main.ts).
    expect(serious(r), show(serious(r))).toEqual([]);
  });

  it('suppresses nothing but the two reviewed sites (proof the scan read the shell)', async () => {
    const dir = stage('unannotated');
    cpSync(path.join(ROOT, 'electron'), path.join(dir, 'electron'), { recursive: true });
    const main = path.join(dir, 'electron', 'main.ts');
    writeFileSync(main, readFileSync(main, 'utf8').replace(/eng-disable/g, 'reviewed'));
    const r = await scan(dir);
    expect([...new Set(serious(r).map((i) => i.id))].sort(), show(serious(r))).toEqual(['OPEN_EXTERNAL_JS_CHECK', 'PRELOAD_JS_CHECK']);
  });

  it('finds nothing medium or worse in the bundled shell, beyond the reviewed openExternal call', async () => {
    const r = await scan(bundle);
    expect(r.errors.filter((e) => !e.tolerable)).toEqual([]);
    // esbuild drops comments, so the source's `eng-disable OPEN_EXTERNAL_JS_CHECK` annotation is gone here.
    // That call only ever receives windowOpenDecision's parsed https URL (test/electron-policy.test.ts).
    const left = serious(r).filter((i) => i.id !== 'OPEN_EXTERNAL_JS_CHECK');
    expect(left, show(left)).toEqual([]);
    expect(serious(r).filter((i) => i.id === 'OPEN_EXTERNAL_JS_CHECK').length).toBeLessThanOrEqual(1);
  });

  it('does fail on a deliberately insecure shell', async () => {
    const bad = stage('bad');
    mkdirSync(path.join(bad, 'electron'));
    writeFileSync(
      path.join(bad, 'electron', 'main.ts'),
      `import { app, BrowserWindow } from 'electron';
app.whenReady().then(() => {
  const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, webSecurity: false } });
  void win.loadURL('http://example.com/');
});
`,
    );
    const r = await scan(bad);
    const ids = new Set(serious(r).map((i) => i.id));
    expect(serious(r).length).toBeGreaterThan(0);
    expect(ids).toContain('CONTEXT_ISOLATION_JS_CHECK'); // high
    expect(ids).toContain('SANDBOX_JS_CHECK');
    expect(ids).toContain('WEB_SECURITY_JS_CHECK');
    expect(ids).toContain('LIMIT_NAVIGATION_GLOBAL_CHECK'); // no will-navigate / setWindowOpenHandler
    expect(ids).toContain('PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK');
    // nodeIntegration: true is reported at informational level and feeds the global HTTP-resources check.
    expect(r.issues.map((i) => i.id)).toContain('NODE_INTEGRATION_JS_CHECK');
    expect(ids).toContain('HTTP_RESOURCES_WITH_NODE_INTEGRATION_GLOBAL_CHECK');
  });
});
