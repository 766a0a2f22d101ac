// Builds better-sqlite3 for this Node from source when its binding is missing or was built
// for another ABI. Installs run with ignore-scripts (see .npmrc), so this is the one place a
// native module gets compiled; it never downloads anything (no prebuild-install).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const pkgDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const binding = path.join(pkgDir, 'build', 'Release', 'better_sqlite3.node');

function loads() {
  if (!existsSync(binding)) return false;
  try {
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
    return true;
  } catch (err) {
    console.error(`native: existing better-sqlite3 binding does not load (${err.message}); rebuilding`);
    return false;
  }
}

if (!loads()) {
  // One line while it builds: installs never download a prebuilt binary, so the first run compiles SQLite once.
  const log = path.join(pkgDir, 'build-lavka-native.log');
  console.error(
    `Building the SQLite database engine (better-sqlite3) for Node ${process.version}: once per install, about a minute. Compiler output: ${log}`,
  );
  const npmCli = process.env.npm_execpath;
  const gyp = require.resolve('node-gyp/bin/node-gyp.js', {
    paths: [pkgDir, npmCli ? path.dirname(npmCli) : pkgDir, '/usr/lib/node_modules/npm'],
  });
  // Build against the headers that ship with this Node install, never downloaded ones.
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  const nodedir = process.env.npm_config_nodedir || (existsSync(path.join(prefix, 'include', 'node', 'node.h')) ? prefix : null);
  if (!nodedir) {
    console.error(
      `native: no Node headers under ${prefix}/include/node; install them (Debian: nodejs-dev / libnode-dev) or set npm_config_nodedir`,
    );
    process.exit(1);
  }
  const fd = openSync(log, 'w');
  const run = spawnSync(process.execPath, [gyp, 'rebuild', '--release', `--nodedir=${nodedir}`], {
    cwd: pkgDir,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  if (run.status !== 0) {
    // Only a failed build shows the compiler's output: that is when someone needs to read it.
    process.stderr.write(readFileSync(log, 'utf8'));
    console.error(
      `native: building better-sqlite3 failed (${run.error?.message ?? `exit ${run.status ?? run.signal}`}); the output above is also in ${log}`,
    );
    process.exit(1);
  }
  if (!loads()) {
    console.error('native: better-sqlite3 still does not load after building');
    process.exit(1);
  }
}
