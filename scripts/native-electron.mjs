// Builds better-sqlite3 for Electron's ABI into build/native/electron/, where electron/main.ts looks for it
// (nativeBinding), so the Node build in node_modules stays usable for tests and browser mode.
// Needs Electron's headers, which node-gyp downloads: run it on a machine with internet. Packaged builds do not
// need it: electron-builder rebuilds native modules for Electron at package time.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const src = path.dirname(require.resolve('better-sqlite3/package.json'));
const work = path.join(root, 'build', 'native', 'electron', 'work');
const gyp = require.resolve('node-gyp/bin/node-gyp.js', { paths: [src, '/usr/lib/node_modules/npm'] });

mkdirSync(work, { recursive: true });
execFileSync('cp', ['-r', `${src}/.`, work]);
console.log(`native:electron: building better-sqlite3 for Electron ${electronVersion}`);
execFileSync(
  process.execPath,
  [gyp, 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron'],
  { cwd: work, stdio: 'inherit' },
);
copyFileSync(
  path.join(work, 'build', 'Release', 'better_sqlite3.node'),
  path.join(root, 'build', 'native', 'electron', 'better_sqlite3.node'),
);
console.log('native:electron: wrote build/native/electron/better_sqlite3.node');
