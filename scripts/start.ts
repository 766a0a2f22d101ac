// `npm start`: the desktop app when the Electron binary is installed, browser mode otherwise.
// Bundled to dist/server/start.mjs. Installs here run with ignore-scripts, so node_modules/electron often has
// no binary; requiring it then would try to download one, so the binary is looked for first.
// Browser mode runs as a child process (dist/server/serve.mjs, built beside this file) that is restarted if it dies.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findAppRoot } from '../server/paths';
import { superviseBrowserMode } from '../server/supervisor';

const req = createRequire(import.meta.url);

/** Path of an installed Electron executable, or null. Never triggers electron's download-on-require. */
export function findElectronBinary(): string | null {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(req.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = path.join(pkgDir, 'path.txt');
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const expected = override ? path.join(override, rel || 'electron') : rel ? path.join(pkgDir, 'dist', rel) : null;
  if (!expected || !isFile(expected)) return null;
  // The binary is there: electron's index.js now returns its path without downloading (or throws if broken).
  try {
    const resolved: unknown = req('electron');
    return typeof resolved === 'string' && isFile(resolved) ? resolved : null;
  } catch {
    return null;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

const root = findAppRoot(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const electron = findElectronBinary();

if (electron) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electron, [root, ...args], { stdio: 'inherit', env, windowsHide: false });
  const forward = (signal: NodeJS.Signals) => () => {
    if (!child.killed) child.kill(signal);
  };
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('error', (err) => {
    console.error(`Lavka cannot start Electron (${electron}): ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  console.log('Electron is not installed here (no binary in node_modules/electron/dist); starting Lavka in browser mode instead.');
  // The supervisor prints serve.mjs's "Lavka browser mode: URL" line (the one scripts and the e2e harness read) once it
  // counts that server as up.
  superviseBrowserMode({ serve: path.join(root, 'dist', 'server', 'serve.mjs'), args });
}
